import { ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['channels', 'list'],
  usage: 'channels list',
  summary: 'The channels that receive the agenda',
  role: 'member',
  run(h) {
    const channels = h.store.channels.list();
    if (!channels.length) {
      return ok('No agenda channels yet.', [], {
        hint: 'In the SMT channel, type "channels add here" (Slack: /horizon channels add here).',
        data: [],
      });
    }
    return ok(
      `${channels.length} agenda channel${channels.length === 1 ? '' : 's'}`,
      [
        {
          type: 'list',
          items: channels.map((c) => ({
            text: `${c.platform}: ${c.name ? `#${c.name}` : c.channelId}`,
            detail: c.lastError ? `problem: ${c.lastError}` : `added by ${c.addedBy}`,
          })),
        },
      ],
      { data: channels },
    );
  },
});
