import { ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['feeds', 'export'],
  usage: 'feeds export',
  summary: 'The feed list as OPML, for other feed readers',
  role: 'member',
  async run(h) {
    // OPML is written with the feed parser's helpers, which a quick command need not load.
    const { toOpml } = await import('../../feeds/opml.js');
    const opml = toOpml(h.store.feeds.list(), 'Horizon feeds');
    return ok('Feeds as OPML', [{ type: 'text', text: opml }], { data: opml });
  },
});
