import { stageGuide } from '../../../src/agenda/guides.js';
import { DEADLINE_HEADINGS, deadlineCounts, deadlinesOf } from '../../../src/agenda/render/markdown.js';
import type { AgendaPart } from '../../../src/chat/types.js';
import {
  ALL_STAGES,
  agendaItems,
  type Agenda,
  type AgendaItem,
  type Decision,
  type DecisionStatus,
  type DeadlineKind,
  type Stage,
  type StageGuide,
} from '../../../src/domain.js';
import { STATUS_LABEL } from '../../../src/minutes/labels.js';
import type { Block, PlainOption, SlackMessage } from '../blocks.js';
import { ACTION, encodeItemRef } from '../ids.js';
import { dayLabel, monthLabel } from './dates.js';
import { escapeKeepingMentions, escapeMrkdwn, mentionUser, mrkdwnLink } from './escape.js';
import { LIMITS, lineSections, shorten, splitMessages, textSections } from './limits.js';

const STAGE_ICON: Record<Stage, string> = {
  trigger: ':bulb:',
  peak: ':rocket:',
  trough: ':chart_with_downwards_trend:',
  slope: ':seedling:',
  plateau: ':classical_building:',
  unknown: ':grey_question:',
};

export function stageLabel(stage: Stage): string {
  return `${STAGE_ICON[stage]} ${stageGuide(stage).label}`;
}

export function stageOptions(): PlainOption[] {
  return ALL_STAGES.map((s) => ({
    text: { type: 'plain_text', text: shorten(stageGuide(s).label, LIMITS.optionText) },
    value: s,
  }));
}

function stageOption(stage: Stage): PlainOption {
  return stageOptions().find((o) => o.value === stage)!;
}

/** A stage's guide from the agenda's own taxonomy (HORIZON_TAXONOMY), else the shipped one. */
function guideIn(agenda: Agenda | undefined, stage: Stage): StageGuide {
  return agenda?.guides?.[stage] ?? stageGuide(stage);
}

function countsLine(agenda: Agenda): string {
  const parts = ALL_STAGES.filter((s) => (agenda.counts[s] ?? 0) > 0).map(
    (s) => `${STAGE_ICON[s]} ${escapeMrkdwn(guideIn(agenda, s).label)}: *${agenda.counts[s]}*`,
  );
  return parts.length ? parts.join('   ') : '_No items this month._';
}

function amountText(amount: { value: number; text: string } | null): string | null {
  return amount ? escapeMrkdwn(amount.text) : null;
}

function deadlineLines(agenda: Agenda, kind: DeadlineKind): string[] {
  return deadlinesOf(agenda, kind).map((d) => {
    const bits = [
      `closes ${dayLabel(d.deadline.date) ?? escapeMrkdwn(d.deadline.date)} (${d.daysLeft} ${d.daysLeft === 1 ? 'day' : 'days'} left)`,
      amountText(d.amount),
      escapeMrkdwn(d.source),
      `#${d.itemId}`,
    ].filter(Boolean);
    return `• ${mrkdwnLink(d.title, d.link)} — ${bits.join(' · ')}`;
  });
}

/** "Funding closing" and "Consultations and calls for evidence closing", each with its own list. */
function deadlineBlocks(agenda: Agenda): Block[] {
  return (Object.keys(DEADLINE_HEADINGS) as DeadlineKind[]).flatMap((kind) => {
    const lines = deadlineLines(agenda, kind);
    return lines.length ? lineSections([`:alarm_clock: *${DEADLINE_HEADINGS[kind]}*`, ...lines]) : [];
  });
}

const STATUS_ICON: Record<DecisionStatus, string> = {
  open: ':hourglass_flowing_sand:',
  done: ':white_check_mark:',
  dropped: ':heavy_minus_sign:',
};

/** One decision or action as a line: status, what, who and by when, and the item it came from. */
export function decisionLine(d: Decision): string {
  const status = d.status ?? 'open';
  const who = [d.owner ? mentionUser(d.owner) : null, d.dueDate ? `due ${dayLabel(d.dueDate)}` : null].filter(
    Boolean,
  );
  return `${STATUS_ICON[status]} *${STATUS_LABEL[status]}* ${escapeKeepingMentions(d.decision)}${who.length ? ` — ${who.join(', ')}` : ''} _(${escapeMrkdwn(d.itemTitle)})_`;
}

function undecidedLines(agenda: Agenda): string[] {
  return (agenda.lastMonthUndecided ?? []).map(
    (u) =>
      `• ${mrkdwnLink(u.title, u.link)} — ${u.replies} ${u.replies === 1 ? 'reply' : 'replies'}, no decision yet (#${u.itemId})`,
  );
}

/**
 * The header of a month's agenda: counts per stage, funding deadlines, last month's decisions and a link back.
 * Feed problems are left out on purpose: they go to admins, never to the SMT channel.
 */
export function renderHeader(agenda: Agenda, previousPermalink: string | null): SlackMessage[] {
  const total = agendaItems(agenda).length;
  const title = `Horizon scan: ${monthLabel(agenda.month)}`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: shorten(title, LIMITS.headerText) } },
    ...textSections(
      `*${total} ${total === 1 ? 'item' : 'items'}* to discuss, each in its own thread below.\n${countsLine(agenda)}`,
    ),
  ];
  // Last month first: what was decided and where it stands, then what was talked about but not settled.
  if (agenda.lastMonthDecisions.length) {
    blocks.push(
      ...lineSections([
        ':clipboard: *Last month’s decisions and actions*',
        ...agenda.lastMonthDecisions.map(decisionLine),
      ]),
    );
  }
  const undecided = undecidedLines(agenda);
  if (undecided.length)
    blocks.push(...lineSections([':speech_balloon: *Discussed last month, not yet decided*', ...undecided]));
  blocks.push(...deadlineBlocks(agenda));
  if (agenda.movements.length) {
    const lines = agenda.movements.map(
      (m) =>
        `• ${escapeMrkdwn(m.topic)}: ${m.from ? `${escapeMrkdwn(guideIn(agenda, m.from).label)} → ` : ''}${escapeMrkdwn(guideIn(agenda, m.to).label)}`,
    );
    blocks.push(...lineSections([':arrows_counterclockwise: *What has moved*', ...lines]));
  }
  const footer = previousPermalink
    ? `${mrkdwnLink("Last month's agenda", previousPermalink)} · Reply in each item's thread; use the buttons to record decisions.`
    : "Reply in each item's thread; use the buttons to record decisions.";
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: footer }] });
  const closing = deadlineCounts(agenda);
  const text = `${title}: ${total} ${total === 1 ? 'item' : 'items'} to discuss${closing ? `, ${closing}` : ''}.`;
  return splitMessages(text, blocks);
}

function itemMeta(item: AgendaItem): string {
  const bits = [
    `#${item.itemId}`,
    escapeMrkdwn(item.source),
    dayLabel(item.publishedAt),
    (item.themeNames ?? item.themes).map(escapeMrkdwn).join('; '),
  ];
  return bits.filter(Boolean).join(' · ');
}

/**
 * One agenda item: what it is, where it sits on the hype cycle and what to do about it, with its
 * buttons (Record decision, Change stage, Themes, Not relevant).
 */
export function renderItem(item: AgendaItem, month: string, agenda?: Agenda): SlackMessage[] {
  const guide = guideIn(agenda, item.stage);
  const ref = encodeItemRef({ itemId: item.itemId, month });
  const lines = [`*${mrkdwnLink(item.title, item.link)}*`, itemMeta(item)];
  if (item.dropped) lines.unshift(':no_entry_sign: _Taken off this month’s agenda by an editor._');
  else if (item.late) lines.unshift(':new: _Added to the agenda after it was posted._');
  if (item.deadline) {
    lines.push(
      `:alarm_clock: ${item.closed ? 'Closed' : 'Closes'} *${dayLabel(item.deadline.date) ?? escapeMrkdwn(item.deadline.date)}*${item.amount ? ` · ${amountText(item.amount)}` : ''}`,
    );
  } else if (item.amount) {
    lines.push(`:moneybag: ${amountText(item.amount)}`);
  }
  const blocks: Block[] = [
    ...textSections(lines.join('\n')),
    ...textSections(
      `${STAGE_ICON[item.stage]} *${escapeMrkdwn(guide.label)}* — ${escapeMrkdwn(guide.tactic)}`,
    ),
  ];
  if (item.why.length) {
    blocks.push(...textSections(`_Why it is here:_ ${item.why.map(escapeMrkdwn).join('; ')}`));
  }
  blocks.push({
    type: 'actions',
    block_id: `item_${item.itemId}`,
    elements: [
      {
        type: 'button',
        action_id: ACTION.recordDecision,
        text: { type: 'plain_text', text: 'Record decision' },
        style: 'primary',
        value: ref,
      },
      {
        type: 'static_select',
        action_id: ACTION.changeStage,
        placeholder: { type: 'plain_text', text: 'Change stage' },
        options: stageOptions().map((o) => ({ ...o, value: `${ref}:${o.value}` })),
        initial_option: { ...stageOption(item.stage), value: `${ref}:${item.stage}` },
      },
      {
        type: 'button',
        action_id: ACTION.changeThemes,
        text: { type: 'plain_text', text: 'Themes' },
        value: ref,
      },
      {
        type: 'button',
        action_id: ACTION.notRelevant,
        text: { type: 'plain_text', text: 'Not relevant' },
        value: ref,
        confirm: {
          title: { type: 'plain_text', text: 'Not relevant?' },
          text: { type: 'plain_text', text: 'Horizon will learn from this and rank similar items lower.' },
          confirm: { type: 'plain_text', text: 'Not relevant' },
          deny: { type: 'plain_text', text: 'Keep it' },
        },
      },
    ],
  });
  const text = `${item.title} (${guide.label})`;
  return splitMessages(text, blocks);
}

/** The first reply in an item's thread: the stage's tactic as a question for this organisation. */
export function renderPrompt(item: AgendaItem): SlackMessage[] {
  const blocks: Block[] = [
    ...textSections(`:speech_balloon: *For discussion:* ${escapeMrkdwn(item.prompt)}`),
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Discuss in this thread, then use *Record decision* on the item above.' },
      ],
    },
  ];
  return splitMessages(`For discussion: ${item.prompt}`, blocks);
}

/** One line in an item's thread saying what changed since it was posted. */
export function renderNote(text: string): SlackMessage[] {
  const line = shorten(text, 1000);
  return splitMessages(`Updated: ${line}`, textSections(`:pencil2: *Updated:* ${escapeMrkdwn(line)}`));
}

/** One agenda part as the messages to post: the first goes where the part goes, the rest continue in its thread. */
export function renderPart(part: AgendaPart, previousPermalink: string | null = null): SlackMessage[] {
  switch (part.kind) {
    case 'header':
      return renderHeader(part.agenda, previousPermalink);
    case 'item':
      return renderItem(part.item, part.agenda.month, part.agenda);
    case 'prompt':
      return renderPrompt(part.item);
    case 'chart':
      // A file, not a message: the publisher uploads it.
      return [];
    case 'note':
      return renderNote(part.text);
  }
}

/** A compact agenda for `/horizon agenda preview`: each stage with its items and their ids for `agenda drop`. */
export function renderAgendaPreview(agenda: Agenda): Block[] {
  const blocks: Block[] = [
    ...textSections(`*${escapeMrkdwn(monthLabel(agenda.month))}* — ${countsLine(agenda)}`),
  ];
  for (const section of agenda.sections) {
    if (section.items.length === 0) continue;
    const lines = [
      `${STAGE_ICON[section.stage]} *${escapeMrkdwn(section.guide.label)}* — _${escapeMrkdwn(section.guide.tactic)}_`,
    ];
    for (const item of section.items)
      lines.push(`• ${mrkdwnLink(item.title, item.link)} — ${escapeMrkdwn(item.source)} (#${item.itemId})`);
    blocks.push(...lineSections(lines));
  }
  blocks.push(...deadlineBlocks(agenda));
  return blocks;
}
