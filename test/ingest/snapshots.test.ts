import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STAGES } from '../../src/domain.js';
import { SNAPSHOT_DIR, serveSnapshots, snapshotFeeds } from '../../src/feeds/snapshots.js';
import { scanFeeds } from '../../src/ingest/scan.js';
import { cleanup, testHorizon } from './helpers.js';

afterEach(cleanup);

const ASSEMBLED = [
  'policy.atom',
  'news.rss',
  'research.atom',
  'parliament.rss',
  'legislation.atom',
  'funders.rss',
  'funding-calls.rss',
];

async function demo(now: string) {
  const server = await serveSnapshots();
  const h = testHorizon({ now });
  try {
    for (const f of snapshotFeeds(server.baseUrl)) h.store.feeds.add({ ...f, addedBy: 'demo' }, now);
    const first = await scanFeeds(h);
    h.clock.now = new Date(h.clock.now.getTime() + 2 * 60 * 60 * 1000);
    const second = await scanFeeds(h);
    return { h, first, second };
  } finally {
    await server.close();
  }
}

describe('offline snapshots', () => {
  it('list every shipped feed file in demo.opml with a kind, pointed at the local server', () => {
    const feeds = snapshotFeeds('http://127.0.0.1:4321/');
    const files = readdirSync(SNAPSHOT_DIR).filter((f) => /\.(rss|atom)$/.test(f));
    expect(feeds.map((f) => f.url.replace('http://127.0.0.1:4321/', '')).sort()).toEqual(files.sort());
    expect(new Set(feeds.map((f) => f.kind))).toEqual(
      new Set(['policy', 'funding', 'news', 'research', 'parliament', 'legislation']),
    );
  });

  it('say in each assembled file that it was assembled from published items, with the licence note', () => {
    for (const file of ASSEMBLED) {
      const text = readFileSync(join(SNAPSHOT_DIR, file), 'utf8');
      expect(text).toContain('Assembled by Horizon from real published items');
      expect(text).toContain('Open Government Licence v3.0');
    }
  });

  it('give the demo a full agenda: all feeds read, 8+ candidates across 3+ stages, and an upcoming funding deadline', async () => {
    const now = '2026-11-23T09:00:00.000Z';
    const { h, first, second } = await demo(now);
    expect(first.totals.failed).toBe(0);
    expect(first.totals.newItems).toBeGreaterThan(500);
    const candidates = h.store.items.inWindow('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(candidates.length).toBeGreaterThanOrEqual(8);
    const stages = new Set(
      candidates.map((i) => i.tagging.stage).filter((s) => (STAGES as readonly string[]).includes(s)),
    );
    expect(stages.size).toBeGreaterThanOrEqual(3);
    const deadlines = h.store.items.upcomingDeadlines('2026-11-23', '2027-01-22');
    expect(deadlines.some((i) => i.feedKind === 'funding')).toBe(true);
    // The second round costs nothing: every feed answers 304.
    expect(second.feeds.every((f) => f.outcome === 'not-modified')).toBe(true);
  });

  it('keep real dates: dated items from past months are backfill, undated ones take first-seen time', async () => {
    const { h } = await demo('2026-11-23T09:00:00.000Z');
    const dated = h.db
      .prepare('SELECT COUNT(*) AS n FROM items WHERE undated = 0 AND backfill = 1')
      .get() as { n: number };
    const undated = h.db
      .prepare(
        "SELECT COUNT(*) AS n FROM items WHERE undated = 1 AND effective_at = '2026-11-23T09:00:00.000Z' AND backfill = 0",
      )
      .get() as { n: number };
    expect(dated.n).toBeGreaterThan(100);
    expect(undated.n).toBeGreaterThan(100);
  });

  it('refuse paths outside the folder', async () => {
    const server = await serveSnapshots();
    try {
      for (const path of [
        '/../package.json',
        '/%2e%2e/package.json',
        '/source/uk-policy-items.jsonl',
        '/build.ts',
      ]) {
        expect((await fetch(server.baseUrl + path)).status).toBe(404);
      }
      expect((await fetch(`${server.baseUrl}/news.rss`)).headers.get('content-type')).toMatch(/rss\+xml/);
    } finally {
      await server.close();
    }
  });
});
