import { isMonth, monthLabel } from '../../time.js';
import { fail, ok, usageError } from '../reply.js';
import { defineCommand } from '../types.js';

const USAGE = 'replies delete --month YYYY-MM';

/**
 * `replies delete --month YYYY-MM`: forgets every reply recorded in that month's agenda threads (who
 * wrote, when and what), for an organisation that must erase them. The month is never assumed.
 */
export default defineCommand({
  path: ['replies', 'delete'],
  usage: USAGE,
  summary: "Delete every reply recorded in a month's agenda threads (the chat keeps its own copy)",
  role: 'admin',
  options: { month: { type: 'string' } },
  run(h, _ctx, args) {
    const month = args.opt('month');
    if (!month) return usageError('Which month? Name it, so nothing is deleted by mistake.', USAGE);
    if (!isMonth(month))
      return fail(`"${month}" is not a month.`, 'Use YYYY-MM, for example --month 2026-03.', { exitCode: 2 });
    const n = h.store.replies.deleteMonth(month);
    return ok(
      n === 0
        ? `No replies were recorded for ${monthLabel(month)}; nothing to delete.`
        : `Deleted ${n} recorded ${n === 1 ? 'reply' : 'replies'} from the ${monthLabel(month)} agenda threads.`,
      [],
      { data: { month, deleted: n } },
    );
  },
});
