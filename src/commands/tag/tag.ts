import type { Stage } from '../../domain.js';
import { changeStage, changeThemes, markNotRelevant, markRelevant } from '../actions.js';
import { usageError } from '../reply.js';
import { defineCommand } from '../types.js';
import { currentMonth } from '../../agenda/build.js';
import { refreshPosted } from '../agenda/shared.js';

const USAGE =
  'tag ITEM_ID stage trigger|peak|trough|slope|plateau|unknown  |  tag ITEM_ID themes slug,slug|none  |  ' +
  'tag ITEM_ID not-relevant  |  tag ITEM_ID relevant';

export default defineCommand({
  path: ['tag'],
  usage: USAGE,
  summary: 'Correct an item’s stage or themes, or mark it not relevant (Horizon learns from this)',
  role: 'editor',
  options: { themes: { type: 'string' } },
  async run(h, ctx, args) {
    const [id, what, ...rest] = args.positionals;
    const itemId = Number(id?.replace('#', ''));
    if (!Number.isInteger(itemId)) return usageError('Give the item’s id.', USAGE);
    const themes = args.opt('themes');
    if (themes !== undefined) return changeThemes(h, ctx, itemId, themes);
    if (what === 'not-relevant') return markNotRelevant(h, ctx, itemId);
    if (what === 'relevant') return markRelevant(h, ctx, itemId);
    if (what === 'stage' && rest[0]) {
      const reply = changeStage(h, ctx, itemId, rest[0] as Stage);
      // A stage corrected on an item already posted this month: its message says so (a living agenda).
      if (!reply.ok) return reply;
      const after = await refreshPosted(h, currentMonth(h));
      return after ? { ...reply, title: `${reply.title}${after}` } : reply;
    }
    if (what === 'themes') return changeThemes(h, ctx, itemId, rest.join(' '));
    return usageError('Say what to change.', USAGE);
  },
});
