import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itemScore } from '../src/agenda/score.js';
import type { FeedKind, ItemRecord, ParsedItem, Tagging, TopicRef } from '../src/domain.js';
import { contentHash, storyKey } from '../src/ingest/identity.js';
import { tagForFeed } from '../src/ingest/tagging.js';
import { projectPath } from '../src/paths.js';
import { createStore } from '../src/store/index.js';
import { createTagger, loadTaxonomy } from '../src/tagging/index.js';
import { extractTopics } from '../src/topics/extract.js';
import type { Sample } from './agenda-once.js';
import { type BenchResult, goal, median, round } from './types.js';

const KINDS: FeedKind[] = ['policy', 'funding', 'news', 'research', 'parliament', 'legislation'];
const FEEDS = 60;
/** The agenda's month, and the moment it is built: the month is complete, every item known. */
export const MONTH = '2026-03';
export const NOW = '2026-04-01T06:00:00.000Z';
const FIRST = Date.parse('2024-04-01T00:00:00Z');
const LAST = Date.parse('2026-03-31T22:00:00Z');
// Changes whenever what is generated changes, so a cached file is never stale.
const GENERATOR = 'v1';

/** Real item texts, from the labelled evaluation set, to fill the store with. */
function realTexts(): { title: string; summary: string }[] {
  return readFileSync(projectPath('eval', 'labels.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { title: string; summary: string });
}

/** Where the generated store is kept between runs (named by the generator; migrations bring it up to date). */
function cachedPath(total: number): string {
  const key = createHash('sha1').update(`${GENERATOR}:${total}`).digest('hex').slice(0, 12);
  return join(tmpdir(), `horizon-bench-agenda-${total}-${key}.db`);
}

/**
 * A store of `total` items over two years (about 42,000 a month at a million), written by the project's
 * own store code: 60 feeds of every kind, real item texts tagged by the shipped tagger and their topics
 * found by the topic extractor (each distinct text tagged once and reused, which is what makes a million
 * items take minutes rather than an hour), one story in twenty carried by two feeds, a few people's
 * corrections and "not relevant" marks in the month, and an organisation profile.
 */
function generate(path: string, total: number, log: (s: string) => void): void {
  const tmp = `${path}.part`;
  rmSync(tmp, { force: true });
  const store = createStore(tmp);
  const taxonomy = loadTaxonomy();
  const tagger = createTagger({ taxonomy });
  const texts = realTexts();
  const now = new Date(NOW);
  const feeds = Array.from({ length: FEEDS }, (_, i) =>
    store.feeds.add(
      {
        url: `https://example.org/f${i}.xml`,
        title: `Feed ${i}`,
        kind: KINDS[i % KINDS.length]!,
        addedBy: 'bench',
      },
      now.toISOString(),
    ),
  );
  const known = new Map<string, { tagging: Tagging; topics: TopicRef[] }>();
  const topicsOf = new Map<string, TopicRef[]>();
  const batches = feeds.map(() => [] as ItemRecord[]);
  const flush = (fi: number) => {
    store.items.upsert(feeds[fi]!, batches[fi]!, { now: now.toISOString(), backfillBefore: null });
    batches[fi] = [];
  };
  const started = Date.now();
  for (let n = 0; n < total; n++) {
    const fi = n % FEEDS;
    const feed = feeds[fi]!;
    const ti = (n * 7919) % texts.length;
    const t = texts[ti]!;
    // Every twentieth item is a story another feed carried just before.
    const story = n % 20 === 0 && n > 0 ? n - 1 : n;
    const link = `https://example.org/story/${story}`;
    const p: ParsedItem = {
      key: `item-${n}`,
      title: t.title,
      summary: t.summary,
      link,
      canonicalUrl: link,
      publishedAt: new Date(FIRST + (((n * 104729) % total) / total) * (LAST - FIRST)).toISOString(),
      categories: [],
    };
    const memo = `${feed.kind}:${ti}`;
    let m = known.get(memo);
    if (!m) {
      m = { tagging: tagForFeed(tagger, feed)(p), topics: extractTopics(p.title, p.summary) };
      known.set(memo, m);
    }
    batches[fi]!.push({
      ...p,
      contentHash: contentHash(p),
      storyKey: storyKey(p),
      tagging: m.tagging,
      retagAt: null,
      // Topics are linked month by month after storing (below): storing items in the order of a feed's
      // two years would recompute each topic month hundreds of times, which no real poll does.
      topics: [],
      rankScore: itemScore(m.tagging, feed.kind),
    });
    topicsOf.set(p.key, m.topics);
    if (batches[fi]!.length >= 2_000) flush(fi);
    if (n % 100_000 === 0 && n > 0)
      log(`  … ${n.toLocaleString('en-GB')} items (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  feeds.forEach((_, fi) => flush(fi));
  log(`  stored (${Math.round((Date.now() - started) / 1000)} s); linking topics month by month…`);
  for (let m = new Date(FIRST); m.getTime() < LAST; m.setUTCMonth(m.getUTCMonth() + 1)) {
    const next = new Date(m);
    next.setUTCMonth(next.getUTCMonth() + 1);
    const monthItems = store.items.inWindow(m.toISOString(), next.toISOString());
    store.items.linkTopics(
      monthItems.map((i) => ({ id: i.id, topics: topicsOf.get(i.key) ?? [] })),
      now.toISOString(),
    );
  }
  const month = store.items.inWindow(`${MONTH}-01T00:00:00.000Z`, `${MONTH}-02T00:00:00.000Z`);
  month.slice(0, 10).forEach((i, k) => store.items.setCorrectedStage(i.id, k % 2 ? 'slope' : 'trigger'));
  month.slice(10, 20).forEach((i) => store.items.setNotRelevant(i.id, true));
  store.profile.set(
    {
      missionKeywords: ['carers', 'loneliness'],
      beneficiaryGroups: ['older people'],
      themes: ['social-care'],
      places: ['London'],
    },
    now.toISOString(),
  );
  store.close();
  renameSync(tmp, path);
}

/** One measurement in a fresh process (cold: nothing prepared, SQLite's cache empty; the OS's page cache aside). */
function cold(mode: 'subject' | 'baseline', path: string): Sample {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', projectPath('bench', 'agenda-once.ts'), mode, path],
    {
      encoding: 'utf8',
      env: { ...process.env, HORIZON_LOG_LEVEL: 'silent' },
    },
  );
  if (r.status !== 0) throw new Error(`agenda ${mode} run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Sample;
}

/** Agenda build over 1,000,000 stored items (about 42,000 in the month), cold and warm, against the bare SELECT of the month. */
export async function benchAgenda(total = 1_000_000): Promise<BenchResult[]> {
  const path = cachedPath(total);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  let generated = '';
  if (!existsSync(path)) {
    log(`generating a ${total.toLocaleString('en-GB')}-item store at ${path} (kept for later runs)…`);
    const t = Date.now();
    generate(path, total, log);
    generated = ` Generated in ${Math.round((Date.now() - t) / 1000)} s and kept at ${path}.`;
  } else {
    generated = ` The generated store is kept between runs at ${path}.`;
  }
  // Brought up to the current schema by the project's own migrations (a no-op when it is current).
  createStore(path).close();
  const { measureOnce } = await import('./agenda-once.js');
  // Warm: one process, one store handle, statements prepared, SQLite's cache filled; taking turns.
  const warm = { subject: [] as Sample[], baseline: [] as Sample[] };
  const handles = {
    subject: await measureOnce('subject', path, true),
    baseline: await measureOnce('baseline', path, true),
  };
  for (let r = 0; r < 9; r++) {
    warm.subject.push(handles.subject.run());
    warm.baseline.push(handles.baseline.run());
  }
  handles.subject.close();
  handles.baseline.close();
  const coldRuns = { subject: [] as Sample[], baseline: [] as Sample[] };
  for (let r = 0; r < 5; r++) {
    coldRuns.subject.push(cold('subject', path));
    coldRuns.baseline.push(cold('baseline', path));
  }
  const last = warm.subject.at(-1)!;
  const rows = warm.baseline.at(-1)!.rows ?? 0;
  const row = (label: string, s: Sample[], b: Sample[], extra: string): BenchResult => {
    const value = median(s.map((x) => x.ms));
    const base = median(b.map((x) => x.ms));
    const r = goal(
      {
        name: `agenda build, ${label}, ${total.toLocaleString('en-GB')} stored items (${rows.toLocaleString('en-GB')} in the month)`,
        value: round(value, 1),
        unit: 'ms',
        baseline: { name: "bare SELECT of the month's rows", value: round(base, 1) },
        ratio: round(value / base, 2),
      },
      { max: 200 },
    );
    return {
      ...r,
      note: `${extra} Everything a preview does: profile relevance, topic movements (${last.movements} this month), deadlines, ${last.items} items chosen from ${last.candidates?.toLocaleString('en-GB')} candidates.${generated}`,
    };
  };
  return [
    row(
      'warm',
      warm.subject,
      warm.baseline,
      'Median of 9, taking turns with the baseline on the same open database.',
    ),
    row(
      'cold',
      coldRuns.subject,
      coldRuns.baseline,
      'Median of 5, each in a new process (opening the store and the taxonomy included: the taxonomy as checked by an earlier process, kept beside the database until the file changes; the OS page cache stays warm).',
    ),
  ];
}
