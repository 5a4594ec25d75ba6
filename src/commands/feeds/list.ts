import { ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { feedLine, feedsBrokenFirst } from './shared.js';

export default defineCommand({
  path: ['feeds', 'list'],
  usage: 'feeds list',
  summary: 'The feeds Horizon reads, broken ones first',
  role: 'member',
  run(h) {
    const feeds = feedsBrokenFirst(h.store.feeds.list());
    if (feeds.length === 0) {
      return ok('No feeds yet.', [], {
        hint: 'Add one with "feeds add URL", or import the shipped catalogue with `horizon feeds import feeds/catalogue.opml`.',
        data: [],
      });
    }
    const failing = feeds.filter((f) => f.health.status === 'failing').length;
    return ok(
      `${feeds.length} feed${feeds.length === 1 ? '' : 's'}${failing ? `, ${failing} failing` : ''}`,
      [{ type: 'list', items: feeds.map(feedLine) }],
      { data: feeds },
    );
  },
});
