import type { Decision, Minutes } from '../../../src/domain.js';
import { STATUS_LABEL, kindLabel } from '../../../src/minutes/labels.js';
import { type AdaptiveCard, type CardElement, card, textBlock } from '../cards/card.js';
import { cardLink, escapeCardText } from './escape.js';
import { formatDate, formatMonth, plural } from './format.js';
import { CARD_BUDGET_BYTES, MAX_TEXT_CHARS, fitCard, shorten } from './limits.js';
import { Mentions } from './mention.js';

export interface MinutesRenderOptions {
  timezone: string;
  budget?: number;
}

function line(text: string, extra: Record<string, unknown> = {}): CardElement {
  return textBlock(text, { spacing: 'Small', ...extra });
}

function heading(text: string): CardElement {
  return textBlock(text, { weight: 'Bolder', spacing: 'Medium' });
}

function capped<T>(rows: T[], max: number, render: (row: T) => CardElement): CardElement[] {
  const shown = rows.slice(0, max).map(render);
  if (rows.length > max) shown.push(line(`…and ${rows.length - max} more`, { isSubtle: true }));
  return shown;
}

function decisionText(d: Decision, mentions: Mentions, opts: MinutesRenderOptions): string {
  const who = [
    d.owner ? mentions.of(d.owner, d.ownerName) : null,
    d.dueDate ? `due ${escapeCardText(formatDate(d.dueDate, opts.timezone) ?? d.dueDate)}` : null,
  ].filter(Boolean);
  return `**${kindLabel(d)}** (${STATUS_LABEL[d.status]}): ${escapeCardText(shorten(d.decision, MAX_TEXT_CHARS.line))}${who.length ? ` (${who.join(', ')})` : ''} · ${escapeCardText(shorten(d.itemTitle, MAX_TEXT_CHARS.title))}`;
}

/**
 * The month's minutes as one card for the header's thread. Teams gives a bot people's ids, not their
 * names, for thread replies, so who took part is counted; owners, whose names were recorded with their
 * decisions, are mentioned. Lists shrink level by level until the card fits Teams' size limit.
 */
export function minutesCard(m: Minutes, opts: MinutesRenderOptions): AdaptiveCard {
  return fitCard(
    (level) => {
      const max = level >= 2 ? 5 : level >= 1 ? 15 : 60;
      const mentions = new Mentions();
      const body: CardElement[] = [
        textBlock(`Minutes: ${formatMonth(m.month)}`, { size: 'Large', weight: 'Bolder' }),
        line(
          `${plural(m.discussed.length, 'item')} discussed (${plural(m.totalReplies, 'reply', 'replies')} from ${plural(m.participants.length, 'person', 'people')}), ${plural(m.decisions.length, 'decision or action', 'decisions and actions')}, ${plural(m.undiscussed.length, 'item')} not discussed.`,
          { isSubtle: true },
        ),
      ];
      if (m.discussed.length) {
        body.push(heading('Discussed'));
        body.push(
          ...capped(m.discussed, max, (i) =>
            line(
              `${cardLink(shorten(i.title, MAX_TEXT_CHARS.title), i.link)} (#${i.itemId}): ${plural(i.replies, 'reply', 'replies')} from ${plural(i.participants.length, 'person', 'people')}`,
            ),
          ),
        );
      }
      if (m.decisions.length) {
        body.push(heading('Decisions and actions'));
        body.push(...capped(m.decisions, max, (d) => line(decisionText(d, mentions, opts))));
      }
      if (m.undiscussed.length) {
        body.push(heading('Not discussed'));
        body.push(
          ...capped(m.undiscussed, max, (i) =>
            line(
              `${cardLink(shorten(i.title, MAX_TEXT_CHARS.title), i.link)} (#${i.itemId}), ${escapeCardText(i.stageLabel)}`,
            ),
          ),
        );
      }
      body.push(
        line('Mark actions done with "@Horizon decisions done N"; they open next month\'s agenda.', {
          isSubtle: true,
          size: 'Small',
        }),
      );
      const c = card(body, [], `Minutes: ${formatMonth(m.month)}`);
      if (mentions.entities.length) c.msteams = { ...c.msteams, entities: mentions.entities };
      return c;
    },
    3,
    opts.budget ?? CARD_BUDGET_BYTES,
  ).card;
}
