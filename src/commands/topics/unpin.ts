import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['topics', 'unpin'],
  usage: 'topics unpin SLUG',
  summary: 'Stop showing a topic every month',
  role: 'editor',
  run(h, _ctx, args) {
    const [slug] = args.positionals;
    if (!slug) return fail('Which topic?', 'Usage: topics unpin SLUG');
    try {
      const t = h.store.topics.pin(slug, false);
      return ok(`Unpinned “${t.name}”.`);
    } catch (err) {
      return fail((err as Error).message, 'See "topics" for the slugs.');
    }
  },
});
