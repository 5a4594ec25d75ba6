import { defineCommand } from '../types.js';
import { changeStatus } from './shared.js';

const USAGE = 'decisions done ID';

export default defineCommand({
  path: ['decisions', 'done'],
  usage: USAGE,
  summary: 'Mark a decision or action done',
  role: 'editor',
  run: (h, ctx, args) => changeStatus(h, ctx, args.positionals[0], 'done', USAGE),
});
