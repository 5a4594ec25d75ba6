import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHorizon as horizon } from '../support/cli.js';
import { scanFeeds } from '../../src/ingest/scan.js';
import { openDb } from '../../src/store/db.js';
import { storeOn } from '../../src/store/index.js';
import { body, cleanup, feedAt, rss, serve, testHorizon } from '../ingest/helpers.js';

let dir: string | undefined;
afterEach(async () => {
  await cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('storage failures say which file and what to do', () => {
  it('a zero-length database file stops start-up instead of silently becoming a new, empty database', async () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-store-'));
    const path = join(dir, 'horizon.db');
    writeFileSync(path, '');
    expect(() => openDb(path)).toThrow(/is empty \(0 bytes\).*Restore it from your latest backup/);
    const res = await horizon(['feeds', 'list'], { HORIZON_DB: path });
    expect(res.code).toBe(1);
    expect(res.text).toContain(path);
    expect(res.text).toMatch(/backup/);
    expect(statSync(path).size).toBe(0);
  });

  it('a full disk while storing a feed is not recorded against the feed, and does not back it off', async () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      title: `Charity Commission guidance ${i}`,
      guid: `g${i}`,
      description: 'A long description of new guidance for trustees. '.repeat(20),
    }));
    const server = await serve({ '/feed.rss': body(rss(items)) });
    const h = testHorizon();
    const feed = feedAt(h, server.url('/feed.rss'));
    // The database may not grow by a single page: SQLite answers SQLITE_FULL, as on a full disk.
    // (A per-connection limit, so the store is given the connection it is set on.)
    const pages = (h.db.pragma('page_count') as { page_count: number }[])[0]!.page_count;
    h.db.pragma(`max_page_count = ${pages}`);
    h.store = storeOn(h.db);
    const report = await scanFeeds(h);
    expect(report.feeds[0]).toMatchObject({ outcome: 'failed' });
    expect(report.feeds[0]!.error).toMatch(/disk holding the database .* is full\. Free some disk space/);
    expect(report.feeds[0]!.error).toContain(h.config.dbPath);
    const after = h.store.feeds.get(feed.id)!;
    expect(after.health.consecutiveFailures).toBe(0);
    expect(after.health.lastError).toBeNull();
    expect(after.health.status).toBe('never-fetched');
  });

  it('`feeds list` and `status` open the database read-only: they work while another process holds the write lock', async () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-store-'));
    const env = { HORIZON_DB: join(dir, 'horizon.db'), HORIZON_SLACK_CHANNELS: 'CSMT0001' };
    expect((await horizon(['channels', 'list'], env)).code).toBe(0);
    const writer = openDb(env.HORIZON_DB);
    writer.prepare('BEGIN IMMEDIATE').run();
    try {
      const started = Date.now();
      const list = await horizon(['feeds', 'list'], env);
      const status = await horizon(['status'], env);
      expect([list.code, status.code]).toEqual([0, 0]);
      expect(list.text).toMatch(/No feeds yet/);
      // Far inside the 5 s a writer would wait for the lock.
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      writer.prepare('ROLLBACK').run();
      writer.close();
    }
  });

  it('`horizon backup FILE` makes a checked copy while the database is in use, and never overwrites one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-store-'));
    const env = { HORIZON_DB: join(dir, 'horizon.db') };
    expect((await horizon(['roles', 'grant', 'U0ADMIN01', 'admin'], env)).code).toBe(0);
    const live = openDb(env.HORIZON_DB);
    const copy = join(dir, 'backup-2026-03-01.db');
    const res = await horizon(['backup', copy], env);
    expect(res.code).toBe(0);
    expect(res.text).toMatch(/integrity checked/);
    const restored = openDb(copy, { readonly: true });
    expect(restored.prepare('SELECT user_id FROM roles').all()).toEqual(
      live.prepare('SELECT user_id FROM roles').all(),
    );
    restored.close();
    live.close();
    const again = await horizon(['backup', copy], env);
    expect(again.code).toBe(1);
    expect(again.text).toMatch(/already exists/);
  });
});
