import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAgenda } from '../src/agenda/build.js';
import { loadConfig } from '../src/config.js';
import type { Horizon } from '../src/context.js';
import type { FeedKind, ParsedItem } from '../src/domain.js';
import { silentLogger } from '../src/log.js';
import Database from 'better-sqlite3';
import { createStore } from '../src/store/index.js';
import { tagForFeed } from '../src/ingest/tagging.js';
import { storeItems } from '../src/ingest/records.js';
import { createTagger, loadTaxonomy } from '../src/tagging/index.js';
import { readFileSync } from 'node:fs';
import { projectPath } from '../src/paths.js';
import { type BenchResult, median, timeMs } from './types.js';

const KINDS: FeedKind[] = ['policy', 'funding', 'news', 'research', 'parliament', 'legislation'];

/** Real item texts, from the labelled evaluation set, to fill the store with. */
function realTexts(): { title: string; summary: string }[] {
  return readFileSync(projectPath('eval', 'labels.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { title: string; summary: string });
}

/** Agenda build over 100,000 stored items (about 4,000 a month over two years), against reading the month's rows. */
export async function benchAgenda(total = 100_000): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-bench-agenda-'));
  try {
    const config = loadConfig({ HORIZON_DB: join(dir, 'h.db') });
    const store = createStore(config.dbPath);
    // The baseline reads the month's rows directly, beside the store, as the cheapest possible build.
    const raw = new Database(config.dbPath, { readonly: true });
    const now = new Date('2026-03-20T12:00:00Z');
    const taxonomy = loadTaxonomy();
    const h: Horizon = {
      store,
      config,
      taxonomy,
      tagger: createTagger({ taxonomy }),
      log: silentLogger,
      now: () => now,
    };
    const texts = realTexts();
    const feeds = Array.from({ length: 60 }, (_, i) =>
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
    const start = Date.parse('2024-04-01T00:00:00Z');
    const span = Date.parse('2026-04-01T00:00:00Z') - start;
    for (const [fi, feed] of feeds.entries()) {
      const perFeed = Math.ceil(total / feeds.length);
      const batch: ParsedItem[] = [];
      for (let j = 0; j < perFeed; j++) {
        const n = fi * perFeed + j;
        const t = texts[n % texts.length]!;
        const link = `https://example.org/${fi}/${j}`;
        batch.push({
          key: link,
          title: `${t.title} (${n})`,
          summary: t.summary,
          link,
          canonicalUrl: link,
          publishedAt: new Date(start + (((n * 7919) % total) / total) * span).toISOString(),
          categories: [],
        });
      }
      storeItems(store, feed, batch, tagForFeed(h.tagger, feed), { now, backfillBefore: null });
    }
    const stored = store.items.count();

    buildAgenda(h, '2026-03'); // warm the statement cache
    const build = median(Array.from({ length: 7 }, () => timeMs(() => buildAgenda(h, '2026-03'))));
    const read = median(
      Array.from({ length: 7 }, () =>
        timeMs(() =>
          raw
            .prepare("SELECT * FROM items WHERE effective_at >= '2026-03-01' AND effective_at < '2026-04-01'")
            .all(),
        ),
      ),
    );
    raw.close();
    store.close();
    return [
      {
        name: `agenda build over ${stored.toLocaleString('en-GB')} stored items`,
        value: Math.round(build * 10) / 10,
        unit: 'ms',
        baseline: { name: "raw SELECT of the month's rows", value: Math.round(read * 10) / 10 },
        ratio: Math.round((build / read) * 100) / 100,
        note: 'goal: under 200 ms',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
