import { defineCommand } from '../types.js';
import { changeStatus } from './shared.js';

const USAGE = 'decisions reopen ID';

export default defineCommand({
  path: ['decisions', 'reopen'],
  usage: USAGE,
  summary: 'Open a decision or action again after it was marked done or dropped',
  role: 'editor',
  run: (h, ctx, args) => changeStatus(h, ctx, args.positionals[0], 'open', USAGE),
});
