import { recordDecision } from '../actions.js';
import { monthArg } from '../agenda/shared.js';
import { usageError } from '../reply.js';
import { defineCommand } from '../types.js';
import type { DecisionKind } from '../../domain.js';

const USAGE =
  'decide ITEM_ID "what we decided" [--action] [--owner PERSON] [--due YYYY-MM-DD] [--month YYYY-MM]';

export default defineCommand({
  path: ['decide'],
  usage: USAGE,
  summary: 'Record what the SMT decided about an item (--action for something someone will do)',
  role: 'editor',
  options: {
    owner: { type: 'string' },
    due: { type: 'string' },
    month: { type: 'string' },
    action: { type: 'boolean' },
    kind: { type: 'string' },
  },
  run(h, ctx, args) {
    const [id, first] = args.positionals;
    const itemId = Number(id?.replace('#', ''));
    if (!Number.isInteger(itemId) || !first) return usageError('Give the item’s id and the decision.', USAGE);
    const month = monthArg(h, args.opt('month'));
    if (typeof month !== 'string') return month;
    const kind = (
      args.values.action ? 'action' : (args.opt('kind')?.toLowerCase() ?? 'decision')
    ) as DecisionKind;
    return recordDecision(h, ctx, {
      itemId,
      month,
      kind,
      decision: args.positionals.slice(1).join(' '),
      owner: args.opt('owner'),
      dueDate: args.opt('due'),
    });
  },
});
