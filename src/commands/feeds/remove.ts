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
    const feed = id !== null ? h.store.feeds.get(id) : h.store.feeds.findByUrl(target);
    if (!feed) return fail(`No feed ${target}.`, 'See "feeds list" for the ids and addresses of the feeds.');
    h.store.feeds.remove(feed.id);
    return ok(`Removed “${feed.title}” (#${feed.id}). Its items stay in past agendas.`, [], { data: feed });
  },
});
