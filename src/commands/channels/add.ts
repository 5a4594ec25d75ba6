import { agendaSchedule, nextAgendaAt } from '../../schedule/settings.js';
import { ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { when } from '../schedule/shared.js';
import { targetChannel } from './shared.js';

export default defineCommand({
  path: ['channels', 'add'],
  usage: 'channels add [here|CHANNEL_ID]',
  summary: 'Send the monthly agenda to this (or that) channel',
  role: 'admin',
  run(h, ctx, args) {
    const target = targetChannel(ctx, args.positionals[0], 'add');
    if ('ok' in target) return target;
    const c = h.store.channels.add(
      {
        platform: target.platform,
        channelId: target.id,
        name: target.name ?? null,
        reference: target.here ? ctx.channelReference : undefined,
        addedBy: ctx.userId,
      },
      h.now().toISOString(),
    );
    return ok(
      `The monthly agenda will be posted in ${c.name ? `#${c.name}` : c.channelId}.`,
      [{ type: 'text', text: `Next agenda: ${when(nextAgendaAt(h), agendaSchedule(h).timezone)}.` }],
      { data: c },
    );
  },
});
