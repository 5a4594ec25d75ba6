import type { Writable } from 'node:stream';
import type { ChatAdapter } from './chat/types.js';
import type { Horizon } from './context.js';
import { createConsoleAdapter } from '../adapters/console/index.js';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { createTeamsAdapter } from '../adapters/teams/index.js';
import { createHttpServer, listen } from './http/server.js';
import { startScheduler } from './schedule/scheduler.js';
import { nextAgendaAt } from './schedule/settings.js';
import { agendaChart } from './agenda/chart.js';

/** Every chat platform whose credentials are set; the console when none is. */
export function buildAdapters(
  h: Horizon,
  opts: { console?: { out?: Writable }; publishOnly?: boolean } = {},
): ChatAdapter[] {
  // Posting from the shell needs only the bot token: no receiver, so no signing secret.
  const slack = createSlackAdapter(h, opts.publishOnly ? { publishOnly: true } : undefined);
  const adapters = [slack, createTeamsAdapter(h)].filter((a): a is ChatAdapter => a !== null);
  return adapters.length ? adapters : [createConsoleAdapter(h, opts.console)];
}

/** Gives the core what only a running bot knows: where to post, when next, and the chart. */
export async function attachRuntime(
  h: Horizon,
  opts: { console?: { out?: Writable }; adapters?: ChatAdapter[]; publishOnly?: boolean } = {},
): Promise<{ adapters: ChatAdapter[]; stop(): Promise<void> }> {
  const adapters = opts.adapters ?? buildAdapters(h, opts);
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

/** `horizon start`: the HTTP server (when a platform needs it), every adapter, and the scheduler. */
export async function startBot(h: Horizon): Promise<{ stop(): Promise<void> }> {
  const runtime = await attachRuntime(h);
  const { adapters } = runtime;
  const scheduler = await startScheduler(h, () => adapters.map((a) => a.publisher));
  // Chat platforms get the HTTP server for their routes and for GET /healthz (Socket Mode has no routes).
  const needsHttp = adapters.some((a) => a.platform !== 'console');
  const server = needsHttp
    ? createHttpServer({
        adapters,
        log: h.log,
        checks: {
          store: () => {
            h.db.prepare('SELECT 1').get();
            return { ok: true, detail: 'SQLite ok' };
          },
          scheduler: () => scheduler.health(),
        },
      })
    : null;
  if (server) {
    const port = await listen(server, h.config.port);
    h.log.info({ port }, `listening on port ${port} (health: GET /healthz)`);
  }
  for (const a of adapters) await a.start();
  h.log.info(
    { platforms: adapters.map((a) => a.platform), next: nextAgendaAt(h)?.toISOString() },
    'Horizon is running',
  );

  const stop = async () => {
    await scheduler.stop();
    await runtime.stop();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    h.db.close();
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      h.log.info(`${sig}: stopping`);
      void stop().then(() => process.exit(0));
    });
  }
  return { stop };
}
