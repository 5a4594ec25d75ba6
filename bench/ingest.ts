import { createHash } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Parser from 'rss-parser';
import { loadConfig } from '../src/config.js';
import type { Horizon } from '../src/context.js';
import type { FeedKind, Tagger, Tagging } from '../src/domain.js';
import { SNAPSHOT_DIR } from '../src/feeds/snapshots.js';
import { scanFeeds } from '../src/ingest/scan.js';
import { silentLogger } from '../src/log.js';
import { createStore } from '../src/store/index.js';
import { createTagger, loadTaxonomy } from '../src/tagging/index.js';
import { type BenchResult, median } from './types.js';

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

type TagMode = 'real' | 'fixed';

/** What the parent asks of an ingest child: a database to fill from feeds it serves, in one or two rounds. */
interface ChildPlan {
  dbPath: string;
  feeds: { url: string; kind: FeedKind }[];
  tags: TagMode;
  rounds: 1 | 2;
}

interface ChildReport {
  /** Seconds per scan round, from the first fetch to the last item stored. */
  rounds: number[];
  /** Seconds of the first round spent inside the tagger. */
  tagSeconds: number;
  stored: number;
  notModified: number;
  /** Resident memory once modules, database and tagger are loaded, before the first fetch. */
  readyRssMB: number;
  peakRssMB: number;
}

/** Tagging left out: every item gets the same empty tags, and the tagger is never loaded. */
const FIXED_TAGS: Tagging = {
  stage: 'unknown',
  confidence: 0,
  themes: [],
  reasons: [],
  deadline: null,
  amount: null,
};

function horizonAt(plan: ChildPlan, tagSeconds: { total: number }): Horizon {
  const config = loadConfig({
    HORIZON_DB: plan.dbPath,
    HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    HORIZON_FETCH_TIMEOUT_MS: '60000',
  });
  const now = new Date('2026-03-10T09:00:00Z');
  const real = plan.tags === 'real' ? createTagger({ now: () => now }) : null;
  const tagger: Tagger = {
    tag(input) {
      if (!real) return FIXED_TAGS;
      const start = process.hrtime.bigint();
      const tags = real.tag(input);
      tagSeconds.total += Number(process.hrtime.bigint() - start) / 1e9;
      return tags;
    },
  };
  return {
    store: createStore(config.dbPath),
    config,
    taxonomy: loadTaxonomy(),
    tagger,
    log: silentLogger,
    now: () => now,
  };
}

/** The child's side: load, add the feeds, scan them (once or twice) and report times and memory. */
export async function runIngestChild(plan: ChildPlan): Promise<ChildReport> {
  const tagSeconds = { total: 0 };
  const h = horizonAt(plan, tagSeconds);
  try {
    for (const f of plan.feeds)
      h.store.feeds.add({ url: f.url, kind: f.kind, addedBy: 'bench' }, h.now().toISOString());
    const readyRssMB = Math.round(process.memoryUsage().rss / 2 ** 20);
    const rounds: number[] = [];
    let notModified = 0;
    let firstTagSeconds = 0;
    for (let r = 0; r < plan.rounds; r++) {
      rounds.push(
        await seconds(async () => {
          const report = await scanFeeds(h, { force: true });
          notModified = report.feeds.filter((f) => f.outcome === 'not-modified').length;
        }),
      );
      if (r === 0) firstTagSeconds = tagSeconds.total;
    }
    return {
      rounds,
      tagSeconds: firstTagSeconds,
      stored: h.store.items.count(),
      notModified,
      readyRssMB,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    h.store.close();
  }
}

/**
 * The child runs the code as plain JavaScript (bundled with esbuild, packages left to node_modules) so its
 * memory is what a built Horizon would use, not a TypeScript loader's. The bundle sits under node_modules so
 * the project root and the packages resolve as they do from src/.
 */
function childEntry(): { file: string; execArgv: string[]; runs: string } {
  const here = fileURLToPath(import.meta.url);
  try {
    // esbuild comes with tsx; it is not a dependency of its own, so only the one call used is typed here.
    const esbuild = createRequire(import.meta.url)('esbuild') as {
      buildSync: (options: Record<string, unknown>) => unknown;
    };
    const outDir = join(dirname(here), '..', 'node_modules', '.cache', 'horizon-bench');
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, 'ingest-child.mjs');
    esbuild.buildSync({
      stdin: {
        contents: `import './${basename(here)}';`,
        resolveDir: dirname(here),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      outfile: file,
      logLevel: 'silent',
    });
    return { file, execArgv: [], runs: 'plain Node running the bundled code' };
  } catch {
    // Without esbuild the child runs this file through the TypeScript loader, which adds its own memory.
    return {
      file: here,
      execArgv: ['--import', 'tsx'],
      runs: 'Node with the TypeScript loader, which adds its own memory',
    };
  }
}

let entry: ReturnType<typeof childEntry> | null = null;
const CHILD_ENV = 'HORIZON_BENCH_INGEST_CHILD';

function inChild(plan: ChildPlan): Promise<ChildReport> {
  entry ??= childEntry();
  const { file, execArgv } = entry;
  return new Promise((resolve, reject) => {
    const child = fork(file, [], {
      execArgv,
      env: { ...process.env, [CHILD_ENV]: '1' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: ChildReport | null = null;
    child.once('message', (m) => (report = m as ChildReport));
    child.once('error', reject);
    child.once('exit', (code) =>
      report ? resolve(report) : reject(new Error(`ingest child exited with code ${code} before reporting`)),
    );
    child.send(plan);
  });
}

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

const RUNS = 3;

/** The run with the median time; its peak memory is replaced by the largest of all runs. */
function medianRun(runs: ChildReport[]): ChildReport {
  const sorted = [...runs].sort((a, b) => a.rounds[0]! - b.rounds[0]!);
  const mid = sorted[Math.floor(sorted.length / 2)]!;
  return { ...mid, peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)) };
}

/**
 * (1) Ingest throughput over ~20,000 items (fetch from a local server, decode, parse, normalise, tag, store),
 * against rss-parser's bare parseString of the same bytes in the same run, with and without the tagger;
 * (2) a poll round of 500 feeds, first fetch and then the all-304 round; (3) peak resident memory of ingest.
 * Each ingest runs in a child process of its own, so the local feed server (here, in the parent) does not
 * share its thread and the child's memory is the ingest's alone.
 */
export async function benchIngest(targetItems = 20_000, pollFeeds = 500): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-bench-ingest-'));
  const results: BenchResult[] = [];
  try {
    const { docs, items } = corpus(targetItems);

    // Baseline: rss-parser alone, no network, no cleaning, no storage. The machine is shared and noisy, so
    // the baseline and each ingest run RUNS times, alternating, and the median run is reported.
    const parser = new Parser();
    const baselineRates: number[] = [];
    const baselinePass = async () => {
      let parsed = 0;
      const s = await seconds(async () => {
        for (const d of docs) {
          try {
            parsed += (await parser.parseString(d.body.toString('utf8'))).items.length;
          } catch {
            /* a file rss-parser cannot read alone still counts its time */
          }
        }
      });
      baselineRates.push(parsed / s);
    };

    const server = await serveDocs(docs);
    const feeds = docs.map((d) => ({ url: server.base + d.path, kind: d.kind }));
    const fulls: ChildReport[] = [];
    const fixeds: ChildReport[] = [];
    try {
      for (let run = 0; run < RUNS; run++) {
        await baselinePass();
        fulls.push(await inChild({ dbPath: join(dir, `full-${run}.db`), feeds, tags: 'real', rounds: 1 }));
        fixeds.push(
          await inChild({ dbPath: join(dir, `untagged-${run}.db`), feeds, tags: 'fixed', rounds: 1 }),
        );
      }
    } finally {
      await server.close();
    }
    const baseline = Math.round(median(baselineRates));
    const baselineResult = { name: `rss-parser parseString alone (median of ${RUNS})`, value: baseline };
    const full = medianRun(fulls);
    const fixed = medianRun(fixeds);
    const label = `${full.stored.toLocaleString('en-GB')} items, ${docs.length} feeds`;
    const throughput = (stored: number, s: number) => Math.round(stored / s);
    const wholeRate = throughput(full.stored, full.rounds[0]!);
    results.push({
      name: `ingest throughput, whole pipeline (${label}, median of ${RUNS})`,
      value: wholeRate,
      unit: 'items/s',
      baseline: baselineResult,
      ratio: round2(wholeRate / baseline),
      note: `local HTTP fetch, decoding and entity handling, parse, plain text, tagging, SQLite (${items} items offered); the baseline only parses. Goal: within 1.5× of the baseline's time (ratio ≥ 0.67)`,
    });
    const tagShare = full.tagSeconds / full.rounds[0]!;
    results.push({
      name: 'ingest throughput, same run less the time inside the tagger',
      value: throughput(full.stored, full.rounds[0]! - full.tagSeconds),
      unit: 'items/s',
      baseline: baselineResult,
      ratio: round2(throughput(full.stored, full.rounds[0]! - full.tagSeconds) / baseline),
      note: `the tagger took ${round2(full.tagSeconds)} s of ${round2(full.rounds[0]!)} s (${Math.round(tagShare * 100)}%): ${throughput(full.stored, full.tagSeconds)} items/s on its own`,
    });
    const fixedRate = throughput(fixed.stored, fixed.rounds[0]!);
    results.push({
      name: 'ingest throughput, tagger not loaded (fixed tags)',
      value: fixedRate,
      unit: 'items/s',
      baseline: baselineResult,
      ratio: round2(fixedRate / baseline),
      note: `fetch, parse, normalise and store only, in a child of its own (${fixed.stored.toLocaleString('en-GB')} items)`,
    });

    // A poll round of many feeds: the first fetch of each, then the round where every feed answers 304.
    const pollDocs = corpus(0, pollFeeds).docs.slice(0, pollFeeds);
    const pollServer = await serveDocs(pollDocs);
    let poll: ChildReport;
    try {
      poll = await inChild({
        dbPath: join(dir, 'poll.db'),
        feeds: pollDocs.map((d) => ({ url: pollServer.base + d.path, kind: d.kind })),
        tags: 'real',
        rounds: 2,
      });
    } finally {
      await pollServer.close();
    }
    const [first, again] = [poll.rounds[0]!, poll.rounds[1]!];
    const concurrency = loadConfig({}).fetch.concurrency;
    results.push({
      name: `poll round, ${pollDocs.length} feeds, first fetch`,
      value: round2(first),
      unit: 's',
      note: `concurrency ${concurrency}, ${poll.stored.toLocaleString('en-GB')} items stored, tagger included`,
    });
    results.push({
      name: `poll round, ${pollDocs.length} feeds, all unchanged`,
      value: round2(again),
      unit: 's',
      baseline: { name: 'first fetch', value: round2(first) },
      ratio: round2(again / first),
      note: `${poll.notModified} of ${pollDocs.length} answered 304 Not Modified (ETag kept in SQLite). Goal: under 2 s`,
    });

    const peak = Math.max(full.peakRssMB, poll.peakRssMB);
    results.push({
      name: 'peak resident memory of ingest, with the tagger',
      value: peak,
      unit: 'MB',
      baseline: { name: 'loaded and ready, before the first fetch', value: full.readyRssMB },
      ratio: round2(peak / full.readyRssMB),
      note: `maxRSS of the ingest child (${entry?.runs}; the feed server is in another process), the larger of the ${docs.length}-feed and ${pollDocs.length}-feed runs. Goal: under 150 MB`,
    });
    results.push({
      name: 'peak resident memory of ingest, tagger not loaded',
      value: fixed.peakRssMB,
      unit: 'MB',
      baseline: { name: 'loaded and ready, before the first fetch', value: fixed.readyRssMB },
      ratio: round2(fixed.peakRssMB / fixed.readyRssMB),
      note: 'the same measure for the run with fixed tags',
    });
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const invokedDirectly = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*[\\/]/, ''));
if (process.env[CHILD_ENV]) {
  process.once('message', (plan) => {
    void runIngestChild(plan as ChildPlan).then((report) => {
      process.send?.(report);
      process.disconnect?.();
    });
  });
} else if (invokedDirectly) {
  for (const r of await benchIngest()) console.log(JSON.stringify(r));
}
