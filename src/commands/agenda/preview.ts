import { agendaItems } from '../../domain.js';
import { monthLabel } from '../../time.js';
import { ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { agendaBlocks, agendaFor, monthArg } from './shared.js';

export default defineCommand({
  path: ['agenda', 'preview'],
  usage: 'agenda preview [--month YYYY-MM]',
  summary: "This month's draft agenda, as it would be posted",
  role: 'member',
  options: { month: { type: 'string' } },
  run(h, _ctx, args) {
    const month = monthArg(h, args.opt('month'));
    if (typeof month !== 'string') return month;
    const { agenda, frozen } = agendaFor(h, month);
    const n = agendaItems(agenda).length;
    return ok(
      `${frozen ? 'Agenda' : 'Draft agenda'} for ${monthLabel(month)}: ${n} item${n === 1 ? '' : 's'} from ${agenda.candidateCount} new this month`,
      agendaBlocks(agenda),
      {
        agenda,
        data: agenda,
        hint: frozen
          ? 'This agenda has been posted; changes now apply to next month.'
          : 'Editors can change it before it goes: "agenda drop ITEM_ID", "agenda add ITEM_ID", "tag ITEM_ID stage …".',
      },
    );
  },
});
