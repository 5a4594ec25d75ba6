import type { AgendaPart, PostedRef } from '../../../src/chat/types.js';
import { DEADLINE_HEADINGS, deadlinesOf } from '../../../src/agenda/render/markdown.js';
import type { Agenda, AgendaItem, DeadlineKind, Stage } from '../../../src/domain.js';
import { agendaItems } from '../../../src/domain.js';
import { type AdaptiveCard, type CardElement, card, textBlock } from '../cards/card.js';
import {
  changeStageAction,
  changeThemesAction,
  notRelevantAction,
  recordDecisionAction,
  type ThemeChoice,
} from '../cards/decision.js';
import { STATUS_LABEL } from '../../../src/minutes/labels.js';
import { cardLink, escapeCardText } from './escape.js';
import { Mentions } from './mention.js';
import { formatDate, formatMonth, plural } from './format.js';
import { CARD_BUDGET_BYTES, MAX_TEXT_CHARS, fitCard, shorten } from './limits.js';

export interface AgendaRenderOptions {
  timezone: string;
  /** The Teams channel id, for a link back to last month's header. */
  channelId?: string;
  budget?: number;
  /** The taxonomy's themes, for the "Themes" chooser on each item (left off when absent). */
  themes?: readonly ThemeChoice[];
}

type HeaderPart = Extract<AgendaPart, { kind: 'header' }>;

function stageLabel(agenda: Agenda, stage: Stage): string {
  return (
    agenda.guides?.[stage]?.label ?? agenda.sections.find((s) => s.stage === stage)?.guide.label ?? stage
  );
}

function line(text: string, extra: Record<string, unknown> = {}): CardElement {
  return textBlock(text, { spacing: 'Small', ...extra });
}

function heading(text: string): CardElement {
  return textBlock(text, { weight: 'Bolder', spacing: 'Medium' });
}

/** Lines capped at `max`, with "…and N more" so nothing disappears silently. */
function capped<T>(rows: T[], max: number, render: (row: T) => CardElement): CardElement[] {
  const shown = rows.slice(0, max).map(render);
  if (rows.length > max) shown.push(line(`…and ${rows.length - max} more`, { isSubtle: true }));
  return shown;
}

/** A deep link to a Teams channel message. */
function messageLink(channelId: string, ref: PostedRef): string {
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channelId)}/${encodeURIComponent(ref.messageRef)}`;
}

function headerBody(
  part: HeaderPart,
  opts: AgendaRenderOptions,
  level: number,
  mentions: Mentions,
): CardElement[] {
  const { agenda } = part;
  const items = agendaItems(agenda);
  const listMax = level >= 3 ? 1 : level >= 2 ? 5 : 20;
  const body: CardElement[] = [
    textBlock(`Horizon scan: ${formatMonth(agenda.month)}`, { size: 'Large', weight: 'Bolder' }),
    line(
      items.length === 0
        ? 'Nothing new made the agenda this month.'
        : `${plural(items.length, 'item')} to discuss, chosen from ${plural(agenda.candidateCount, 'new item')}. Each has its own post below: reply there.`,
      { isSubtle: true },
    ),
  ];
  const counts = agenda.sections
    .filter((s) => s.items.length > 0)
    .map((s) => ({ title: escapeCardText(s.guide.label), value: String(s.items.length) }));
  if (counts.length > 0) body.push({ type: 'FactSet', facts: counts });

  if (part.chart && level === 0) {
    const uri = `data:image/png;base64,${Buffer.from(part.chart.png).toString('base64')}`;
    body.push({
      type: 'Image',
      url: uri,
      altText: shorten(part.chart.alt, MAX_TEXT_CHARS.line),
      size: 'Stretch',
    });
  }

  for (const kind of Object.keys(DEADLINE_HEADINGS) as DeadlineKind[]) {
    const list = deadlinesOf(agenda, kind);
    if (list.length === 0) continue;
    body.push(heading(DEADLINE_HEADINGS[kind]));
    body.push(
      ...capped(list, listMax, (d) =>
        line(
          `**${escapeCardText(formatDate(d.deadline.date, opts.timezone) ?? d.deadline.date)}** (${plural(d.daysLeft, 'day')} left): ` +
            `${cardLink(shorten(d.title, MAX_TEXT_CHARS.title), d.link)} (#${d.itemId}), ${escapeCardText(d.source)}`,
        ),
      ),
    );
  }
  if (agenda.lastMonthDecisions.length > 0) {
    body.push(heading("Last month's decisions and actions"));
    body.push(
      ...capped(agenda.lastMonthDecisions, listMax, (d) => {
        const who = [
          d.owner ? `owner ${mentions.of(d.owner, d.ownerName ?? null)}` : null,
          d.dueDate ? `due ${escapeCardText(formatDate(d.dueDate, opts.timezone) ?? d.dueDate)}` : null,
        ].filter(Boolean);
        return line(
          `**${STATUS_LABEL[d.status ?? 'open']}**: ${escapeCardText(shorten(d.decision, MAX_TEXT_CHARS.line))}${who.length ? ` (${who.join(', ')})` : ''} · ${escapeCardText(shorten(d.itemTitle, MAX_TEXT_CHARS.title))}`,
        );
      }),
    );
  }
  const undecided = agenda.lastMonthUndecided ?? [];
  if (undecided.length > 0) {
    body.push(heading('Discussed last month, not yet decided'));
    body.push(
      ...capped(undecided, listMax, (u) =>
        line(
          `${cardLink(shorten(u.title, MAX_TEXT_CHARS.title), u.link)} (#${u.itemId}): ${plural(u.replies, 'reply', 'replies')}`,
        ),
      ),
    );
  }
  if (agenda.movements.length > 0) {
    body.push(heading('What has moved'));
    body.push(
      ...capped(agenda.movements, listMax, (m) =>
        line(
          `${escapeCardText(m.topic)}: ${m.from ? `${escapeCardText(stageLabel(agenda, m.from))} → ` : 'new, '}${escapeCardText(stageLabel(agenda, m.to))}`,
        ),
      ),
    );
  }
  if (agenda.feedsNeedingAttention.length > 0) {
    body.push(heading('Feeds that need attention'));
    body.push(
      ...capped(agenda.feedsNeedingAttention, listMax, (f) =>
        line(`${escapeCardText(f.title)}: ${escapeCardText(shorten(f.reason, MAX_TEXT_CHARS.line))}`, {
          isSubtle: true,
        }),
      ),
    );
  }
  if (part.previous && opts.channelId) {
    body.push(
      line(cardLink("Last month's agenda", messageLink(opts.channelId, part.previous)), { isSubtle: true }),
    );
  }
  return body;
}

/** The header post: counts per stage, the chart when it fits, deadlines, decisions, movements. */
export function headerCard(part: HeaderPart, opts: AgendaRenderOptions): AdaptiveCard {
  return fitCard(
    (level) => {
      const mentions = new Mentions();
      const c = card(
        headerBody(part, opts, level, mentions),
        [],
        `Horizon scan: ${formatMonth(part.agenda.month)}`,
      );
      if (mentions.entities.length) c.msteams = { ...c.msteams, entities: mentions.entities };
      return c;
    },
    4,
    opts.budget ?? CARD_BUDGET_BYTES,
  ).card;
}

function itemBody(
  agenda: Agenda,
  item: AgendaItem,
  index: number,
  opts: AgendaRenderOptions,
  level: number,
): CardElement[] {
  // The agenda's guide for the item's stage: an item whose stage is corrected after posting keeps its place.
  const guide =
    agenda.guides?.[item.stage] ?? agenda.sections.find((s) => s.stage === item.stage)?.guide ?? null;
  const date = formatDate(item.publishedAt, opts.timezone);
  const facts: { title: string; value: string }[] = [
    { title: 'Stage', value: escapeCardText(guide?.label ?? item.stage) },
  ];
  if (guide?.tactic) facts.push({ title: 'Tactic', value: escapeCardText(guide.tactic) });
  if (item.themes.length > 0)
    facts.push({ title: 'Themes', value: escapeCardText((item.themeNames ?? item.themes).join('; ')) });
  if (item.deadline) {
    facts.push({
      title: item.closed
        ? 'Closed'
        : item.deadline.kind === 'consultation'
          ? 'Consultation closes'
          : 'Deadline',
      value: escapeCardText(formatDate(item.deadline.date, opts.timezone) ?? item.deadline.date),
    });
  }
  if (item.amount) facts.push({ title: 'Amount', value: escapeCardText(item.amount.text) });
  const titleMax = level >= 1 ? 120 : MAX_TEXT_CHARS.title;
  const body: CardElement[] = [
    textBlock(`${index + 1}. ${cardLink(shorten(item.title, titleMax), item.link)}`, {
      size: 'Medium',
      weight: 'Bolder',
    }),
    line(escapeCardText([`#${item.itemId}`, item.source, date].filter(Boolean).join(' · ')), {
      isSubtle: true,
      spacing: 'None',
    }),
    { type: 'FactSet', facts },
  ];
  if (item.dropped || item.late)
    body.unshift(
      line(
        item.dropped
          ? 'Taken off this month’s agenda by an editor.'
          : 'Added to the agenda after it was posted.',
        { weight: 'Bolder', color: item.dropped ? 'Attention' : 'Accent', spacing: 'None' },
      ),
    );
  const why = item.why.slice(0, level >= 1 ? 1 : 3);
  if (why.length > 0) {
    body.push(
      line(escapeCardText(shorten(`Why: ${why.join('; ')}`, level >= 1 ? 200 : MAX_TEXT_CHARS.line)), {
        isSubtle: true,
        size: 'Small',
      }),
    );
  }
  return body;
}

/** One agenda item as its own post, with the buttons that record what the SMT made of it. */
export function itemCard(
  agenda: Agenda,
  item: AgendaItem,
  index: number,
  opts: AgendaRenderOptions,
): AdaptiveCard {
  return fitCard(
    (level) =>
      card(
        itemBody(agenda, item, index, opts, level),
        [
          recordDecisionAction(item.itemId, agenda.month),
          changeStageAction(item.itemId, item.stage),
          ...(opts.themes?.length ? [changeThemesAction(item.itemId, item.themes, opts.themes)] : []),
          notRelevantAction(item.itemId),
        ],
        shorten(item.title, MAX_TEXT_CHARS.title),
      ),
    2,
    opts.budget ?? CARD_BUDGET_BYTES,
  ).card;
}

/** The first reply under an item: the stage's tactic as a question for this organisation. Plain text. */
export function promptText(item: AgendaItem): string {
  return `To discuss: ${item.prompt}`;
}

/** One line under an item saying what changed since it was posted. Plain text, capped. */
export function noteText(text: string): string {
  return shorten(`Updated: ${text}`, MAX_TEXT_CHARS.line);
}

/** A draft agenda as one card, for "agenda preview": the header, then one line per item. */
export function agendaPreviewCard(agenda: Agenda, opts: AgendaRenderOptions): AdaptiveCard {
  const header: HeaderPart = { kind: 'header', key: 'header', agenda, chart: null, previous: null };
  return fitCard(
    (level) => {
      const mentions = new Mentions();
      const body = headerBody(header, opts, level + 1, mentions);
      body[0] = textBlock(`Draft agenda: ${formatMonth(agenda.month)}`, { size: 'Large', weight: 'Bolder' });
      const max = level >= 2 ? 5 : 50;
      for (const section of agenda.sections.filter((s) => s.items.length > 0)) {
        body.push(heading(escapeCardText(section.guide.label)));
        body.push(
          ...capped(section.items, max, (it) =>
            line(
              `${cardLink(shorten(it.title, level >= 1 ? 100 : MAX_TEXT_CHARS.title), it.link)} (#${it.itemId}, ${escapeCardText(it.source)})`,
            ),
          ),
        );
      }
      const c = card(body, [], `Draft agenda: ${formatMonth(agenda.month)}`);
      if (mentions.entities.length) c.msteams = { ...c.msteams, entities: mentions.entities };
      return c;
    },
    3,
    opts.budget ?? CARD_BUDGET_BYTES,
  ).card;
}
