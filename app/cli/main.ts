import { Command, CommanderError } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ConfigError } from '../../src/config-error.js';
import type { Horizon } from '../../src/context.js';
import type { createHorizon as CreateHorizon } from '../../src/horizon.js';
import { describeStorageError, isStorageError } from '../../src/store/errors.js';
import { COMMANDS } from '../../src/commands/index.js';
import { runWords } from '../../src/commands/run.js';
import { replyToText } from '../../src/commands/reply.js';
import type { CommandContext, CommandSpec, Reply } from '../../src/commands/types.js';
import { registerInstalledPlatforms } from '../platforms.js';
import { progressBar } from './progress.js';

interface Io {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): Io => ({
  out: process.stdout,
  err: process.stderr,
  stdin: process.stdin,
  env: process.env,
});

/** Whoever runs the CLI on the server is an admin. */
function cliContext(io: Io, json: boolean): CommandContext {
  const interactive = Boolean(io.err.isTTY) && !json;
  return {
    platform: 'cli',
    userId: io.env.USER ?? 'cli',
    isServerCli: true,
    progress: interactive ? progressBar(io.err) : undefined,
  };
}

function print(io: Io, reply: Reply, json: boolean): number {
  if (json)
    io.out.write(
      `${JSON.stringify(reply.data ?? { ok: reply.ok, title: reply.title, hint: reply.hint }, null, 2)}\n`,
    );
  else if (reply.ok) io.out.write(`${replyToText(reply)}\n`);
  else io.err.write(`${replyToText(reply)}\n`);
  return reply.exitCode ?? (reply.ok ? 0 : 1);
}

/**
 * Commands that only read: they open the database read-only, so they work on a read-only disk and can
 * never change data (`topics` alone is `topics list`).
 */
const READ_ONLY = new Set(['feeds list', 'status', 'agenda preview', 'topics list', 'topics']);

function opensReadOnly(parts: string[]): boolean {
  const [first = '', second] = parts;
  const sub = second !== undefined && !second.startsWith('-');
  return sub ? READ_ONLY.has(`${first} ${second}`) : READ_ONLY.has(first);
}

/** What a shell-only command or a shell twist on a shared one needs. */
interface Shell {
  io: Io;
  open(readonly?: boolean): Horizon;
  /** Runs a shared command and prints its reply. */
  words(parts: string[], json?: boolean): Promise<void>;
  setCode(code: number): void;
}

/**
 * Where the shell does more than chat can: read and write files, stream JSON lines, print per-feed
 * results, post through the console. Keyed by command path; every other command in the list comes
 * through the generic pass-through below, so a new command needs nothing here.
 */
const SHELL: Record<string, (cmd: Command, s: Shell) => void> = {
  'feeds import': (cmd, s) =>
    cmd
      .description('add every feed in an OPML file')
      .argument('<file>')
      .option('--no-validate', 'add without fetching each feed first')
      .option('--json', 'print the result as JSON')
      .action(async (file: string, o: { validate: boolean; json?: boolean }) => {
        const h = s.open();
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (err) {
          s.io.err.write(
            `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Check the path.\n`,
          );
          s.setCode(1);
          return;
        }
        const ctx = cliContext(s.io, Boolean(o.json));
        const { importFeeds } = await import('../../src/feeds/import.js');
        const result = await importFeeds(h, text, `cli:${ctx.userId}`, {
          validate: o.validate,
          progress: ctx.progress,
        });
        if (o.json) s.io.out.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          s.io.out.write(
            `Imported ${result.added.length} feed${result.added.length === 1 ? '' : 's'}; skipped ${result.skipped.length}.\n`,
          );
          for (const f of result.skipped) s.io.out.write(`  • ${f.url}: ${f.reason}\n`);
          // Every feed failed its check: most often this machine cannot reach them (offline, a proxy).
          const unreachable = result.skipped.filter((f) => f.url && !f.reason.startsWith('already'));
          if (o.validate && result.added.length === 0 && unreachable.length > 0)
            s.io.out.write(
              `\nNone of the feeds could be fetched from here. If this machine cannot reach them just now, import them without the check:\n  horizon feeds import ${file} --no-validate\nThey are then read at the next scan, and "status" shows any that fail.\n`,
            );
        }
        s.setCode(result.added.length === 0 && result.skipped.length > 0 ? 1 : 0);
      }),

  'feeds export': (cmd, s) =>
    cmd
      .option('--out <file>', 'write to a file instead of the terminal')
      .action(async (o: { out?: string }) => {
        const { toOpml } = await import('../../src/feeds/opml.js');
        const opml = toOpml(s.open().store.feeds.list(), 'Horizon feeds');
        if (o.out) {
          writeFileSync(o.out, opml);
          s.io.err.write(`Wrote ${o.out}\n`);
        } else s.io.out.write(opml.endsWith('\n') ? opml : `${opml}\n`);
      }),

  scan: (cmd, s) =>
    cmd
      .option('--json', 'print per-feed results as JSON')
      .option('--all', 'read every feed, due or not')
      .action(async (o: { json?: boolean; all?: boolean }) => {
        const h = s.open();
        const { scanFeeds } = await import('../../src/ingest/scan.js');
        const { describeRound } = await import('../../src/llm/model.js');
        const report = await scanFeeds(h, {
          force: o.all,
          progress: cliContext(s.io, Boolean(o.json)).progress,
        });
        if (o.json) s.io.out.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          for (const f of report.feeds) {
            const what =
              f.outcome === 'failed'
                ? `FAILED: ${f.error}`
                : f.outcome === 'skipped'
                  ? `skipped: ${f.note}`
                  : f.outcome === 'not-modified'
                    ? 'not modified'
                    : `${f.newItems} new, ${f.updatedItems} updated`;
            const mark = f.outcome === 'failed' ? '✗' : f.outcome === 'skipped' ? '–' : '✓';
            s.io.out.write(`${mark} ${f.title || f.url}: ${what}\n`);
          }
          const { feeds, skipped, newItems, failed } = report.totals;
          s.io.out.write(
            `${feeds - skipped} feeds read: ${newItems} new items, ${failed} failed${skipped ? `, ${skipped} skipped (not failures)` : ''}.\n`,
          );
          const model = report.llm ? describeRound(report.llm) : '';
          if (model) s.io.out.write(`${model}\n`);
        }
        s.setCode(
          report.totals.failed > 0 && report.totals.failed === report.totals.feeds - report.totals.skipped
            ? 1
            : 0,
        );
      }),

  tag: (cmd, s) =>
    cmd
      .description(
        'tag JSON lines {"id","title","summary"} from stdin into JSON lines; or correct a stored item: tag ITEM_ID stage S | themes a,b | not-relevant',
      )
      .argument('[words...]')
      .option('--jsonl', 'JSON lines in and out (the default with no words)')
      .action(async (rest: string[]) => {
        if (rest.length) return s.words(['tag', ...rest]);
        const { tagJsonLines } = await import('../../src/tagging/jsonl.js');
        const result = await tagJsonLines(s.io.stdin, s.io.out, s.open().tagger);
        s.setCode(result.errors > 0 ? 1 : 0);
      }),

  'agenda preview': (cmd, s) =>
    cmd
      .option('--month <YYYY-MM>', 'another month')
      .option('--format <format>', 'markdown or json', 'markdown')
      .action(async (o: { month?: string; format: string }) => {
        const h = s.open(true);
        const { agendaFor, monthArg } = await import('../../src/commands/agenda/shared.js');
        const month = monthArg(h, o.month);
        if (typeof month !== 'string') {
          s.setCode(print(s.io, month, false));
          return;
        }
        if (o.format !== 'markdown' && o.format !== 'json') {
          s.io.err.write(`Unknown format "${o.format}": use markdown or json.\n`);
          s.setCode(2);
          return;
        }
        const { agenda } = agendaFor(h, month);
        if (o.format === 'json') {
          s.io.out.write(`${JSON.stringify(agenda, null, 2)}\n`);
          return;
        }
        const { renderAgendaMarkdown } = await import('../../src/agenda/render/markdown.js');
        s.io.out.write(`${renderAgendaMarkdown(agenda, { chartPath: await writeChartFile(h, month) })}\n`);
      }),

  'agenda post': (cmd, s) =>
    cmd
      .option('--month <YYYY-MM>', 'another month')
      .option('--force', 'post even when the agenda is empty')
      .action(async (o: { month?: string; force?: boolean }) => {
        const h = s.open();
        const { attachRuntime } = await import('../bot.js');
        const runtime = await attachRuntime(h, {
          console: { out: s.io.out as NodeJS.WritableStream as never },
          publishOnly: true,
        });
        try {
          await s.words([
            'agenda',
            'post',
            ...(o.month ? ['--month', o.month] : []),
            ...(o.force ? ['--force'] : []),
          ]);
        } finally {
          await runtime.stop();
        }
      }),

  // `horizon minutes --month M` prints the Markdown alone, to paste into board papers; `minutes preview`
  // and `minutes post` go to the command layer (post with the chat platforms attached, as agenda post).
  minutes: (cmd, s) =>
    cmd
      .description('a month’s minutes as Markdown; minutes preview | post')
      .argument('[words...]')
      .option('--month <YYYY-MM>', 'another month')
      .option('--json', 'print the result as JSON')
      .allowUnknownOption()
      .action(async (rest: string[], o: { month?: string; json?: boolean }) => {
        const month = o.month ? ['--month', o.month] : [];
        if (rest[0] === 'post') {
          const h = s.open();
          const { attachRuntime } = await import('../bot.js');
          const runtime = await attachRuntime(h, {
            console: { out: s.io.out as NodeJS.WritableStream as never },
            publishOnly: true,
          });
          try {
            await s.words(['minutes', ...rest, ...month], o.json);
          } finally {
            await runtime.stop();
          }
          return;
        }
        if (rest.length || o.json) return s.words(['minutes', ...rest, ...month], o.json);
        const h = s.open();
        const { minutesMonth, minutesOrReason } = await import('../../src/commands/minutes/shared.js');
        const target = minutesMonth(h, o.month);
        const minutes = typeof target === 'string' ? minutesOrReason(h, target) : target;
        if ('ok' in minutes) {
          s.setCode(print(s.io, minutes, false));
          return;
        }
        const { renderMinutesMarkdown } = await import('../../src/minutes/markdown.js');
        s.io.out.write(renderMinutesMarkdown(minutes));
      }),

  start: (cmd, s) =>
    cmd
      .description('run the bot: scheduler plus every chat platform whose credentials are set')
      .action(async () => {
        const { startBot } = await import('../bot.js');
        await startBot(s.open());
        // Runs until a signal stops it.
        await new Promise<void>(() => undefined);
      }),

  backup: (cmd, s) =>
    cmd
      .description('copy the database to FILE, safely while Horizon runs (see docs/operations.md)')
      .argument('<file>')
      .action(async (file: string) => {
        const { backupDatabase } = await import('../../src/store/backup.js');
        const h = s.open(true);
        const result = await backupDatabase(h.store, h.config.dbPath, file);
        if (result.ok) s.io.out.write(`${result.message}\n`);
        else s.io.err.write(`${result.message}\n`);
        s.setCode(result.ok ? 0 : 1);
      }),

  demo: (cmd, s) =>
    cmd
      .description('offline demo: a fresh database, the bundled feed snapshots, a scan, and the agenda')
      .action(async () => {
        const { runDemo } = await import('../demo.js');
        s.setCode(await runDemo({ out: s.io.out, err: s.io.err, env: s.io.env }));
      }),

  'teams package': (cmd, s) =>
    cmd
      .description('build the Teams app package (zip) from the environment')
      .option('--out <file>', 'where to write the zip', 'dist/horizon-teams.zip')
      .action(async (o: { out: string }) => {
        const { buildTeamsPackage } = await import('../../adapters/teams/package.js');
        const file = await buildTeamsPackage(s.io.env, o.out);
        s.io.out.write(`Wrote ${file}. Upload it in Teams: Apps → Manage your apps → Upload an app.\n`);
      }),
};

/** Writes this month's hype-cycle chart beside the database, for the Markdown agenda to point to. */
async function writeChartFile(h: Horizon, month: string): Promise<string | null> {
  const { agendaChart, saveChart } = await import('../../src/agenda/chart.js');
  const chart = agendaChart(h, month);
  if (!chart) return null;
  try {
    return relative(process.cwd(), saveChart(chart, join(dirname(h.config.dbPath), 'charts'), month));
  } catch (err) {
    // A preview on a read-only disk still prints the agenda, without the picture.
    h.log.warn({ err }, 'could not write the chart beside the database');
    return null;
  }
}

/** A shared command as typed after `horizon`: its words go to the command layer exactly as in chat. */
function passThrough(cmd: Command, path: string[], s: Shell): void {
  cmd
    .argument('[words...]')
    .option('--json', 'print the result as JSON')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (rest: string[], o: { json?: boolean }) => {
      // The command layer's own help says who may run it and how.
      if (rest.some((w) => w === '--help' || w === '-h')) return s.words(['help', ...path]);
      await s.words([...path, ...rest], o.json);
    });
}

/**
 * The sub-commands, from the command list: a word with a command of its own (`status`, `topics`) passes
 * everything after it through; a word that only groups (`feeds`, `agenda`) gets one sub-command each.
 */
function addCommands(program: Command, s: Shell): void {
  const groups = new Map<string, { own?: CommandSpec; subs: Map<string, string> }>();
  const group = (word: string) => groups.get(word) ?? groups.set(word, { subs: new Map() }).get(word)!;
  for (const spec of COMMANDS) {
    const [first, second] = spec.path;
    if (second === undefined) group(first!).own = spec;
    else group(first!).subs.set(second, spec.summary);
  }
  for (const path of Object.keys(SHELL)) {
    const [first, second] = path.split(' ');
    if (second !== undefined && !group(first!).subs.has(second)) group(first!).subs.set(second, '');
    else if (second === undefined) group(first!);
  }

  for (const [word, g] of groups) {
    const cmd = program.command(word);
    if (g.own || SHELL[word]) {
      cmd.description(g.own?.summary ?? '');
      if (SHELL[word]) SHELL[word](cmd, s);
      else passThrough(cmd, [word], s);
      continue;
    }
    cmd.description(`${word}: ${[...g.subs.keys()].join(', ')}`);
    for (const [sub, summary] of g.subs) {
      const subCmd = cmd.command(sub).description(summary);
      const shell = SHELL[`${word} ${sub}`];
      if (shell) shell(subCmd, s);
      else passThrough(subCmd, [word, sub], s);
    }
  }
}

/** The `horizon` command. Returns the exit code instead of exiting, so tests can run it in-process. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  registerInstalledPlatforms();
  let code = 0;
  let horizon: Horizon | null = null;
  // Loaded before the first action runs (see the preAction hook): `--help` never opens the store.
  let createHorizon: typeof CreateHorizon | null = null;
  const program = new Command('horizon');
  const shell: Shell = {
    io,
    open: (readonly = false) => {
      if (!createHorizon) throw new Error('the store was opened before the command ran');
      return (horizon ??= createHorizon({ env: io.env, dbPath: program.opts().db, readonly }));
    },
    async words(parts, json = false) {
      const h = shell.open(opensReadOnly(parts));
      code = print(io, await runWords(h, cliContext(io, json), parts), json);
    },
    setCode: (c) => (code = c),
  };

  program
    .description('Horizon: the monthly horizon scan for your senior management team.')
    .option('--db <path>', 'SQLite database file (default: $HORIZON_DB or ./data/horizon.db)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showSuggestionAfterError()
    .hook('preAction', async () => {
      createHorizon ??= (await import('../../src/horizon.js')).createHorizon;
    });
  addCommands(program, shell);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ConfigError) {
      io.err.write(`${err.message}\n`);
      return 2;
    }
    if (isStorageError(err)) {
      const dbPath =
        (horizon as Horizon | null)?.config.dbPath ??
        program.opts().db ??
        io.env.HORIZON_DB ??
        'data/horizon.db';
      io.err.write(`horizon: ${describeStorageError(err, String(dbPath))}\n`);
      return 1;
    }
    io.err.write(`horizon: ${(err as Error).message}\n`);
    return 1;
  } finally {
    (horizon as Horizon | null)?.store.close();
  }
  return code;
}
