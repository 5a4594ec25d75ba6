import { defineCommand } from '../types.js';
import { agendaOverride } from './override.js';

export default defineCommand({
  path: ['agenda', 'drop'],
  usage: 'agenda drop ITEM_ID [--month YYYY-MM]',
  summary: "Leave an item out of this month's agenda",
  role: 'editor',
  options: { month: { type: 'string' } },
  run: (h, ctx, args) => agendaOverride(h, ctx, 'drop', args.positionals[0], args.opt('month')),
});
