import { DECISION_KINDS, DECISION_STATUSES, type DecisionKind, type DecisionStatus } from '../../domain.js';
import { isMonth, monthLabel } from '../../time.js';
import { readUser } from '../references.js';
import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { decisionLine, ownerIds } from './shared.js';

const USAGE =
  'decisions [--status open|done|dropped|all] [--kind decision|action] [--owner PERSON] [--month YYYY-MM]';

export default defineCommand({
  path: ['decisions'],
  aliases: [['decisions', 'list']],
  usage: USAGE,
  summary: 'Decisions and actions, open ones first (mark them with "decisions done|drop|due")',
  role: 'member',
  options: {
    month: { type: 'string' },
    status: { type: 'string' },
    kind: { type: 'string' },
    owner: { type: 'string' },
  },
  run(h, ctx, args) {
    const month = args.opt('month');
    if (month && !isMonth(month))
      return fail(`"${month}" is not a month.`, 'Use YYYY-MM, for example --month 2026-03.', { exitCode: 2 });
    const status = args.opt('status')?.toLowerCase();
    if (status && status !== 'all' && !DECISION_STATUSES.includes(status as DecisionStatus))
      return fail(`"${status}" is not a status.`, 'Use open, done, dropped or all.', { exitCode: 2 });
    const kind = args.opt('kind')?.toLowerCase();
    if (kind && !DECISION_KINDS.includes(kind as DecisionKind))
      return fail(`"${kind}" is not a kind.`, 'Use decision or action.', { exitCode: 2 });
    let owner = args.opt('owner')?.trim();
    if (owner) {
      const person = readUser(ctx, owner);
      if (person.ok) owner = person.value;
    }
    const list = h.store.decisions.list({
      month,
      status: status && status !== 'all' ? (status as DecisionStatus) : undefined,
      kind: kind as DecisionKind | undefined,
      owner,
    });
    const open = list.filter((d) => d.status === 'open');
    const closed = list.filter((d) => d.status !== 'open');
    const where = month ? ` for ${monthLabel(month)}` : '';
    return ok(
      `${list.length} ${list.length === 1 ? 'decision or action' : 'decisions and actions'}${where}: ${open.length} open`,
      [
        ...(open.length ? [{ type: 'list' as const, heading: 'Open', items: open.map(decisionLine) }] : []),
        ...(closed.length
          ? [{ type: 'list' as const, heading: 'Done or dropped', items: closed.map(decisionLine) }]
          : []),
      ],
      {
        data: list,
        mentions: ownerIds(list),
        hint: list.length
          ? 'Mark one with "decisions done ID", "decisions drop ID", or move it with "decisions due ID YYYY-MM-DD".'
          : 'Record one with the Record decision button on an agenda item, or "decide ITEM_ID "what we decided"".',
      },
    );
  },
});
