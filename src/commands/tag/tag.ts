import type { Stage } from '../../domain.js';
import { changeStage, markNotRelevant, markRelevant } from '../actions.js';
import { usageError } from '../reply.js';
import { defineCommand } from '../types.js';

const USAGE =
  'tag ITEM_ID stage trigger|peak|trough|slope|plateau|unknown  |  tag ITEM_ID not-relevant  |  tag ITEM_ID relevant';

export default defineCommand({
  path: ['tag'],
  usage: USAGE,
  summary: 'Correct an item’s stage, or mark it not relevant (Horizon learns from this)',
  role: 'editor',
  run(h, ctx, args) {
    const [id, what, stage] = args.positionals;
    const itemId = Number(id?.replace('#', ''));
    if (!Number.isInteger(itemId)) return usageError('Give the item’s id.', USAGE);
    if (what === 'not-relevant') return markNotRelevant(h, ctx, itemId);
    if (what === 'relevant') return markRelevant(h, ctx, itemId);
    if (what === 'stage' && stage) return changeStage(h, ctx, itemId, stage as Stage);
    return usageError('Say what to change.', USAGE);
  },
});
