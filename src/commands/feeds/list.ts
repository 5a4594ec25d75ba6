import { ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { feedLine, feedsBrokenFirst, isWaiting } from './shared.js';

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
    const now = h.now();
    const failing = feeds.filter((f) => f.health.status === 'failing').length;
    // Skipped because the site asked: not broken, so not counted with the failing ones.
    const waiting = feeds.filter((f) => f.health.status !== 'failing' && isWaiting(f, now)).length;
    return ok(
      `${feeds.length} feed${feeds.length === 1 ? '' : 's'}${failing ? `, ${failing} failing` : ''}${waiting ? `, ${waiting} skipped at the site's request` : ''}`,
      [{ type: 'list', items: feeds.map((f) => feedLine(f, now)) }],
      { data: feeds },
    );
  },
});
