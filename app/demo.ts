import { rmSync } from 'node:fs';
import { loadConfig } from '../src/config.js';
import { createHorizon } from '../src/horizon.js';
import { createLogger } from '../src/log.js';
import { scanFeeds } from '../src/ingest/scan.js';
import { serveSnapshots, snapshotFeeds } from '../src/feeds/snapshots.js';
import { attachRuntime } from './bot.js';
import { postAgenda } from '../src/agenda/post.js';
import { agendaEnrichers } from '../src/agenda/enrich.js';
import { progressBar } from './cli/progress.js';
import { monthLabel, monthOf } from '../src/time.js';

/**
 * The moment the demo pretends it is: 09:00 on the first Monday of July 2020, when the July agenda is due.
 * The bundled snapshots are real items published over many years; the demo reads them as if for the first
 * time at this moment. Items dated in July 2020 and items whose feed gives no date (taken as first seen
 * now, as in real use) are the month's candidates; several real funding calls close in the next 60 days.
 * HORIZON_DEMO_DATE replays another moment.
 */
export const DEMO_DATE = '2020-07-06T08:00:00Z';

export interface DemoIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export async function runDemo(io: DemoIo, opts: { dbPath?: string } = {}): Promise<number> {
  const dbPath = opts.dbPath ?? 'data/demo.db';
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });

  const snapshots = await serveSnapshots();
  try {
    const clock = new Date(io.env.HORIZON_DEMO_DATE || DEMO_DATE);
    if (Number.isNaN(clock.getTime())) {
      io.err.write(
        `HORIZON_DEMO_DATE "${io.env.HORIZON_DEMO_DATE}" is not a date and time; use ISO form, such as 2020-07-06T08:00:00Z.\n`,
      );
      return 2;
    }
    const config = loadConfig(
      {
        ...io.env,
        HORIZON_DB: dbPath,
        HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1,localhost',
        HORIZON_LOG_LEVEL: io.env.HORIZON_LOG_LEVEL ?? 'warn',
        // The demo replays offline snapshots: it never looks their pages up on GOV.UK.
        HORIZON_ENRICH: 'off',
      },
      { dbPath },
    );
    // The demo never talks to a chat platform, whatever .env says.
    config.slack = { channels: [], canvas: false };
    config.teams = { appType: 'MultiTenant', allowUnauthenticated: false };
    const h = createHorizon({ config, log: createLogger(config.logLevel), now: () => clock });
    const month = monthOf(clock, config.timezone);

    io.err.write(
      `Horizon demo: replaying the bundled feed snapshots as of ${clock.toISOString().slice(0, 10)}.\n`,
    );
    for (const f of snapshotFeeds(snapshots.baseUrl)) {
      h.store.feeds.add(
        { url: f.url, title: f.title, kind: f.kind, themes: f.themes, addedBy: 'demo' },
        clock.toISOString(),
      );
    }
    const report = await scanFeeds(h, { progress: io.err.isTTY ? progressBar(io.err) : undefined });
    io.err.write(
      `Read ${report.totals.feeds} feeds: ${report.totals.newItems} items stored${report.totals.failed ? `, ${report.totals.failed} failed` : ''}.\n\n`,
    );

    const runtime = await attachRuntime(h, { console: { out: io.out as never } });
    try {
      await postAgenda(h, h.runtime!.publishers(), {
        month,
        chart: h.runtime!.chart?.(month) ?? null,
        enrichers: agendaEnrichers(h),
      });
    } finally {
      await runtime.stop();
    }
    io.err.write(
      `\nThat was the ${monthLabel(month)} agenda, built offline from real UK policy and funding items.\n` +
        `The demo database is ${dbPath}: try \`npx horizon --db ${dbPath} feeds list\` or \`npx horizon --db ${dbPath} status\`.\n`,
    );
    h.store.close();
    return 0;
  } finally {
    await snapshots.close();
  }
}
