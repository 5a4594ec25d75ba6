import { agendaEnrichers } from '../../agenda/enrich.js';
import { agendaItems } from '../../domain.js';
import { monthLabel } from '../../time.js';
import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { monthArg } from './shared.js';

export default defineCommand({
  path: ['agenda', 'post'],
  usage: 'agenda post [--month YYYY-MM] [--force]',
  summary: 'Post the agenda to every agenda channel now (never twice)',
  role: 'admin',
  options: { month: { type: 'string' }, force: { type: 'boolean' } },
  slow: true,
  async run(h, ctx, args) {
    const month = monthArg(h, args.opt('month'));
    if (typeof month !== 'string') return month;
    const publishers = h.runtime?.publishers() ?? [];
    if (!publishers.length)
      return fail(
        'There is nowhere to post to.',
        'Set Slack or Teams credentials in .env, or run `horizon agenda post` on the server to print it.',
      );
    // An empty agenda in the SMT channel says "nothing happened"; more often the feeds were not read, or
    // the month is wrong. Refuse unless asked twice (an agenda already under way carries on regardless).
    if (args.values.force !== true && h.store.agendas.get(month) === null) {
      const { buildAgenda } = await import('../../agenda/build.js');
      const draft = buildAgenda(h, month, agendaEnrichers(h));
      if (agendaItems(draft).length === 0)
        return fail(
          `The ${monthLabel(month)} agenda is empty: no items were found for that month, so nothing was posted.`,
          `Check the month and run "status" to see whether the feeds are being read; to post an empty agenda anyway, run "agenda post --month ${month} --force".`,
        );
    }
    const { postAgenda } = await import('../../agenda/post.js');
    const report = await postAgenda(h, publishers, {
      month,
      chart: h.runtime?.chart?.(month) ?? null,
      enrichers: agendaEnrichers(h),
      onProgress: ctx.progress,
    });
    const failed = report.channels.filter((c) => c.status === 'failed');
    if (!report.channels.length)
      return fail('No agenda channels are set.', 'Add one with "channels add here" in the SMT channel.');
    const title = failed.length
      ? `Posted the ${monthLabel(month)} agenda in ${report.channels.length - failed.length} of ${report.channels.length} channels.`
      : `Posted the ${monthLabel(month)} agenda (${report.items} items) in ${report.channels.length} channel${report.channels.length === 1 ? '' : 's'}.`;
    return {
      ...(failed.length
        ? fail(title, 'Fix the problems below, then run "agenda post" again: it carries on where it stopped.')
        : ok(title)),
      blocks: [
        {
          type: 'list',
          items: report.channels.map((c) => ({
            text: `${c.platform} ${c.channelId}: ${c.status === 'ok' ? `${c.posted} new message${c.posted === 1 ? '' : 's'}${c.alreadyPosted ? `, ${c.alreadyPosted} already there` : ''}` : 'failed'}`,
            detail: c.error,
          })),
        },
      ],
      data: report,
    };
  },
});
