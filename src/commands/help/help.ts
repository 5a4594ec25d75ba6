import { COMMANDS } from '../index.js';
import { ok } from '../reply.js';
import { findCommand } from '../run.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['help'],
  usage: 'help [command]',
  summary: 'What Horizon can do, and how to ask',
  role: 'member',
  run(_h, _ctx, args) {
    const spec = args.positionals.length ? findCommand(args.positionals)?.spec : undefined;
    if (spec) {
      return ok(spec.usage, [
        { type: 'text', text: spec.summary },
        { type: 'text', text: `Who: ${spec.role === 'member' ? 'anyone' : `${spec.role}s`}` },
      ]);
    }
    return ok('Horizon runs your monthly horizon scan. Commands:', [
      { type: 'list', items: COMMANDS.map((c) => ({ text: c.usage, detail: c.summary })) },
    ]);
  },
});
