import { escapeMarkdown } from '../agenda/render/markdown.js';
import type { Decision, Minutes, MinutesItem } from '../domain.js';
import { monthLabel, shortDate } from '../time.js';
import { STATUS_LABEL, kindLabel } from './labels.js';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function titleOf(i: Pick<MinutesItem, 'title' | 'link'>): string {
  return i.link ? `[${escapeMarkdown(i.title)}](${i.link})` : escapeMarkdown(i.title);
}

/** "Action (open): Draft the response (owner: Priya Shah, due 20 Apr 2026)" */
export function decisionMarkdown(d: Decision): string {
  const who = [
    d.owner ? `owner: ${escapeMarkdown(d.ownerName ?? d.owner)}` : null,
    d.dueDate ? `due ${shortDate(d.dueDate)}` : null,
  ].filter(Boolean);
  return `${kindLabel(d)} (${STATUS_LABEL[d.status]}): ${escapeMarkdown(d.decision)}${who.length ? ` (${who.join(', ')})` : ''}`;
}

/**
 * The minutes as Markdown, to paste into board papers: names as written (no chat ids to resolve), every
 * piece of text from feeds and people escaped.
 */
export function renderMinutesMarkdown(m: Minutes): string {
  const out = [
    `# Horizon scan minutes: ${monthLabel(m.month)}`,
    '',
    `${plural(m.discussed.length, 'item')} discussed (${plural(m.totalReplies, 'reply', 'replies')} from ${plural(m.participants.length, 'person', 'people')}), ${plural(m.decisions.length, 'decision or action', 'decisions and actions')}, ${plural(m.undiscussed.length, 'item')} not discussed.`,
    '',
  ];
  if (m.discussed.length) {
    out.push('## Discussed', '');
    for (const i of m.discussed) {
      out.push(
        `- ${titleOf(i)} (#${i.itemId}): ${plural(i.replies, 'reply', 'replies')} from ${plural(i.participants.length, 'person', 'people')}`,
      );
      for (const d of i.decisions) out.push(`  - ${decisionMarkdown(d)}`);
    }
    out.push('');
  }
  if (m.decisions.length) {
    out.push('## Decisions and actions', '');
    for (const d of m.decisions)
      out.push(`- ${decisionMarkdown(d)}. On: ${escapeMarkdown(d.itemTitle)} (#${d.itemId})`);
    out.push('');
  }
  if (m.undiscussed.length) {
    out.push('## Not discussed', '');
    for (const i of m.undiscussed)
      out.push(`- ${titleOf(i)} (#${i.itemId}, ${escapeMarkdown(i.stageLabel)})`);
    out.push('');
  }
  return out.join('\n');
}
