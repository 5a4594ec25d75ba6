// A "Decision:" or "Action:" line in an item's thread becomes a decision for that item, through the same
// path as the item's button (so the same role is needed and the same checks apply).
import { recordDecision } from '../commands/actions.js';
import type { CommandContext, Reply } from '../commands/types.js';
import type { Horizon } from '../context.js';
import type { ItemThread } from '../store/replies.js';
import type { HeardOutcome } from './hear.js';
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
 * the message mentions (platform ids and names where known, in order; the bot itself left out): the
 * first is the owner.
 */
export function decideFromThread(
  h: Horizon,
  ctx: CommandContext,
  thread: ItemThread,
  text: string,
  mentions: { id: string; name?: string }[],
): ThreadDecision {
  const line = readDecisionLine(text, {
    mentions: mentions.map((m) => m.id),
    today: dateIn(h.now(), h.config.timezone),
  });
  if (line.kind === 'none') return { kind: 'none' };
  if (line.kind === 'malformed') return { kind: 'hint', text: line.hint };
  const reply = recordDecision(h, ctx, {
    itemId: thread.itemId,
    month: thread.month,
    kind: line.kind,
    decision: line.text,
    owner: line.owner,
    ownerName: mentions.find((m) => m.id === line.owner)?.name ?? null,
    dueDate: line.dueDate,
  });
  if (!reply.ok) return { kind: 'hint', text: [reply.title, reply.hint].filter(Boolean).join(' ') };
  return { kind: 'recorded', reply };
}

/**
 * Reads an edited reply for a decision line, so a line fixed after a hint ("Decison:" to "Decision:")
 * or a reply rewritten as a decision is recorded. A message whose earlier text was already recorded as
 * this person's decision for the item is not recorded again: editing a recorded decision changes only
 * the reply. When the earlier text is no longer kept (past the retention period), nothing is recorded.
 */
export function decideFromEdit(
  h: Horizon,
  ctx: CommandContext,
  thread: ItemThread,
  before: string | null,
  text: string,
  mentions: { id: string; name?: string }[],
): ThreadDecision {
  if (before === null) return { kind: 'none' };
  // Only the text it would have recorded matters here, not its owner: any mention stands in for one.
  const earlier = readDecisionLine(before, {
    mentions: ['owner'],
    today: dateIn(h.now(), h.config.timezone),
  });
  if (earlier.kind === 'decision' || earlier.kind === 'action') {
    const recorded = h.store.decisions
      .forMonth(thread.month)
      .some((d) => d.itemId === thread.itemId && d.recordedBy === ctx.userId && d.decision === earlier.text);
    if (recorded) return { kind: 'none' };
  }
  return decideFromThread(h, ctx, thread, text, mentions);
}

/**
 * What a heard message says as a decision line, once: read when the message is first recorded, or when
 * an edit first makes it one (decideFromEdit); nothing for a message already heard or not in an item's
 * thread. Adapters call this for every outcome of hearReply and hearEdit.
 */
export function decideFromHeard(
  h: Horizon,
  ctx: CommandContext,
  outcome: HeardOutcome,
  text: string,
  mentions: { id: string; name?: string }[],
): ThreadDecision {
  if (outcome.status === 'recorded') return decideFromThread(h, ctx, outcome.thread, text, mentions);
  if (outcome.status === 'edited')
    return decideFromEdit(h, ctx, outcome.thread, outcome.before, text, mentions);
  return { kind: 'none' };
}

/** True when a heard outcome may hold a decision line to read (see decideFromHeard). */
export function mayDecide(outcome: HeardOutcome): boolean {
  return outcome.status === 'recorded' || outcome.status === 'edited';
}
