import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';

const MAX_TOPIC_NAME = 80;

export default defineCommand({
  path: ['topics', 'rename'],
  usage: 'topics rename SLUG "New name"',
  summary: 'Give a topic the name people use for it',
  role: 'editor',
  run(h, _ctx, args) {
    const [slug, ...name] = args.positionals;
    if (!slug || !name.length)
      return fail('Give the topic and its new name.', 'Usage: topics rename SLUG "New name"');
    const length = Array.from(name.join(' ').trim()).length;
    // A topic's name is a label on the chart and in lists: a few words, not a paragraph.
    if (length > MAX_TOPIC_NAME)
      return fail(
        `That name is ${length.toLocaleString('en-GB')} characters long; a topic's name can have at most ${MAX_TOPIC_NAME}.`,
        'Use the few words people say for it, for example "Adult social care charging".',
        { exitCode: 2 },
      );
    try {
      return ok(`Renamed to “${h.store.topics.rename(slug, name.join(' ')).name}”.`);
    } catch (err) {
      return fail((err as Error).message, 'See "topics" for the slugs.');
    }
  },
});
