import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['topics', 'pin'],
  usage: 'topics pin SLUG',
  summary: 'Show a topic every month, whether or not it moved',
  role: 'editor',
  run(h, _ctx, args) {
    const [slug] = args.positionals;
    if (!slug) return fail('Which topic?', 'Usage: topics pin SLUG');
    try {
      const t = h.store.topics.pin(slug, true);
      return ok(`Pinned “${t.name}”: it shows every month.`);
    } catch (err) {
      return fail((err as Error).message, 'See "topics" for the slugs.');
    }
  },
});
