import { platformSpec } from '../../chat/platforms.js';
import { ok, usageError } from '../reply.js';
import { defineCommand } from '../types.js';
import { feedsAdd } from './shared.js';

const USAGE = 'feeds add URL [--kind policy|funding|news|research|parliament|legislation] [--theme SLUG]...';

export default defineCommand({
  path: ['feeds', 'add'],
  usage: USAGE,
  summary: 'Add a feed (checked by fetching it first); with no URL, opens a form',
  role: 'editor',
  options: { kind: { type: 'string' }, theme: { type: 'string', multiple: true } },
  // With no address it opens a form at once.
  slow: (rest) => rest.length > 0,
  run(h, ctx, args) {
    const [url] = args.positionals;
    if (!url) {
      return platformSpec(ctx.platform)?.forms
        ? ok('Add a feed', [], { form: { type: 'add-feed' } })
        : usageError('Give the feed’s address.', USAGE);
    }
    return feedsAdd(h, ctx, {
      url,
      kind: args.opt('kind'),
      themes: (args.values.theme as string[] | undefined) ?? [],
    });
  },
});
