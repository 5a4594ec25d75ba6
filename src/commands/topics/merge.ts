import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['topics', 'merge'],
  usage: 'topics merge FROM_SLUG INTO_SLUG',
  summary: 'Fold one topic into another that is the same policy',
  role: 'editor',
  run(h, _ctx, args) {
    const [from, into] = args.positionals;
    if (!from || !into)
      return fail('Give the topic to merge and the one to keep.', 'Usage: topics merge FROM_SLUG INTO_SLUG');
    try {
      return ok(`Merged ${from} into “${h.store.topics.merge(from, into).name}”.`);
    } catch (err) {
      return fail((err as Error).message, 'See "topics" for the slugs.');
    }
  },
});
