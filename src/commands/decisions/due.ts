import { isCalendarDate } from '../../time.js';
import { fail, ok, usageError } from '../reply.js';
import { defineCommand } from '../types.js';
import { decisionArg, decisionLine } from './shared.js';

const USAGE = 'decisions due ID YYYY-MM-DD|none';

export default defineCommand({
  path: ['decisions', 'due'],
  usage: USAGE,
  summary: 'Change when a decision or action is due (its owner is reminded again before the new date)',
  role: 'editor',
  run(h, _ctx, args) {
    const d = decisionArg(h, args.positionals[0], USAGE);
    if ('ok' in d) return d;
    const date = args.positionals[1]?.trim();
    if (!date) return usageError('Give the new due date.', USAGE);
    const due = date.toLowerCase() === 'none' ? null : date;
    if (due && !isCalendarDate(due))
      return fail(`"${due}" is not a date.`, 'Use YYYY-MM-DD, a real day, for example 2026-03-31.', {
        exitCode: 2,
      });
    h.store.decisions.setDue(d.id, due);
    const after = h.store.decisions.get(d.id)!;
    return ok(
      due
        ? `#${d.id} is now due ${due}${d.dueDate ? ` (was ${d.dueDate})` : ''}.`
        : `#${d.id} no longer has a due date.`,
      [{ type: 'list', items: [decisionLine(after)] }],
      { data: after, visibility: 'channel' },
    );
  },
});
