import { monthLabel } from '../../time.js';
import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { monthArg } from './shared.js';

/**
 * `agenda resend CHANNEL [PART ...]`: parts that were sent but never confirmed are never sent again on
 * Horizon's own say-so. An admin looks in the channel; for the parts that are missing, this lets the next
 * "agenda post" send them.
 */
export default defineCommand({
  path: ['agenda', 'resend'],
  usage: 'agenda resend CHANNEL_ID [PART ...] [--month YYYY-MM]',
  summary:
    'After checking the channel: send again agenda parts that were sent but never confirmed (all, or those named, e.g. header item:12)',
  role: 'admin',
  options: { month: { type: 'string' } },
  run(h, _ctx, args) {
    const month = monthArg(h, args.opt('month'));
    if (typeof month !== 'string') return month;
    const [channelId, ...parts] = args.positionals;
    if (!channelId)
      return fail('Which channel?', 'Give the channel id from the message you were sent.', { exitCode: 2 });
    const channel = h.store.channels.list().find((c) => c.channelId === channelId);
    if (!channel)
      return fail(`No agenda channel ${channelId}.`, 'See "channels list" for the ids.', { exitCode: 2 });
    const record = h.store.agendas.get(month);
    if (!record?.agenda)
      return fail(`The ${monthLabel(month)} agenda has not been posted yet.`, 'There is nothing to resend.');
    const waiting = h.store.posts.unknown(record.id, channel.platform, channelId);
    const notWaiting = parts.filter((p) => !waiting.includes(p));
    if (notWaiting.length)
      return fail(
        `Not waiting to be resent in ${channelId}: ${notWaiting.join(', ')}.`,
        waiting.length ? `Parts waiting: ${waiting.join(', ')}.` : 'No part there is waiting to be resent.',
        { exitCode: 2 },
      );
    const n = h.store.posts.releaseUnknown(
      record.id,
      channel.platform,
      channelId,
      parts.length ? parts : 'all',
      h.now().toISOString(),
    );
    if (n === 0) return ok(`Nothing is waiting to be resent in ${channelId}.`);
    return ok(
      `${n} part${n === 1 ? '' : 's'} of the ${monthLabel(month)} agenda will be sent again in ${channelId}.`,
      [{ type: 'text', text: `Run "agenda post --month ${month}" to send ${n === 1 ? 'it' : 'them'} now.` }],
    );
  },
});
