import { renameTopic } from '../../topics/store.js';
import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['topics', 'rename'],
  usage: 'topics rename SLUG "New name"',
  summary: 'Give a topic the name people use for it',
  role: 'editor',
  run(h, _ctx, args) {
    const [slug, ...name] = args.positionals;
    if (!slug || !name.length)
      return fail('Give the topic and its new name.', 'Usage: topics rename SLUG "New name"');
    try {
      return ok(`Renamed to “${renameTopic(h.db, slug, name.join(' ')).name}”.`);
    } catch (err) {
      return fail((err as Error).message, 'See "topics" for the slugs.');
    }
  },
});
