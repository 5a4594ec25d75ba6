import { findFeedByUrl, getFeed, removeFeed } from '../../store/feeds.js';
import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['feeds', 'remove'],
  usage: 'feeds remove ID|URL',
  summary: 'Stop reading a feed (its items are kept)',
  role: 'editor',
  run(h, _ctx, args) {
    const [target] = args.positionals;
    if (!target)
      return fail('Which feed?', 'Usage: feeds remove ID|URL (see "feeds list" for ids).', { exitCode: 2 });
    const id = /^#?\d+$/.test(target) ? Number(target.replace('#', '')) : null;
    const feed = id !== null ? getFeed(h.db, id) : findFeedByUrl(h.db, target);
    if (!feed) return fail(`No feed ${target}.`, 'See "feeds list" for the ids and addresses of the feeds.');
    removeFeed(h.db, feed.id);
    return ok(`Removed “${feed.title}” (#${feed.id}). Its items stay in past agendas.`, [], { data: feed });
  },
});
