import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { Horizon } from '../../src/context.js';
import type { Feed, FeedKind, ParsedItem } from '../../src/domain.js';
import { silentLogger } from '../../src/log.js';
import Database from 'better-sqlite3';
import { createStore } from '../../src/store/index.js';
import { tagForFeed } from '../../src/ingest/tagging.js';
import { storeItems } from '../../src/ingest/records.js';
import { canonicalUrl, storyKey } from '../../src/ingest/normalise.js';
import { createTagger, loadTaxonomy } from '../../src/tagging/index.js';
import { seedConfiguredChannels } from '../../src/horizon.js';
import { registerInstalledPlatforms } from '../../app/platforms.js';

export interface TestHorizon {
  h: Horizon;
  clock: { now: Date };
  dir: string;
  /**
   * The database file opened directly, for tests to check what was stored and to set up states the
   * product has no command for. The product itself reaches it only through h.store.
   */
  readonly db: Database.Database;
  close(): void;
}

/** A real Horizon on a fresh SQLite file, with a clock the test moves. */
export function testHorizon(opts: { env?: Record<string, string>; now?: string } = {}): TestHorizon {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-test-'));
  const clock = { now: new Date(opts.now ?? '2026-03-10T10:00:00Z') };
  const config = loadConfig({
    HORIZON_DB: join(dir, 'horizon.db'),
    HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1,localhost',
    // No test reaches GOV.UK; a test that wants look-ups points HORIZON_GOVUK_URL at a local server.
    HORIZON_ENRICH: 'off',
    ...opts.env,
  });
  // As app/ does at start-up: the installed platforms, and the channels the settings name.
  registerInstalledPlatforms();
  const store = createStore(config.dbPath);
  seedConfiguredChannels(store, config, clock.now.toISOString());
  const taxonomy = loadTaxonomy(config.taxonomyPath);
  const h: Horizon = {
    store,
    config,
    taxonomy,
    tagger: createTagger({ taxonomy, now: () => clock.now }),
    log: silentLogger,
    now: () => clock.now,
  };
  let raw: Database.Database | null = null;
  return {
    h,
    clock,
    dir,
    get db() {
      raw ??= new Database(config.dbPath);
      return raw;
    },
    close() {
      raw?.close();
      if (store.open) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let feedSeq = 0;

export function feed(
  h: Horizon,
  f: { title?: string; kind?: FeedKind; url?: string; themes?: string[] } = {},
): Feed {
  feedSeq++;
  return h.store.feeds.add(
    {
      url: f.url ?? `https://example.org/feed-${feedSeq}.xml`,
      title: f.title ?? `Feed ${feedSeq}`,
      kind: f.kind ?? 'policy',
      themes: f.themes ?? [],
      addedBy: 'test',
    },
    h.now().toISOString(),
  );
}

export function parsed(p: {
  title: string;
  summary?: string;
  link?: string | null;
  publishedAt?: string | null;
  key?: string;
}): ParsedItem {
  const link = p.link === undefined ? `https://example.org/news/${encodeURIComponent(p.title)}` : p.link;
  const canonical = canonicalUrl(link);
  return {
    key: p.key ?? link ?? p.title,
    title: p.title,
    summary: p.summary ?? '',
    link,
    canonicalUrl: canonical,
    publishedAt: p.publishedAt ?? null,
    categories: [],
  };
}

/** Stores items in a feed through the real ingest hand-off (tagger, topics, upsert); returns their ids by title. */
export function items(h: Horizon, f: Feed, list: Parameters<typeof parsed>[0][]): Map<string, number> {
  storeItems(h.store, f, list.map(parsed), tagForFeed(h.tagger, f), { now: h.now(), backfillBefore: null });
  return new Map(h.store.items.ofFeed(f.id, 100_000).map((r) => [r.title, r.id]));
}

export { storyKey };
