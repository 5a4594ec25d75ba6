import { describeStorageError, isStorageError } from '../store/errors.js';
import type { Horizon } from '../context.js';
import { COMMANDS } from './index.js';
import { plainText } from './references.js';
import { fail, usageError } from './reply.js';
import { forbidden, hasRole } from './roles.js';
import type { CommandArgs, CommandContext, CommandSpec, Reply } from './types.js';
import { parseWords, splitWords } from './words.js';

/** The command a line of words selects (the longest matching path or alias), and how many words it took. */
export function findCommand(words: string[]): { spec: CommandSpec; length: number } | undefined {
  const lower = words.map((w) => w.toLowerCase());
  let best: { spec: CommandSpec; length: number } | undefined;
  for (const spec of COMMANDS) {
    for (const path of [spec.path, ...(spec.aliases ?? [])]) {
      if (path.length > (best?.length ?? 0) && path.every((p, i) => lower[i] === p))
        best = { spec, length: path.length };
    }
  }
  return best;
}

/** The command spec whose path is exactly these words (for buttons and forms that act like one). */
export function commandAt(path: string): CommandSpec {
  const spec = COMMANDS.find((c) => c.path.join(' ') === path);
  if (!spec) throw new Error(`No command "${path}"`);
  return spec;
}

function closest(words: string[]): CommandSpec[] {
  const first = words[0]?.toLowerCase() ?? '';
  return COMMANDS.filter((c) => c.path[0] === first || c.path[0]!.startsWith(first.slice(0, 3)));
}

/** True for commands that fetch or post, which chat adapters acknowledge first and answer later. */
export function isSlowCommand(text: string): boolean {
  const words = splitWords(text);
  const found = findCommand(words);
  if (!found) return false;
  const { slow } = found.spec;
  return typeof slow === 'function' ? slow(words.slice(found.length)) : Boolean(slow);
}

/**
 * Runs one command for one person. This is the only place that decides what a command means and who may
 * run it: the CLI, Slack and Teams all come through here.
 */
export async function runCommand(h: Horizon, ctx: CommandContext, text: string): Promise<Reply> {
  return runWords(h, ctx, splitWords(plainText(ctx, text).trim()));
}

/** The same, for words already split (a shell has done it for the CLI). */
export async function runWords(h: Horizon, ctx: CommandContext, words: string[]): Promise<Reply> {
  const found = findCommand(words.length ? words : ['help']);
  if (!found) {
    const near = closest(words);
    return {
      ...fail(
        `I don't know "${words.join(' ')}".`,
        near.length
          ? `Did you mean: ${near.map((c) => c.usage).join('  |  ')}`
          : 'Type "help" to see what I can do.',
        { exitCode: 2 },
      ),
      blocks: [{ type: 'list', items: COMMANDS.map((c) => ({ text: c.usage })) }],
    };
  }
  const { spec } = found;
  const name = spec.path.join(' ');
  if (!hasRole(h, ctx, spec.role)) return forbidden(h, ctx, spec.role, `use "${name}"`);

  let args: CommandArgs;
  try {
    const parsed = parseWords(words.slice(found.length), spec.options ?? {});
    args = { ...parsed, opt: (n) => parsed.values[n] as string | undefined };
  } catch (err) {
    return usageError((err as Error).message.split('\n')[0]!, spec.usage);
  }
  try {
    return await spec.run(h, ctx, args);
  } catch (err) {
    h.log.error({ err, command: name }, 'command failed');
    // The database failing says which file and what to do; the hint below would not help.
    if (isStorageError(err))
      return fail(`Could not run "${name}".`, describeStorageError(err, h.config.dbPath));
    return fail(
      `Something went wrong running "${name}": ${(err as Error).message}`,
      'Try again; if it keeps failing, an admin can look at the logs.',
    );
  }
}
