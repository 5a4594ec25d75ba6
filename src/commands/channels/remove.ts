import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { targetChannel } from './shared.js';

export default defineCommand({
  path: ['channels', 'remove'],
  usage: 'channels remove [here|CHANNEL_ID]',
  summary: 'Stop sending the agenda to a channel',
  role: 'admin',
  run(h, ctx, args) {
    const target = targetChannel(ctx, args.positionals[0], 'remove');
    if ('ok' in target) return target;
    return h.store.channels.remove(target.platform, target.id)
      ? ok(`No more agendas in ${target.name ? `#${target.name}` : target.id}.`)
      : fail(`${target.id} is not an agenda channel.`, 'See "channels list".');
  },
});
