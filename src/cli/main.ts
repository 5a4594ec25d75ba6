import { Command, CommanderError } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { ConfigError } from '../config.js';
import type { Horizon } from '../context.js';
import { createHorizon } from '../horizon.js';
import { runWords } from '../commands/run.js';
import { replyToText } from '../commands/reply.js';
import type { CommandContext, Reply } from '../commands/types.js';
import { renderAgendaMarkdown } from '../agenda/render/markdown.js';
import { agendaFor, monthArg } from '../commands/handlers/agenda.js';
import { importFeeds } from '../feeds/import.js';
import { tagJsonLines } from '../tagging/jsonl.js';
import { toOpml } from '../feeds/opml.js';
import { listFeeds } from '../store/feeds.js';
import { progressBar } from './progress.js';
import { startBot } from '../bot.js';
import { agendaChart, saveChart } from '../agenda/chart.js';
import { dirname, join, relative } from 'node:path';
import { runDemo } from '../demo.js';

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

/** Writes this month's hype-cycle chart beside the database, for the Markdown agenda to point to. */
function writeChartFile(h: Horizon, month: string): string | null {
  const chart = agendaChart(h, month);
  return chart
    ? relative(process.cwd(), saveChart(chart, join(dirname(h.config.dbPath), 'charts'), month))
    : null;
}

/** The `horizon` command. Returns the exit code instead of exiting, so tests can run it in-process. */
export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let code = 0;
  let horizon: Horizon | null = null;
  const program = new Command('horizon');
  const open = (): Horizon => {
    horizon ??= createHorizon({ env: io.env, dbPath: program.opts().db });
    return horizon;
  };
  const words = async (parts: string[], json = false) => {
    const h = open();
    code = print(io, await runWords(h, cliContext(io, json), parts), json);
  };

  program
    .description('Horizon: the monthly horizon scan for your senior management team.')
    .option('--db <path>', 'SQLite database file (default: $HORIZON_DB or ./data/horizon.db)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .showSuggestionAfterError();

  const feeds = program.command('feeds').description('the feeds Horizon reads');
  feeds
    .command('add <url>')
    .description('add a feed (checked by fetching it first)')
    .option('--kind <kind>', 'policy, funding, news, research, parliament or legislation')
    .option(
      '--theme <slug>',
      'a theme the feed covers (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--json', 'print the result as JSON')
    .action(async (url: string, o: { kind?: string; theme: string[]; json?: boolean }) => {
      await words(
        [
          'feeds',
          'add',
          url,
          ...(o.kind ? ['--kind', o.kind] : []),
          ...o.theme.flatMap((t) => ['--theme', t]),
        ],
        o.json,
      );
    });
  feeds
    .command('list')
    .option('--json', 'print the feeds as JSON')
    .action(async (o: { json?: boolean }) => words(['feeds', 'list'], o.json));
  feeds.command('remove <idOrUrl>').action(async (target: string) => words(['feeds', 'remove', target]));
  feeds
    .command('import <file>')
    .description('add every feed in an OPML file')
    .option('--no-validate', 'add without fetching each feed first')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { validate: boolean; json?: boolean }) => {
      const h = open();
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        io.err.write(
          `Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}. Check the path.\n`,
        );
        code = 1;
        return;
      }
      const ctx = cliContext(io, Boolean(o.json));
      const result = await importFeeds(h, text, `cli:${ctx.userId}`, {
        validate: o.validate,
        progress: ctx.progress,
      });
      if (o.json) io.out.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        io.out.write(
          `Imported ${result.added.length} feed${result.added.length === 1 ? '' : 's'}; skipped ${result.skipped.length}.\n`,
        );
        for (const s of result.skipped) io.out.write(`  • ${s.url}: ${s.reason}\n`);
      }
      code = result.added.length === 0 && result.skipped.length > 0 ? 1 : 0;
    });
  feeds
    .command('export')
    .description('the feed list as OPML')
    .option('--out <file>', 'write to a file instead of the terminal')
    .action((o: { out?: string }) => {
      const opml = toOpml(listFeeds(open().db), 'Horizon feeds');
      if (o.out) {
        writeFileSync(o.out, opml);
        io.err.write(`Wrote ${o.out}\n`);
      } else io.out.write(opml.endsWith('\n') ? opml : `${opml}\n`);
    });

  program
    .command('scan')
    .description('read every feed that is due, once')
    .option('--json', 'print per-feed results as JSON')
    .option('--all', 'read every feed, due or not')
    .action(async (o: { json?: boolean; all?: boolean }) => {
      const h = open();
      const { scanFeeds } = await import('../ingest/scan.js');
      const report = await scanFeeds(h, { force: o.all, progress: cliContext(io, Boolean(o.json)).progress });
      if (o.json) io.out.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        for (const f of report.feeds) {
          const what =
            f.outcome === 'failed'
              ? `FAILED: ${f.error}`
              : f.outcome === 'not-modified'
                ? 'not modified'
                : `${f.newItems} new, ${f.updatedItems} updated`;
          io.out.write(`${f.outcome === 'failed' ? '✗' : '✓'} ${f.title || f.url}: ${what}\n`);
        }
        io.out.write(
          `${report.totals.feeds} feeds read: ${report.totals.newItems} new items, ${report.totals.failed} failed.\n`,
        );
      }
      code = report.totals.failed > 0 && report.totals.failed === report.totals.feeds ? 1 : 0;
    });

  program
    .command('tag')
    .description(
      'tag JSON lines {"id","title","summary"} from stdin into JSON lines; or correct a stored item: tag ITEM_ID stage S | not-relevant',
    )
    .argument('[words...]')
    .option('--jsonl', 'JSON lines in and out (the default with no words)')
    .action(async (rest: string[]) => {
      if (rest.length) return words(['tag', ...rest]);
      const h = open();
      const result = await tagJsonLines(io.stdin, io.out, h.tagger);
      code = result.errors > 0 ? 1 : 0;
    });

  const agenda = program.command('agenda').description("this month's agenda");
  agenda
    .command('preview')
    .option('--month <YYYY-MM>', 'another month')
    .option('--format <format>', 'markdown or json', 'markdown')
    .action((o: { month?: string; format: string }) => {
      const h = open();
      const month = monthArg(h, o.month);
      if (typeof month !== 'string') {
        code = print(io, month, false);
        return;
      }
      if (o.format !== 'markdown' && o.format !== 'json') {
        io.err.write(`Unknown format "${o.format}": use markdown or json.\n`);
        code = 2;
        return;
      }
      const { agenda: a } = agendaFor(h, month);
      if (o.format === 'json') {
        io.out.write(`${JSON.stringify(a, null, 2)}\n`);
        return;
      }
      io.out.write(`${renderAgendaMarkdown(a, { chartPath: writeChartFile(h, month) })}\n`);
    });
  agenda
    .command('post')
    .option('--month <YYYY-MM>', 'another month')
    .action(async (o: { month?: string }) => {
      const h = open();
      const { attachRuntime } = await import('../bot.js');
      const runtime = await attachRuntime(h, {
        console: { out: io.out as NodeJS.WritableStream as never },
        publishOnly: true,
      });
      try {
        code = print(
          io,
          await runWords(h, cliContext(io, false), [
            'agenda',
            'post',
            ...(o.month ? ['--month', o.month] : []),
          ]),
          false,
        );
      } finally {
        await runtime.stop();
      }
    });
  for (const sub of ['drop', 'add']) {
    agenda
      .command(`${sub} <itemId>`)
      .option('--month <YYYY-MM>')
      .action(async (id: string, o: { month?: string }) =>
        words(['agenda', sub, id, ...(o.month ? ['--month', o.month] : [])]),
      );
  }

  // The rest of the shared commands, exactly as they are typed in chat.
  for (const [name, description] of [
    ['status', 'feed health, item counts and the next agenda'],
    ['channels', 'the channels that receive the agenda'],
    ['schedule', 'when the agenda is posted'],
    ['roles', 'who may do what'],
    ['decide', 'record a decision about an item'],
    ['decisions', 'decisions recorded for a month'],
    ['topics', 'policies followed month by month: list, rename, merge, pin'],
    ['profile', "the organisation's profile, used to rank the agenda"],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('[words...]')
      .allowUnknownOption()
      .helpOption(false)
      .action(async (rest: string[]) => words([name, ...rest]));
  }

  program
    .command('start')
    .description('run the bot: scheduler plus every chat platform whose credentials are set')
    .action(async () => {
      const h = open();
      await startBot(h);
      // Runs until a signal stops it.
      await new Promise<void>(() => undefined);
    });

  program
    .command('demo')
    .description('offline demo: a fresh database, the bundled feed snapshots, a scan, and the agenda')
    .action(async () => {
      code = await runDemo({ out: io.out, err: io.err, env: io.env });
    });

  const teams = program.command('teams').description('Microsoft Teams');
  teams
    .command('package')
    .description('build the Teams app package (zip) from the environment')
    .option('--out <file>', 'where to write the zip', 'dist/horizon-teams.zip')
    .action(async (o: { out: string }) => {
      const { buildTeamsPackage } = await import('../../adapters/teams/package.js');
      const file = await buildTeamsPackage(io.env, o.out);
      io.out.write(`Wrote ${file}. Upload it in Teams: Apps → Manage your apps → Upload an app.\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof ConfigError) {
      io.err.write(`${err.message}\n`);
      return 2;
    }
    io.err.write(`horizon: ${(err as Error).message}\n`);
    return 1;
  } finally {
    (horizon as Horizon | null)?.db.close();
  }
  return code;
}
