// Bytes on disk per stored item against the payload itself (title, summary, link and dates): real item
// texts from the labelled evaluation set, tagged and stored by the project's own ingest and store code,
// the database checkpointed and vacuumed before its file is measured.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeedKind, ParsedItem } from '../src/domain.js';
import { createHorizon } from '../src/horizon.js';
import { storeItems } from '../src/ingest/records.js';
import { tagForFeed } from '../src/ingest/tagging.js';
import { silentLogger } from '../src/log.js';
import { projectPath } from '../src/paths.js';
import { type BenchResult, goal, round } from './types.js';

const ITEMS = 20_000;

export async function benchStorage(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-bench-storage-'));
  try {
    const dbPath = join(dir, 'h.db');
    const h = createHorizon({ env: { HORIZON_DB: dbPath }, log: silentLogger });
    const texts = readFileSync(projectPath('eval', 'labels.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { title: string; summary: string });
    const kinds: FeedKind[] = ['policy', 'funding', 'news', 'research', 'parliament', 'legislation'];
    const now = h.now();
    const start = now.getTime() - 2 * 365 * 86_400_000;
    let payload = 0;
    for (let f = 0; f < 40; f++) {
      const feed = h.store.feeds.add(
        {
          url: `https://www.example.org/feeds/${f}.xml`,
          title: `Feed ${f}`,
          kind: kinds[f % kinds.length]!,
          addedBy: 'bench',
        },
        now.toISOString(),
      );
      const batch: ParsedItem[] = Array.from({ length: ITEMS / 40 }, (_, j) => {
        const n = f * (ITEMS / 40) + j;
        const t = texts[n % texts.length]!;
        const link = `https://www.example.org/news/${f}/${j}-${t.title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .slice(0, 60)}`;
        const publishedAt = new Date(start + ((n * 7919) % ITEMS) * 3_000_000).toISOString();
        payload += Buffer.byteLength(t.title) + Buffer.byteLength(t.summary) + Buffer.byteLength(link);
        // The dates the payload carries: published, and first seen.
        payload += 2 * publishedAt.length;
        return {
          key: link,
          title: t.title,
          summary: t.summary,
          link,
          canonicalUrl: link,
          publishedAt,
          categories: [],
        };
      });
      storeItems(h.store, feed, batch, tagForFeed(h.tagger, feed), { now, backfillBefore: null });
    }
    const stored = h.store.items.count();
    h.store.close();
    // Checkpointed and compacted, so the file holds the data and its indexes and nothing else.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(dbPath);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    const body = (db.prepare('SELECT sum(length(body)) AS n FROM items').get() as { n: number }).n;
    // Where the bytes are, from SQLite's own page accounting.
    const parts = db
      .prepare(
        `SELECT CASE WHEN name = 'items' THEN 'table' WHEN name LIKE 'items_%' THEN 'indexes'
           WHEN name LIKE 'item_topics%' OR name LIKE 'topic%' THEN 'topics' ELSE 'rest' END AS part,
           sum(pgsize) AS bytes
         FROM dbstat GROUP BY part`,
      )
      .all() as { part: string; bytes: number }[];
    db.close();
    const bytes = statSync(dbPath).size;
    const perItem = bytes / stored;
    const payloadPerItem = payload / stored;
    const r = goal(
      {
        name: `database bytes per stored item (${stored.toLocaleString('en-GB')} real item texts, tagged)`,
        value: Math.round(perItem),
        unit: 'bytes',
        baseline: {
          name: 'the payload itself: title, summary, link, two dates',
          value: Math.round(payloadPerItem),
        },
        ratio: round(perItem / payloadPerItem),
      },
      { maxRatio: 1.1 },
    );
    return [
      {
        ...r,
        note: `the whole file after VACUUM, divided by items: ${['table', 'indexes', 'topics', 'rest'].map((p) => `${Math.round((parts.find((x) => x.part === p)?.bytes ?? 0) / stored)} ${p === 'table' ? 'in item rows' : p === 'indexes' ? 'in their indexes' : p === 'topics' ? 'in topic links and months' : 'in everything else (feeds, topics, empty tables)'}`).join(', ')}; of an item row, the title, summary, link and reasons take ${Math.round(body / stored)} bytes, compressed (src/store/item-body.ts)${r.met ? '' : '. Not met: the rest of a row is what SQL filters and ranks on (effective time, score, stage, confidence, themes, deadline and amount, story and key hashes), and the indexes are the three the agenda, dedup and story lookups use'}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
