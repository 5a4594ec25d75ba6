import { currentMonth } from '../../agenda/build.js';
import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['topics', 'list'],
  aliases: [['topics']],
  usage: 'topics',
  summary: 'Policies followed month by month',
  role: 'member',
  run(h, _ctx, args) {
    const [unknown] = args.positionals;
    if (unknown)
      return fail(`I can't "${unknown}" a topic.`, 'Use: topics list | rename | merge | pin | unpin');
    const month = currentMonth(h);
    const thisMonth = h.store.topics.forMonth(month, h.now().toISOString());
    const all = h.store.topics.list();
    if (all.length === 0)
      return ok('No topics yet.', [], {
        hint: 'Topics appear as items name programmes, acts, funds and strategies.',
        data: [],
      });
    return ok(
      `${thisMonth.length} topic${thisMonth.length === 1 ? '' : 's'} this month, ${all.length} in all`,
      [
        {
          type: 'list',
          heading: 'This month',
          items: thisMonth.slice(0, 30).map((t) => ({
            text: `${t.pinned ? '📌 ' : ''}${t.name} (${t.slug})`,
            detail: `${t.stage}${t.movedFrom && t.movedFrom !== t.stage ? `, was ${t.movedFrom}` : ''} · ${t.itemCount} item${t.itemCount === 1 ? '' : 's'}`,
          })),
        },
      ],
      {
        data: { month, thisMonth, all },
        hint: 'Editors: topics rename SLUG "New name" · topics merge FROM INTO · topics pin SLUG',
      },
    );
  },
});
