import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AdapterHealth, ChatAdapter, HttpRoute } from '../chat/types.js';
import type { Logger } from '../log.js';

export interface HealthReport {
  ok: boolean;
  checks: Record<string, AdapterHealth>;
}

export interface HttpServerOptions {
  adapters: ChatAdapter[];
  /** Extra checks for /healthz (the store, the scheduler). */
  checks?: Record<string, () => AdapterHealth | Promise<AdapterHealth>>;
  log: Logger;
  /** Largest request body any route may read; adapters enforce it when they read. */
  maxBodyBytes?: number;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function health(opts: HttpServerOptions): Promise<HealthReport> {
  const checks: Record<string, AdapterHealth> = {};
  for (const [name, check] of Object.entries(opts.checks ?? {})) {
    try {
      checks[name] = await check();
    } catch (err) {
      checks[name] = { ok: false, detail: (err as Error).message };
    }
  }
  for (const a of opts.adapters) {
    try {
      checks[a.platform] = await a.health();
    } catch (err) {
      checks[a.platform] = { ok: false, detail: (err as Error).message };
    }
  }
  return { ok: Object.values(checks).every((c) => c.ok), checks };
}

/** One HTTP server for every adapter (Slack events, Teams messages) and the health check, on one port. */
export function createHttpServer(opts: HttpServerOptions): Server {
  const routes: HttpRoute[] = opts.adapters.flatMap((a) => a.routes);
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      void health(opts).then((report) => send(res, report.ok ? 200 : 503, report));
      return;
    }
    const route = routes.find((r) => r.path === path && r.method === req.method);
    if (!route) {
      const known = routes.some((r) => r.path === path);
      send(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
      return;
    }
    Promise.resolve(route.handler(req, res)).catch((err: unknown) => {
      opts.log.error({ err, path }, 'request handler failed');
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.end();
    });
  });
}

export function listen(server: Server, port: number, host = '0.0.0.0'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}
