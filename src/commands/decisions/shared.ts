import type { Horizon } from '../../context.js';
import type { Decision, DecisionStatus } from '../../domain.js';
import { ownerText } from '../actions.js';
import { fail, ok, usageError } from '../reply.js';
import type { CommandContext, Reply, ReplyLine } from '../types.js';

const STATUS_WORD: Record<DecisionStatus, string> = { open: 'open', done: 'done', dropped: 'dropped' };

/** "Action #4 · open · owner Priya · due 2026-04-15 · March 2026" */
export function decisionDetail(d: Decision): string {
  return [
    `${d.kind === 'action' ? 'Action' : 'Decision'} #${d.id}`,
    STATUS_WORD[d.status],
    d.owner ? `owner ${ownerText(d)}` : null,
    d.dueDate ? `due ${d.dueDate}` : null,
    d.month,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function decisionLine(d: Decision): ReplyLine {
  return { text: `${d.itemTitle}: ${d.decision}`, detail: decisionDetail(d) };
}

/** Owners named by platform id, so chat adapters can show them as mentions. */
export function ownerIds(list: Decision[]): string[] {
  return [...new Set(list.flatMap((d) => (d.owner && !d.ownerName ? [d.owner] : [])))];
}

/** The decision a command names by id (`12` or `#12`), or the reply saying why not. */
export function decisionArg(h: Horizon, word: string | undefined, usage: string): Decision | Reply {
  const id = Number(word?.replace(/^#/, ''));
  if (!word || !Number.isInteger(id) || id <= 0) return usageError('Give the decision’s number.', usage);
  const d = h.store.decisions.get(id);
  return d ?? fail(`No decision #${id}.`, 'Run "decisions" to see their numbers.');
}

/** Marks a decision done, dropped or open again, and says what changed. */
export function changeStatus(
  h: Horizon,
  ctx: CommandContext,
  word: string | undefined,
  status: DecisionStatus,
  usage: string,
): Reply {
  const d = decisionArg(h, word, usage);
  if ('ok' in d) return d;
  if (d.status === status) return ok(`#${d.id} is already ${STATUS_WORD[status]}.`, [], { data: d });
  h.store.decisions.setStatus(d.id, status, ctx.userId, h.now().toISOString());
  const after = h.store.decisions.get(d.id)!;
  return ok(
    `#${d.id} is now ${STATUS_WORD[status]} (was ${STATUS_WORD[d.status]}): ${d.decision}`,
    [{ type: 'list', items: [decisionLine(after)] }],
    { data: after, visibility: 'channel' },
  );
}
