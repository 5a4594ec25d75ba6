import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import type { Horizon } from '../src/context.js';
import type { FeedKind } from '../src/domain.js';
import { SNAPSHOT_DIR } from '../src/feeds/snapshots.js';
import { scanFeeds } from '../src/ingest/scan.js';
import { silentLogger } from '../src/log.js';
import { projectPath } from '../src/paths.js';
import Database from 'better-sqlite3';
import { createStore } from '../src/store/index.js';
import { createTagger, loadTaxonomy } from '../src/tagging/index.js';
import { type BenchResult, median } from './types.js';

const FEEDS = 500;
const RUNS = 7;

/** The shipped snapshot feeds, copied until there are `n`, each copy's ids made its own. */
function feeds(n: number): { path: string; body: Buffer; kind: FeedKind }[] {
  const files = readdirSync(SNAPSHOT_DIR)
    .filter((f) => /\.(rss|atom)$/.test(f))
    .sort();
  const out: { path: string; body: Buffer; kind: FeedKind }[] = [];
  for (let k = 0; out.length < n; k++)
    for (const name of files) {
      if (out.length >= n) break;
      const text = readFileSync(join(SNAPSHOT_DIR, name), 'utf8')
        .replace(
          /(<guid\b[^>]*>)([^<]*)(<\/guid>)/g,
          (_m, a: string, id: string, b: string) => `${a}${id}#${k}${b}`,
        )
        .replace(/(<id>)([^<]*)(<\/id>)/g, (_m, a: string, id: string, b: string) => `${a}${id}#${k}${b}`);
      out.push({
        path: `/${k}/${name}`,
        body: Buffer.from(text),
        kind: name.startsWith('policy') ? 'policy' : 'news',
      });
    }
  return out;
}

/**
 * Feeds that always answer 200 with the same bytes (no validators), so a "nothing new" round still reads,
 * parses and checks every item, and each GOV.UK link is checked against the stored pages: the worst case for
 * enrichment. The Content API answers every path with one real sample.
 */
async function servers(docs: { path: string; body: Buffer }[]) {
  const byPath = new Map(docs.map((d) => [d.path, d.body]));
  const page = readFileSync(
    projectPath('test', 'fixtures', 'apis', 'govuk-content', 'consultation--consultation_outcome.json'),
  );
  let contentRequests = 0;
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/api/content/')) {
      contentRequests++;
      return void res.writeHead(200, { 'Content-Type': 'application/json', ETag: '"page"' }).end(page);
    }
    const body = byPath.get(url);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': body.length }).end(body);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    contentRequests: () => contentRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

interface Prepared {
  h: Horizon;
  close: () => void;
}

/** A store filled by a first round (and, with enrichment on, its page cache). */
async function prepared(
  dir: string,
  name: string,
  base: string,
  docs: { path: string; kind: FeedKind }[],
  enrich: boolean,
): Promise<Prepared> {
  const config = loadConfig({
    HORIZON_DB: join(dir, `${name}.db`),
    HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    HORIZON_FETCH_TIMEOUT_MS: '60000',
    HORIZON_ENRICH: enrich ? 'on' : 'off',
    HORIZON_GOVUK_URL: base,
  });
  const now = new Date('2026-03-10T09:00:00Z');
  const h: Horizon = {
    store: createStore(config.dbPath),
    config,
    taxonomy: loadTaxonomy(),
    tagger: createTagger({ now: () => now }),
    log: silentLogger,
    now: () => now,
  };
  for (const d of docs)
    h.store.feeds.add({ url: base + d.path, kind: d.kind, addedBy: 'bench' }, now.toISOString());
  await scanFeeds(h, { force: true });
  return { h, close: () => h.store.close() };
}

/** One poll round in which nothing is new; its time and the Content API requests it made. */
async function nothingNew(p: Prepared): Promise<{ seconds: number; requests: number }> {
  let requests = 0;
  const s = await seconds(async () => {
    const report = await scanFeeds(p.h, { force: true });
    requests = report.contentApiRequests;
    if (report.totals.newItems + report.totals.updatedItems > 0) throw new Error('the round was not empty');
  });
  return { seconds: s, requests };
}

/**
 * A poll round of 500 feeds with nothing new, with GOV.UK enrichment off and on: both stores are filled
 * first, then their rounds alternate RUNS times on the same machine and the medians are compared. Goal:
 * enrichment slows it by no more than 10 %.
 */
export async function benchSources(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-bench-sources-'));
  const docs = feeds(FEEDS);
  const srv = await servers(docs);
  const stores: Prepared[] = [];
  try {
    const off = await prepared(dir, 'off', srv.base, docs, false);
    stores.push(off);
    const on = await prepared(dir, 'on', srv.base, docs, true);
    stores.push(on);
    const enrichedItems =
      // Read beside the store: how many items carry GOV.UK facts is the bench's question, not the product's.
      (
        new Database(on.h.config.dbPath, { readonly: true })
          .prepare('SELECT COUNT(*) AS n FROM items WHERE facts IS NOT NULL')
          .get() as { n: number }
      ).n;
    const offS: number[] = [];
    const onS: number[] = [];
    let requests = 0;
    for (let run = 0; run < RUNS; run++) {
      offS.push((await nothingNew(off)).seconds);
      const r = await nothingNew(on);
      onS.push(r.seconds);
      requests = Math.max(requests, r.requests);
    }
    const a = median(offS);
    const b = median(onS);
    return [
      {
        name: `poll round, ${FEEDS} feeds, nothing new, GOV.UK enrichment on (median of ${RUNS})`,
        value: Math.round(b * 100) / 100,
        unit: 's',
        baseline: { name: 'enrichment off', value: Math.round(a * 100) / 100 },
        ratio: Math.round((b / a) * 100) / 100,
        note: `feeds answer 200 with the same bytes (no ETag), so every item and each of its ${enrichedItems.toLocaleString('en-GB')} GOV.UK-enriched items is checked again (the worst case; a 304 round skips both); Content API requests in these rounds: ${requests}. Goal: ratio ≤ 1.10`,
      },
    ];
  } finally {
    for (const s of stores) s.close();
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*[\\/]/, ''));
if (invokedDirectly) for (const r of await benchSources()) console.log(JSON.stringify(r));
