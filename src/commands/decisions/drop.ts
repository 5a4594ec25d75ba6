import { defineCommand } from '../types.js';
import { changeStatus } from './shared.js';

const USAGE = 'decisions drop ID';

export default defineCommand({
  path: ['decisions', 'drop'],
  usage: USAGE,
  summary: 'Mark a decision or action dropped (no longer being done)',
  role: 'editor',
  run: (h, ctx, args) => changeStatus(h, ctx, args.positionals[0], 'dropped', USAGE),
});
