import { afterEach, describe, expect, it } from 'vitest';
import { backoffMs, scanFeeds } from '../../src/ingest/scan.js';
import { body, cleanup, feedAt, fixture, rss, serve, tempDbPath, testHorizon } from './helpers.js';

afterEach(cleanup);

const HOUR = 60 * 60 * 1000;

/** Moves the test clock forward, past the poll interval unless told otherwise. */
function later(h: ReturnType<typeof testHorizon>, ms = 2 * HOUR): void {
  h.clock.now = new Date(h.clock.now.getTime() + ms);
}

describe('scanFeeds', () => {
  it('stores a real feed, tags each item with the feed kind and themes, and records health', async () => {
    const server = await serve({
      '/bills': body(fixture('real/uk-parliament-bills/services-parliament-uk-current-session-2009-11.rss')),
    });
    const h = testHorizon();
    const feed = feedAt(h, server.url('/bills'), 'parliament', ['children-families']);
    const report = await scanFeeds(h);
    expect(report.totals).toEqual({ feeds: 1, failed: 0, skipped: 0, newItems: 43, updatedItems: 0 });
    expect(report.feeds[0]).toMatchObject({ feedId: feed.id, outcome: 'new-items', newItems: 43 });
    const stored = h.store.feeds.get(feed.id)!;
    expect(stored.health.status).toBe('ok');
    expect(stored.title).toBe('Bills from current Parliamentary Session');
    // Due again in time for the next hourly round, though read a little after this one began.
    expect(stored.health.nextFetchAt).toBe(new Date(h.clock.now.getTime() + 55 * 60 * 1000).toISOString());
    const items = h.store.items.ofFeed(feed.id, 100);
    expect(items).toHaveLength(43);
    expect(items.every((i) => i.feedKind === 'parliament')).toBe(true);
    const child = items.find((i) => i.title === 'Child Poverty')!;
    expect(child.tagging.themes).toContain('children-families');
    expect(child.tagging.reasons).toContainEqual(
      expect.objectContaining({ kind: 'source', target: 'children-families' }),
    );
    const run = h.db.prepare("SELECT status, detail FROM runs WHERE kind = 'scan'").get() as {
      status: string;
      detail: string;
    };
    expect(run.status).toBe('ok');
    expect(JSON.parse(run.detail)).toMatchObject({ newItems: 43 });
  });

  it('marks what a feed already holds on its first fetch as backfill, and only later items as candidates', async () => {
    const server = await serve({});
    const h = testHorizon({ now: '2026-03-10T09:00:00Z' });
    server.route(
      '/feed',
      body(
        rss([
          { title: 'Old news', guid: 'old', date: 'Mon, 02 Feb 2026 10:00:00 GMT' },
          { title: 'This month', guid: 'new', date: 'Mon, 02 Mar 2026 10:00:00 GMT' },
        ]),
      ),
    );
    feedAt(h, server.url('/feed'));
    await scanFeeds(h);
    const march = h.store.items.inWindow('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z').map((i) => i.title);
    const february = h.store.items
      .inWindow('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z')
      .map((i) => i.title);
    expect(march).toEqual(['This month']);
    expect(february).toEqual([]);
    expect(h.store.items.count()).toBe(2);

    // After the first fetch, nothing is backfill any more: an item dated last month but first seen now counts.
    server.route(
      '/feed',
      body(rss([{ title: 'Late arrival', guid: 'late', date: 'Fri, 27 Feb 2026 10:00:00 GMT' }])),
    );
    later(h);
    await scanFeeds(h);
    expect(
      h.store.items.inWindow('2026-02-01T00:00:00Z', '2026-03-01T00:00:00Z').map((i) => i.title),
    ).toEqual(['Late arrival']);
  });

  it('measures backfill against the month the clock is in, when a feed is first fetched after the month turns', async () => {
    const server = await serve({});
    const h = testHorizon({ now: '2026-03-31T22:00:00Z' });
    const march = rss([{ title: 'Late March', guid: 'm', date: 'Tue, 31 Mar 2026 08:00:00 GMT' }]);
    server.route('/march', body(march));
    server.route('/april', body(march));
    feedAt(h, server.url('/march'));
    await scanFeeds(h);
    h.clock.now = new Date('2026-04-01T09:00:00Z');
    const april = feedAt(h, server.url('/april'));
    await scanFeeds(h, { feedIds: [april.id] });
    const byFeed = h.store.items
      .inWindow('2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')
      .map((i) => i.feedId);
    expect(byFeed).toHaveLength(1);
    expect(byFeed).not.toContain(april.id);
  });

  it('gives undated items their first-seen time, and keeps it on later scans', async () => {
    const server = await serve({
      '/feed': body(
        rss([
          { title: 'No date', guid: 'a' },
          { title: 'Also no date', guid: 'b' },
        ]),
      ),
    });
    const h = testHorizon();
    const feed = feedAt(h, server.url('/feed'));
    const firstSeen = h.clock.now.toISOString();
    await scanFeeds(h);
    later(h);
    await scanFeeds(h);
    const items = h.store.items.ofFeed(feed.id);
    expect(items).toHaveLength(2);
    expect(items.every((i) => i.publishedAt === null && i.effectiveAt === firstSeen && !i.backfill)).toBe(
      true,
    );
  });

  it('stores the same item once per feed however often it is seen, even with duplicate or unordered dates', async () => {
    const date = 'Tue, 03 Mar 2026 10:00:00 GMT';
    const items = [
      { title: 'B', guid: 'b', date },
      { title: 'A', guid: 'a', date },
      { title: 'C', guid: 'c', date: 'Sun, 01 Mar 2026 10:00:00 GMT' },
      { title: 'D', link: 'https://example.org/d' },
      { title: 'E' },
    ];
    const server = await serve({ '/feed': body(rss(items)) });
    const h = testHorizon();
    const feed = feedAt(h, server.url('/feed'));
    const first = await scanFeeds(h);
    later(h);
    const second = await scanFeeds(h);
    expect(first.totals.newItems).toBe(5);
    expect(second.feeds[0]).toMatchObject({ outcome: 'no-change', newItems: 0, updatedItems: 0 });
    expect(h.store.items.ofFeed(feed.id)).toHaveLength(5);
  });

  it('recognises the same story in two feeds by canonical URL (tracking parameters and fragment ignored)', async () => {
    const server = await serve({
      '/a': body(
        rss([
          { title: 'Fund opens', link: 'https://WWW.Example.org/fund?id=7&utm_source=rss&utm_medium=feed' },
        ]),
      ),
      '/b': body(rss([{ title: 'Fund opens today', link: 'https://www.example.org/fund?id=7#apply' }])),
    });
    const h = testHorizon();
    feedAt(h, server.url('/a'));
    feedAt(h, server.url('/b'));
    await scanFeeds(h);
    const all = h.store.items.inWindow('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    expect(all).toHaveLength(2);
    expect(all[0]!.canonicalUrl).toBe('https://www.example.org/fund?id=7');
    expect(all[0]!.storyKey).toBe(all[1]!.storyKey);
    expect(h.store.items.storyCoverage(all[0]!.storyKey)).toBe(2);
  });

  it('updates an item edited upstream in place, without counting it as new, and keeps a person’s correction', async () => {
    const server = await serve({});
    server.route(
      '/feed',
      body(
        rss([
          {
            title: 'Government launches consultation on social care charging',
            guid: 'x',
            description: 'A green paper and call for evidence.',
          },
        ]),
      ),
    );
    const h = testHorizon();
    const feed = feedAt(h, server.url('/feed'));
    await scanFeeds(h);
    const [item] = h.store.items.ofFeed(feed.id);
    expect(item!.tagging.stage).toBe('trigger');
    h.store.items.setCorrectedStage(item!.id, 'plateau');
    const tagsBefore = h.tagger.calls;

    server.route(
      '/feed',
      body(
        rss([{ title: 'Social care charging reform delayed again', guid: 'x', description: 'Edited text' }]),
      ),
    );
    later(h);
    const report = await scanFeeds(h);
    expect(report.feeds[0]).toMatchObject({ outcome: 'no-change', newItems: 0, updatedItems: 1 });
    const [edited] = h.store.items.ofFeed(feed.id);
    expect(edited).toMatchObject({
      id: item!.id,
      title: 'Social care charging reform delayed again',
      summary: 'Edited text',
      correctedStage: 'plateau',
    });
    expect(edited!.tagging.stage).toBe('trough');
    expect(h.tagger.calls).toBe(tagsBefore + 1);
  });

  it('keeps ETag and Last-Modified in SQLite, so a restart still gets a 304', async () => {
    const lastModified = 'Tue, 10 Mar 2026 08:00:00 GMT';
    const server = await serve({
      '/feed': body(rss([{ title: 'One', guid: '1' }]), { etag: '"abc"', lastModified }),
    });
    const path = tempDbPath();
    const h1 = testHorizon({ path });
    feedAt(h1, server.url('/feed'));
    await scanFeeds(h1);
    h1.store.close();

    const h2 = testHorizon({ path, now: '2026-03-10T12:00:00Z' });
    const report = await scanFeeds(h2);
    h2.store.close();
    expect(report.feeds[0]!.outcome).toBe('not-modified');
    expect(server.requests[1]!.headers['if-none-match']).toBe('"abc"');
    expect(server.requests[1]!.headers['if-modified-since']).toBe(lastModified);
  });

  it('records a failing feed with its reason, backs it off, and carries on with the others', async () => {
    const server = await serve({
      '/good': body(rss([{ title: 'Fine', guid: '1' }])),
      '/html': body('<!DOCTYPE html><html><body>Oops</body></html>', { type: 'text/html' }),
      '/empty': body(''),
      '/gone': (_req, res) => void res.writeHead(404).end(),
    });
    const h = testHorizon();
    const good = feedAt(h, server.url('/good'));
    const html = feedAt(h, server.url('/html'));
    const empty = feedAt(h, server.url('/empty'));
    const gone = feedAt(h, server.url('/gone'));
    const refused = feedAt(h, 'http://10.0.0.1/feed');
    const report = await scanFeeds(h);
    expect(report.totals).toMatchObject({ feeds: 5, failed: 4, newItems: 1 });
    const reasons = Object.fromEntries(report.feeds.map((f) => [f.feedId, f.error?.split(':')[0]]));
    expect(reasons).toEqual({
      [good.id]: undefined,
      [html.id]: 'not-a-feed',
      [empty.id]: 'empty',
      [gone.id]: 'http-status',
      [refused.id]: 'refused-url',
    });

    const health = h.store.feeds.get(gone.id)!.health;
    expect(health).toMatchObject({
      status: 'failing',
      consecutiveFailures: 1,
      failingSince: h.clock.now.toISOString(),
    });
    expect(health.lastError).toMatch(/^http-status: .*404/);
    expect(health.nextFetchAt).toBe(new Date(h.clock.now.getTime() + 15 * 60 * 1000).toISOString());
    const run = h.db.prepare("SELECT status FROM runs WHERE kind = 'scan'").get() as { status: string };
    expect(run.status).toBe('partial');

    // Not yet due: the next scan leaves the failing feed alone until its back-off passes.
    later(h, 10 * 60 * 1000);
    expect((await scanFeeds(h)).totals.feeds).toBe(0);
    later(h, 10 * 60 * 1000);
    await scanFeeds(h);
    expect(h.store.feeds.get(gone.id)!.health.consecutiveFailures).toBe(2);
    expect(h.store.feeds.get(gone.id)!.health.nextFetchAt).toBe(
      new Date(h.clock.now.getTime() + 30 * 60 * 1000).toISOString(),
    );
  });

  it('follows a web page to the feed it advertises and remembers the feed address', async () => {
    const server = await serve({
      '/bills.rss': body(
        fixture('real/uk-parliament-bills/services-parliament-uk-current-session-2009-11.rss'),
      ),
      '/': body(
        '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/bills.rss"></head><body></body></html>',
        {
          type: 'text/html',
        },
      ),
    });
    const h = testHorizon();
    const feed = feedAt(h, server.url('/'), 'parliament');
    const report = await scanFeeds(h);
    expect(report.feeds[0]).toMatchObject({ outcome: 'new-items', newItems: 43 });
    expect(h.store.feeds.get(feed.id)!.url).toBe(server.url('/bills.rss'));
  });

  it('backs off exponentially to at most a day', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(n) / 60_000)).toEqual([15, 30, 60, 120]);
    expect(backoffMs(50)).toBe(24 * HOUR);
  });

  it('polls only due feeds unless forced, and only the feeds asked for', async () => {
    const server = await serve({
      '/a': body(rss([{ title: 'A', guid: 'a' }])),
      '/b': body(rss([{ title: 'B', guid: 'b' }])),
    });
    const h = testHorizon();
    const a = feedAt(h, server.url('/a'));
    feedAt(h, server.url('/b'));
    await scanFeeds(h);
    expect((await scanFeeds(h)).totals.feeds).toBe(0);
    const forced = await scanFeeds(h, { force: true, feedIds: [a.id] });
    expect(forced.feeds.map((f) => f.feedId)).toEqual([a.id]);
  });

  it('reports progress once per feed', async () => {
    const server = await serve({
      '/a': body(rss([{ title: 'A', guid: 'a' }])),
      '/b': body(rss([{ title: 'B', guid: 'b' }])),
    });
    const h = testHorizon();
    feedAt(h, server.url('/a'));
    feedAt(h, server.url('/b'));
    const seen: [number, number][] = [];
    await scanFeeds(h, { progress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([
      [1, 2],
      [2, 2],
    ]);
  });
});
