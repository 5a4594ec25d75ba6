// A "Decision:" or "Action:" line in an item's thread becomes a decision for that item, through the same
// path as the item's button (so the same role is needed and the same checks apply).
import { recordDecision } from '../commands/actions.js';
import type { CommandContext, Reply } from '../commands/types.js';
import type { Horizon } from '../context.js';
import type { ItemThread } from '../store/replies.js';
import { dateIn } from '../time.js';
import { readDecisionLine } from './decision-line.js';

export type ThreadDecision =
  /** An ordinary reply. */
  | { kind: 'none' }
  | { kind: 'recorded'; reply: Reply }
  /** A decision line that could not be recorded: tell the writer, briefly and only them. */
  | { kind: 'hint'; text: string };

/**
 * Reads a reply heard in an item's thread for a decision line and records it. `mentions` are the people
 * the message mentions (platform ids, in order; the bot itself left out): the first is the owner.
 */
export function decideFromThread(
  h: Horizon,
  ctx: CommandContext,
  thread: ItemThread,
  text: string,
  mentions: string[],
): ThreadDecision {
  const line = readDecisionLine(text, { mentions, today: dateIn(h.now(), h.config.timezone) });
  if (line.kind === 'none') return { kind: 'none' };
  if (line.kind === 'malformed') return { kind: 'hint', text: line.hint };
  const reply = recordDecision(h, ctx, {
    itemId: thread.itemId,
    month: thread.month,
    decision: line.kind === 'action' ? `Action: ${line.text}` : line.text,
    owner: line.owner,
    dueDate: line.dueDate,
  });
  if (!reply.ok) return { kind: 'hint', text: [reply.title, reply.hint].filter(Boolean).join(' ') };
  return { kind: 'recorded', reply };
}
