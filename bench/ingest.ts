import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { loadConfig } from '../src/config.js';
import type { Horizon } from '../src/context.js';
import type { FeedKind } from '../src/domain.js';
import { SNAPSHOT_DIR } from '../src/feeds/snapshots.js';
import { scanFeeds } from '../src/ingest/scan.js';
import { silentLogger } from '../src/log.js';
import { openDb } from '../src/store/db.js';
import { addFeed } from '../src/store/feeds.js';
import { countItems } from '../src/store/items.js';
import { createTagger } from '../src/tagging/index.js';
import type { BenchResult } from './types.js';

interface Doc {
  path: string;
  body: Buffer;
  etag: string;
  kind: FeedKind;
}

/** The shipped snapshot feeds: real Parliament and legislation.gov.uk files and feeds of real published items. */
function realFeeds(): { name: string; text: string }[] {
  return readdirSync(SNAPSHOT_DIR)
    .filter((f) => /\.(rss|atom)$/.test(f))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(SNAPSHOT_DIR, name), 'utf8') }));
}

/** Copy `k` of a feed: every guid and Atom id made unique, so each copy's items are new items. */
function variant(text: string, k: number): string {
  return text
    .replace(
      /(<guid\b[^>]*>)([^<]*)(<\/guid>)/g,
      (_m, a: string, id: string, b: string) => `${a}${id}#copy-${k}${b}`,
    )
    .replace(/(<id>)([^<]*)(<\/id>)/g, (_m, a: string, id: string, b: string) => `${a}${id}#copy-${k}${b}`);
}

function kindOf(name: string): FeedKind {
  if (name.startsWith('parliament')) return 'parliament';
  if (name.startsWith('legislation')) return 'legislation';
  if (name.startsWith('fund')) return 'funding';
  if (name.startsWith('policy')) return 'policy';
  if (name.startsWith('research')) return 'research';
  return 'news';
}

/** Scaled copies of the real feeds until they hold at least `targetItems` items and `minDocs` files. */
function corpus(targetItems: number, minDocs = 0): { docs: Doc[]; items: number } {
  const feeds = realFeeds();
  const perRound = feeds.reduce((n, f) => n + (f.text.match(/<item[\s>]|<entry[\s>]/g)?.length ?? 0), 0);
  const rounds = Math.max(1, Math.ceil(targetItems / perRound), Math.ceil(minDocs / feeds.length));
  const docs: Doc[] = [];
  for (let k = 0; k < rounds; k++) {
    for (const f of feeds) {
      const body = Buffer.from(variant(f.text, k));
      docs.push({
        path: `/${k}/${f.name}`,
        body,
        etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`,
        kind: kindOf(f.name),
      });
    }
  }
  return { docs, items: rounds * perRound };
}

async function serveDocs(docs: Doc[]): Promise<{ base: string; close: () => Promise<void> }> {
  const byPath = new Map(docs.map((d) => [d.path, d]));
  const server = http.createServer((req, res) => {
    const doc = byPath.get(req.url ?? '');
    if (!doc) return void res.writeHead(404).end();
    if (req.headers['if-none-match'] === doc.etag) return void res.writeHead(304, { ETag: doc.etag }).end();
    res
      .writeHead(200, {
        'Content-Type': 'application/xml',
        ETag: doc.etag,
        'Content-Length': doc.body.length,
      })
      .end(doc.body);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function horizonAt(dir: string, name: string): Horizon {
  const config = loadConfig({
    HORIZON_DB: join(dir, name),
    HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    HORIZON_FETCH_TIMEOUT_MS: '60000',
  });
  const now = new Date('2026-03-10T09:00:00Z');
  return {
    db: openDb(config.dbPath),
    config,
    tagger: createTagger({ now: () => now }),
    log: silentLogger,
    now: () => now,
  };
}

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * (1) Ingest throughput over ~20,000 items (fetch from a local server, decode, parse, normalise, tag, store),
 * against rss-parser's bare parseString of the same bytes in the same run; (2) a poll round of 500 feeds,
 * first fetch and then the all-304 round; (3) peak resident memory.
 */
export async function benchIngest(targetItems = 20_000, pollFeeds = 500): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-bench-ingest-'));
  const results: BenchResult[] = [];
  try {
    const { docs, items } = corpus(targetItems);

    // Baseline: rss-parser alone, no network, no cleaning, no storage.
    const parser = new Parser();
    let parsedByBaseline = 0;
    const baselineSeconds = await seconds(async () => {
      for (const d of docs) {
        try {
          parsedByBaseline += (await parser.parseString(d.body.toString('utf8'))).items.length;
        } catch {
          /* a file rss-parser cannot read alone still counts its time */
        }
      }
    });

    const server = await serveDocs(docs);
    const h = horizonAt(dir, 'throughput.db');
    try {
      for (const d of docs)
        addFeed(h.db, { url: server.base + d.path, kind: d.kind, addedBy: 'bench' }, h.now().toISOString());
      const ingestSeconds = await seconds(() => scanFeeds(h));
      const stored = countItems(h.db);
      const value = Math.round(stored / ingestSeconds);
      const baseline = Math.round(parsedByBaseline / baselineSeconds);
      results.push({
        name: `ingest throughput (${stored.toLocaleString('en-GB')} items, ${docs.length} feeds)`,
        value,
        unit: 'items/s',
        baseline: { name: 'rss-parser parseString alone', value: baseline },
        ratio: Math.round((value / baseline) * 100) / 100,
        note: `full pipeline: local HTTP fetch, charset and entity handling, parse, plain text, tagging, SQLite (${items} items offered); the baseline only parses`,
      });
    } finally {
      h.db.close();
      await server.close();
    }

    // A poll round of many feeds: the first fetch of each, then the round where every feed answers 304.
    const pollDocs = corpus(0, pollFeeds).docs.slice(0, pollFeeds);
    const pollServer = await serveDocs(pollDocs);
    const p = horizonAt(dir, 'poll.db');
    try {
      for (const d of pollDocs)
        addFeed(
          p.db,
          { url: pollServer.base + d.path, kind: d.kind, addedBy: 'bench' },
          p.now().toISOString(),
        );
      const first = await seconds(() => scanFeeds(p, { force: true }));
      let notModified = 0;
      const again = await seconds(async () => {
        const report = await scanFeeds(p, { force: true });
        notModified = report.feeds.filter((f) => f.outcome === 'not-modified').length;
      });
      results.push({
        name: `poll round, ${pollDocs.length} feeds, first fetch`,
        value: Math.round(first * 100) / 100,
        unit: 's',
        note: `concurrency ${p.config.fetch.concurrency}`,
      });
      results.push({
        name: `poll round, ${pollDocs.length} feeds, all unchanged`,
        value: Math.round(again * 100) / 100,
        unit: 's',
        baseline: { name: 'first fetch', value: Math.round(first * 100) / 100 },
        ratio: Math.round((again / first) * 100) / 100,
        note: `${notModified} of ${pollDocs.length} answered 304 Not Modified (ETag kept in SQLite)`,
      });
    } finally {
      p.db.close();
      await pollServer.close();
    }

    results.push({
      name: 'peak resident memory (whole process so far)',
      value: Math.round(process.resourceUsage().maxRSS / 1024),
      unit: 'MB',
      note: 'goal: under 150 MB for ingest',
    });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*[\\/]/, ''));
if (invokedDirectly) {
  for (const r of await benchIngest()) console.log(JSON.stringify(r));
}
