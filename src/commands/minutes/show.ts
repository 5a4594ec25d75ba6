import { renderMinutesMarkdown } from '../../minutes/markdown.js';
import { monthLabel } from '../../time.js';
import { ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { minutesMonth, minutesOrReason } from './shared.js';

export default defineCommand({
  path: ['minutes'],
  usage: 'minutes [--month YYYY-MM]',
  summary: 'A month’s minutes as Markdown, to paste into board papers',
  role: 'member',
  options: { month: { type: 'string' } },
  run(h, _ctx, args) {
    const month = minutesMonth(h, args.opt('month'));
    if (typeof month !== 'string') return month;
    const minutes = minutesOrReason(h, month);
    if ('ok' in minutes) return minutes;
    const markdown = renderMinutesMarkdown(minutes);
    return ok(`Minutes for ${monthLabel(month)}`, [{ type: 'text', text: markdown }], {
      data: { minutes, markdown },
    });
  },
});
