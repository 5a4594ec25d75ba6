import { defineCommand } from '../types.js';
import { agendaOverride } from './override.js';

export default defineCommand({
  path: ['agenda', 'add'],
  usage: 'agenda add ITEM_ID [--month YYYY-MM]',
  summary: "Put an item on this month's agenda",
  role: 'editor',
  options: { month: { type: 'string' } },
  run: (h, ctx, args) => agendaOverride(h, ctx, 'add', args.positionals[0], args.opt('month')),
});
