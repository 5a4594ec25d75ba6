import type { Decision, Minutes, MinutesItem } from '../../../src/domain.js';
import { STATUS_LABEL, kindLabel } from '../../../src/minutes/labels.js';
import type { Block, SlackMessage } from '../blocks.js';
import { dayLabel, monthLabel } from './dates.js';
import { escapeKeepingMentions, escapeMrkdwn, mentionUser, mrkdwnLink } from './escape.js';
import { LIMITS, lineSections, shorten, splitMessages, textSections } from './limits.js';

/** Most people named on one item's line; the rest are counted. */
const PEOPLE_PER_ITEM = 8;

function people(ids: string[]): string {
  const shown = ids.slice(0, PEOPLE_PER_ITEM).map(mentionUser).join(', ');
  return ids.length > PEOPLE_PER_ITEM ? `${shown} and ${ids.length - PEOPLE_PER_ITEM} more` : shown;
}

export function minutesDecisionLine(d: Decision): string {
  const who = [d.owner ? mentionUser(d.owner) : null, d.dueDate ? `due ${dayLabel(d.dueDate)}` : null].filter(
    Boolean,
  );
  return `• *${kindLabel(d)}* (${STATUS_LABEL[d.status]}): ${escapeKeepingMentions(d.decision)}${who.length ? ` — ${who.join(', ')}` : ''} _(${escapeMrkdwn(d.itemTitle)})_`;
}

function discussedLine(i: MinutesItem): string {
  const n = `${i.replies} ${i.replies === 1 ? 'reply' : 'replies'}`;
  return `• ${mrkdwnLink(i.title, i.link)} (#${i.itemId}) — ${n}${i.participants.length ? ` from ${people(i.participants)}` : ''}`;
}

/**
 * The month's minutes as Slack messages for the header's thread: what was discussed and by whom (as
 * mentions), the decisions and actions with owners and dates, and one line per item nobody discussed.
 * Every list is packed into sections within Block Kit's limits, and a long month continues in more messages.
 */
export function renderMinutes(m: Minutes): SlackMessage[] {
  const title = `Minutes: ${monthLabel(m.month)}`;
  const summary = `${m.discussed.length} ${m.discussed.length === 1 ? 'item' : 'items'} discussed (${m.totalReplies} ${m.totalReplies === 1 ? 'reply' : 'replies'} from ${m.participants.length} ${m.participants.length === 1 ? 'person' : 'people'}), ${m.decisions.length} ${m.decisions.length === 1 ? 'decision or action' : 'decisions and actions'}, ${m.undiscussed.length} not discussed.`;
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: shorten(title, LIMITS.headerText) } },
    ...textSections(summary),
  ];
  if (m.discussed.length)
    blocks.push(...lineSections([':speech_balloon: *Discussed*', ...m.discussed.map(discussedLine)]));
  if (m.decisions.length)
    blocks.push(
      ...lineSections([':clipboard: *Decisions and actions*', ...m.decisions.map(minutesDecisionLine)]),
    );
  if (m.undiscussed.length)
    blocks.push(
      ...lineSections([
        ':zipper_mouth_face: *Not discussed*',
        ...m.undiscussed.map(
          (i) => `• ${mrkdwnLink(i.title, i.link)} (#${i.itemId}) — ${escapeMrkdwn(i.stageLabel)}`,
        ),
      ]),
    );
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: 'Mark actions with `/horizon decisions done N`; they open next month’s agenda.',
      },
    ],
  });
  return splitMessages(`${title}. ${summary}`, blocks);
}
