import { minutesDueAt } from '../../minutes/month.js';
import { monthLabel } from '../../time.js';
import { ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { minutesBlocks, minutesMonth, minutesOrReason } from './shared.js';

export default defineCommand({
  path: ['minutes', 'preview'],
  usage: 'minutes preview [--month YYYY-MM]',
  summary: 'The month’s minutes as they would be posted now, and when they are due',
  role: 'admin',
  options: { month: { type: 'string' } },
  run(h, _ctx, args) {
    const month = minutesMonth(h, args.opt('month'));
    if (typeof month !== 'string') return month;
    const minutes = minutesOrReason(h, month);
    if ('ok' in minutes) return minutes;
    const posted = h.store.minutes.get(month)?.postedAt;
    const due = minutesDueAt(h, month);
    return ok(
      `Minutes for ${monthLabel(month)}: ${minutes.discussed.length} discussed, ${minutes.decisions.length} decisions and actions, ${minutes.undiscussed.length} not discussed`,
      minutesBlocks(minutes),
      {
        minutes,
        data: minutes,
        hint: posted
          ? `Posted ${posted}.`
          : `They go in the agenda header's thread ${due ? `at ${due.toISOString()}` : 'when the discussion closes'}; post them now with "minutes post${args.opt('month') ? ` --month ${month}` : ''}".`,
      },
    );
  },
});
