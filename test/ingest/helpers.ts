import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { Horizon } from '../../src/context.js';
import type { Feed, FeedKind, TagInput, Tagger, Tagging } from '../../src/domain.js';
import { silentLogger } from '../../src/log.js';
import { openDb, type Db } from '../../src/store/db.js';
import { createStore } from '../../src/store/index.js';
import { projectPath } from '../../src/paths.js';
import { createTagger, loadTaxonomy } from '../../src/tagging/index.js';

export const FIXTURES = projectPath('test', 'fixtures', 'feeds');

export function fixture(relative: string): Buffer {
  return readFileSync(join(FIXTURES, relative));
}

const cleanups: (() => void | Promise<void>)[] = [];

/** Runs everything the helpers opened during a test; call from afterEach. */
export async function cleanup(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!();
}

export function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-ingest-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'horizon.db');
}

export function freshDb(path = tempDbPath()): Db {
  const db = openDb(path);
  cleanups.unshift(() => {
    db.close();
  });
  return db;
}

/** The project's tagger, counting its calls so tests can see when items are (re)tagged. */
export function countingTagger(clock: () => Date): Tagger & { calls: number } {
  const inner = createTagger({ now: clock });
  const tagger = {
    calls: 0,
    tag(input: TagInput): Tagging {
      tagger.calls++;
      return inner.tag(input);
    },
  };
  return tagger;
}

export interface TestHorizon extends Horizon {
  /** The database file opened directly, for checks; the product reaches it only through store. */
  readonly db: Db;
  clock: { now: Date };
  tagger: Tagger & { calls: number };
}

export function testHorizon(
  opts: {
    path?: string;
    now?: string;
    allow?: string;
    timeoutMs?: number;
    ttfbMs?: number;
    maxBytes?: number;
    concurrency?: number;
  } = {},
): TestHorizon {
  const clock = { now: new Date(opts.now ?? '2026-03-10T09:00:00Z') };
  const config = loadConfig({
    HORIZON_ALLOW_PRIVATE_HOSTS: opts.allow ?? '127.0.0.1',
    HORIZON_FETCH_TIMEOUT_MS: String(opts.timeoutMs ?? 3000),
    HORIZON_FETCH_MAX_BYTES: String(opts.maxBytes ?? 10 * 1024 * 1024),
    HORIZON_FETCH_CONCURRENCY: String(opts.concurrency ?? 4),
    ...(opts.ttfbMs ? { HORIZON_FETCH_TTFB_MS: String(opts.ttfbMs) } : {}),
    HORIZON_TIMEZONE: 'Europe/London',
    // No test reaches GOV.UK; the source tests switch look-ups on against a local server.
    HORIZON_ENRICH: 'off',
  });
  const path = opts.path ?? tempDbPath();
  const store = createStore(path);
  cleanups.unshift(() => {
    if (store.open) store.close();
  });
  let raw: Db | null = null;
  return {
    store,
    get db() {
      return (raw ??= freshDb(path));
    },
    config,
    tagger: countingTagger(() => clock.now),
    taxonomy: loadTaxonomy(),
    log: silentLogger,
    now: () => clock.now,
    clock,
  };
}

export function feedAt(h: Horizon, url: string, kind: FeedKind = 'news', themes: string[] = []): Feed {
  return h.store.feeds.add({ url, kind, themes, addedBy: 'test' }, h.now().toISOString());
}

export interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface TestServer {
  url: (path: string) => string;
  requests: Seen[];
  /** Replaces or adds a route while the server runs. */
  route: (path: string, handler: Handler) => void;
  /** TCP connections opened to the server so far. */
  readonly connections: number;
}

/**
 * A real HTTP server with a route per path; unknown paths answer 404. It listens on 127.0.0.1 unless another
 * loopback address is given (127.0.0.2, …), which is how a test has several hosts.
 */
export async function serve(routes: Record<string, Handler>, host = '127.0.0.1'): Promise<TestServer> {
  const table = new Map(Object.entries(routes));
  const requests: Seen[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, headers: req.headers });
    const handler = table.get(path);
    if (!handler) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res);
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://${host}:${port}${path}`,
    requests,
    route: (path, handler) => table.set(path, handler),
    get connections() {
      return connections;
    },
  };
}

/** Serves bytes with a content type, and ETag / Last-Modified validators when given. */
export function body(
  content: Buffer | string,
  opts: { type?: string; etag?: string; lastModified?: string; headers?: Record<string, string> } = {},
): Handler {
  return (req, res) => {
    if (opts.etag && req.headers['if-none-match'] === opts.etag) return void res.writeHead(304).end();
    if (opts.lastModified && !opts.etag && req.headers['if-modified-since'] === opts.lastModified)
      return void res.writeHead(304).end();
    const headers: Record<string, string> = {
      'Content-Type': opts.type ?? 'application/rss+xml',
      ...opts.headers,
    };
    if (opts.etag) headers.ETag = opts.etag;
    if (opts.lastModified) headers['Last-Modified'] = opts.lastModified;
    res.writeHead(200, headers).end(content);
  };
}

export function redirect(to: string, status = 302): Handler {
  return (_req, res) => void res.writeHead(status, { Location: to }).end();
}

/** A small RSS 2.0 document from item specs, for cases no real file shows. */
export function rss(
  items: { title?: string; link?: string; guid?: string; date?: string; description?: string }[],
  title = 'Test feed',
): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const entries = items
    .map(
      (i) =>
        `<item>${i.title !== undefined ? `<title>${esc(i.title)}</title>` : ''}${i.link ? `<link>${esc(i.link)}</link>` : ''}` +
        `${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ''}${i.date ? `<pubDate>${i.date}</pubDate>` : ''}` +
        `${i.description !== undefined ? `<description>${esc(i.description)}</description>` : ''}</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.org/</link>\n${entries}\n</channel></rss>`;
}
