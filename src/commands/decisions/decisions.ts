import { monthLabel, previousMonth } from '../../time.js';
import { monthArg } from '../agenda/shared.js';
import { ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['decisions'],
  usage: 'decisions [--month YYYY-MM]',
  summary: 'Decisions recorded for a month (last month by default)',
  role: 'member',
  options: { month: { type: 'string' } },
  run(h, _ctx, args) {
    const month = monthArg(h, args.opt('month'));
    if (typeof month !== 'string') return month;
    const target = args.opt('month') ? month : previousMonth(month);
    const list = h.store.decisions.forMonth(target);
    return ok(
      `${list.length} decision${list.length === 1 ? '' : 's'} for ${monthLabel(target)}`,
      list.length
        ? [
            {
              type: 'list',
              items: list.map((d) => ({
                text: `${d.itemTitle}: ${d.decision}`,
                detail:
                  [d.owner && `owner ${d.owner}`, d.dueDate && `due ${d.dueDate}`]
                    .filter(Boolean)
                    .join(' · ') || undefined,
              })),
            },
          ]
        : [],
      { data: list },
    );
  },
});
