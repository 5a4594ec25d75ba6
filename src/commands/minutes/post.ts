import { postMinutes } from '../../minutes/post.js';
import { monthLabel } from '../../time.js';
import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { minutesMonth, minutesOrReason } from './shared.js';

const SAID = {
  posted: 'posted',
  already: 'already there',
  skipped: 'skipped',
  busy: 'another Horizon process is posting them',
  unknown: 'sent before but never confirmed',
  failed: 'failed',
} as const;

export default defineCommand({
  path: ['minutes', 'post'],
  usage: 'minutes post [--month YYYY-MM]',
  summary:
    'Post the month’s minutes in the agenda header’s thread now, before the discussion closes (never twice)',
  role: 'admin',
  options: { month: { type: 'string' } },
  slow: true,
  async run(h, _ctx, args) {
    const month = minutesMonth(h, args.opt('month'));
    if (typeof month !== 'string') return month;
    const check = minutesOrReason(h, month);
    if ('ok' in check) return check;
    const publishers = h.runtime?.publishers() ?? [];
    if (!publishers.length)
      return fail(
        'There is nowhere to post to.',
        `Set Slack or Teams credentials in .env; "minutes --month ${month}" prints them here.`,
      );
    const report = await postMinutes(h, publishers, month);
    const bad = report.channels.filter((c) => c.status === 'failed' || c.status === 'unknown');
    const list = {
      type: 'list' as const,
      items: report.channels.map((c) => ({
        text: `${c.platform} ${c.channelId}: ${SAID[c.status]}`,
        detail: c.detail,
      })),
    };
    if (!report.channels.length)
      return fail('No agenda channels are set.', 'Add one with "channels add here" in the SMT channel.');
    const title = `The ${monthLabel(month)} minutes: ${report.channels.filter((c) => c.status === 'posted').length} posted, ${report.channels.filter((c) => c.status === 'already').length} already there.`;
    return bad.length
      ? { ...fail(title, 'The admins have been told what to check.'), blocks: [list] }
      : ok(title, [list], { data: report });
  },
});
