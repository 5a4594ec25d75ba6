import type { Reply, ReplyBlock, ReplyLine } from '../../../src/commands/types.js';
import { addFeedCard } from '../cards/add-feed.js';
import { type AdaptiveCard, type CardElement, attachment, card, textBlock } from '../cards/card.js';
import { agendaPreviewCard } from './agenda.js';
import { minutesCard } from './minutes.js';
import { cardLink, escapeCardText, plainText as plain } from './escape.js';
import { CARD_BUDGET_BYTES, MAX_TEXT_CHARS, fitCard, shorten } from './limits.js';

/** A message as the Bot Framework takes it: plain text, or an Adaptive Card with a text fallback. */
export interface TeamsMessage {
  type: 'message';
  text?: string;
  textFormat?: 'plain' | 'markdown';
  /** What a notification shows for a card. */
  summary?: string;
  attachments?: { contentType: string; content: AdaptiveCard }[];
}

export interface ReplyRenderOptions {
  timezone: string;
  budget?: number;
}

function needsCard(reply: Reply): boolean {
  return Boolean(reply.agenda || reply.minutes || reply.form || reply.blocks.some((b) => b.type !== 'text'));
}

function plainText(reply: Reply): string {
  const parts = [reply.title, ...reply.blocks.map((b) => (b.type === 'text' ? b.text : '')).filter(Boolean)];
  if (reply.hint) parts.push(reply.hint);
  return plain(parts.join('\n\n'));
}

function lineElement(l: ReplyLine, level: number): CardElement {
  const text = cardLink(shorten(l.text, MAX_TEXT_CHARS.title), l.url);
  const detail =
    l.detail && level === 0 ? `\n\n${escapeCardText(shorten(l.detail, MAX_TEXT_CHARS.line))}` : '';
  // A detail goes on its own paragraph inside the same block, so a list stays one element per line.
  return textBlock(`- ${text}${detail}`, { spacing: 'Small' });
}

function blockElements(block: ReplyBlock, level: number): CardElement[] {
  switch (block.type) {
    case 'text':
      return [textBlock(escapeCardText(shorten(block.text, MAX_TEXT_CHARS.input)))];
    case 'fields':
      return [
        {
          type: 'FactSet',
          facts: block.fields.map((f) => ({
            title: escapeCardText(f.label),
            value: escapeCardText(shorten(f.value, MAX_TEXT_CHARS.line)),
          })),
        },
      ];
    case 'list': {
      const max = level >= 2 ? 10 : level >= 1 ? 40 : 200;
      const out: CardElement[] = [];
      if (block.heading)
        out.push(textBlock(escapeCardText(block.heading), { weight: 'Bolder', spacing: 'Medium' }));
      out.push(...block.items.slice(0, max).map((l) => lineElement(l, level)));
      if (block.items.length > max)
        out.push(textBlock(`…and ${block.items.length - max} more`, { isSubtle: true }));
      return out;
    }
  }
}

function replyCard(reply: Reply, level: number): AdaptiveCard {
  const body: CardElement[] = [
    textBlock(escapeCardText(shorten(reply.title, MAX_TEXT_CHARS.title)), {
      weight: 'Bolder',
      ...(reply.ok ? {} : { color: 'Attention' }),
    }),
    ...reply.blocks.flatMap((b) => blockElements(b, level)),
  ];
  if (reply.hint)
    body.push(
      textBlock(escapeCardText(shorten(reply.hint, MAX_TEXT_CHARS.line)), { isSubtle: true, size: 'Small' }),
    );
  return card(body, [], shorten(reply.title, MAX_TEXT_CHARS.title));
}

/**
 * A command's reply as a Teams message. Lists, fields, forms and agendas become Adaptive Cards; a reply
 * that is only sentences stays plain text, which reads better in a chat and needs no escaping.
 */
export function renderReply(reply: Reply, opts: ReplyRenderOptions): TeamsMessage {
  if (!needsCard(reply)) return { type: 'message', text: plainText(reply), textFormat: 'plain' };
  const budget = opts.budget ?? CARD_BUDGET_BYTES;
  let content: AdaptiveCard;
  if (reply.form?.type === 'add-feed') {
    content = addFeedCard({
      error: reply.form.error,
      values: reply.form.values,
      intro: reply.ok ? undefined : [reply.title, reply.hint].filter(Boolean).join(' '),
    });
  } else if (reply.minutes) {
    content = minutesCard(reply.minutes, { timezone: opts.timezone, budget });
  } else if (reply.agenda) {
    content = agendaPreviewCard(reply.agenda, { timezone: opts.timezone, budget });
  } else {
    content = fitCard((level) => replyCard(reply, level), 3, budget).card;
  }
  return {
    type: 'message',
    summary: plain(reply.title, MAX_TEXT_CHARS.title),
    attachments: [attachment(content)],
  };
}
