import type { Writable } from 'node:stream';
import type { ChatAdapter } from '../src/chat/types.js';
import { configWarnings } from '../src/config.js';
import type { Horizon } from '../src/context.js';
import { agendaHealth, storeHealth } from '../src/http/health.js';
import { createHttpServer, listen } from '../src/http/server.js';
import { startScheduler } from '../src/schedule/scheduler.js';
import { nextAgendaAt } from '../src/schedule/settings.js';
import { agendaChart } from '../src/agenda/chart.js';

/**
 * Every chat platform whose credentials are set; the console when none is. Each SDK is imported only
 * when its platform is configured, so a Teams-only install never loads Bolt and the reverse.
 */
export async function buildAdapters(
  h: Horizon,
  opts: { console?: { out?: Writable }; publishOnly?: boolean } = {},
): Promise<ChatAdapter[]> {
  const adapters: ChatAdapter[] = [];
  const { botToken, signingSecret, appToken } = h.config.slack;
  // Any Slack setting loads the adapter, so a half-finished set-up is reported rather than ignored.
  if (botToken || signingSecret || appToken) {
    const { createSlackAdapter } = await import('../adapters/slack/index.js');
    // Posting from the shell needs only the bot token: no receiver, so no signing secret.
    const slack = createSlackAdapter(h, opts.publishOnly ? { publishOnly: true } : undefined);
    if (slack) adapters.push(slack);
  }
  if (h.config.teams.appId || h.config.teams.allowUnauthenticated) {
    const { createTeamsAdapter } = await import('../adapters/teams/index.js');
    const teams = createTeamsAdapter(h);
    if (teams) adapters.push(teams);
  }
  if (adapters.length) return adapters;
  const { createConsoleAdapter } = await import('../adapters/console/index.js');
  return [createConsoleAdapter(h, opts.console)];
}

/** Gives the core what only a running bot knows: where to post, when next, and the chart. */
export async function attachRuntime(
  h: Horizon,
  opts: { console?: { out?: Writable }; adapters?: ChatAdapter[]; publishOnly?: boolean } = {},
): Promise<{ adapters: ChatAdapter[]; stop(): Promise<void> }> {
  const adapters = opts.adapters ?? (await buildAdapters(h, opts));
  h.runtime = {
    publishers: () => adapters.map((a) => a.publisher),
    nextAgendaAt: () => nextAgendaAt(h),
    chart: (month) => agendaChart(h, month),
  };
  return {
    adapters,
    async stop() {
      for (const a of adapters)
        await a.stop().catch((err: unknown) => h.log.warn({ err }, 'adapter stop failed'));
    },
  };
}

/** How long after listening the catch-up scan at start-up begins. */
const FIRST_SCAN_DELAY_MS = 1_000;

/** `horizon start`: the HTTP server (routes and GET /healthz), every adapter, and the scheduler. */
export async function startBot(h: Horizon): Promise<{ stop(): Promise<void> }> {
  for (const warning of configWarnings(h.config)) h.log.warn(warning);
  const runtime = await attachRuntime(h);
  const { adapters } = runtime;
  // The database is checked for damage before anything runs on it, and then on a schedule.
  const store = storeHealth(h);
  const damaged = store.check();
  if (!damaged.ok) {
    h.log.error(damaged.detail);
    for (const a of adapters)
      await a.publisher
        .notifyAdmins?.(damaged.detail)
        .catch((err: unknown) => h.log.warn({ err }, 'could not notify admins'));
  }
  // The catch-up scan starts a moment after the server listens: loading the feed parser and the tagger
  // takes a tenth of a second of one core, and the first health probe or platform request should not
  // wait behind it. Scans run on HORIZON_POLL_CRON anyway; this one only catches up.
  let listening: (port: number) => void = () => undefined;
  let notListening: (err: unknown) => void = () => undefined;
  const listened = new Promise<number>((resolve, reject) => {
    listening = resolve;
    notListening = reject;
  });
  const scheduler = await startScheduler(h, () => adapters.map((a) => a.publisher), {
    firstScanAfter: listened.then(
      () => new Promise<void>((resolve) => setTimeout(resolve, FIRST_SCAN_DELAY_MS).unref()),
    ),
  });
  // Always served, even with no chat platform (the console): a process supervisor or load balancer
  // asks GET /healthz whether Horizon needs an admin.
  const server = createHttpServer({
    adapters,
    log: h.log,
    checks: {
      store: () => store.check(),
      agenda: () => agendaHealth(h),
      scheduler: () => scheduler.health(),
    },
  });
  const port = await listen(server, h.config.port).catch((err: unknown) => {
    notListening(err);
    throw err;
  });
  h.log.info({ port }, `listening on port ${port} (health: GET /healthz)`);
  for (const a of adapters) await a.start();
  listening(port);
  h.log.info(
    { platforms: adapters.map((a) => a.platform), next: nextAgendaAt(h)?.toISOString() },
    'Horizon is running',
  );

  const stop = async () => {
    await scheduler.stop();
    await runtime.stop();
    store.stop();
    await new Promise<void>((r) => server.close(() => r()));
    h.store.close();
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      h.log.info(`${sig}: stopping`);
      void stop().then(() => process.exit(0));
    });
  }
  return { stop };
}
