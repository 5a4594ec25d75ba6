import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runCommand } from '../../src/commands/run.js';
import { FeedError } from '../../src/ingest/errors.js';
import { fetchFeed } from '../../src/ingest/fetch.js';
import { maxAgeMs, retryAfterMs } from '../../src/ingest/politeness.js';
import { scanFeeds } from '../../src/ingest/scan.js';
import { body, cleanup, feedAt, type Handler, rss, serve, testHorizon } from './helpers.js';

afterEach(cleanup);

const HOUR = 60 * 60 * 1000;
const HOSTS = '127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5,127.0.0.6';

/** Answers only after `ms` (far longer than any limit a test sets), or never if the client goes first. */
function firstByteAfter(ms: number): Handler {
  return (req, res) => {
    const t = setTimeout(() => res.writeHead(200).end(rss([{ title: 'Late', guid: 'late' }])), ms);
    req.on('close', () => clearTimeout(t));
  };
}

/** Starts answering at once, then sends one byte every 100 ms and never finishes. */
const trickle: Handler = (req, res) => {
  res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
  res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>');
  const t = setInterval(() => res.write(' '), 100);
  req.on('close', () => clearInterval(t));
};

const feedBody = (guid: string, headers: Record<string, string> = {}, extra = '') =>
  body(rss([{ title: `Item ${guid}`, guid }]).replace('<channel>', `<channel>${extra}`), {
    etag: `"${guid}"`,
    headers,
  });

function ms(since: number): number {
  return performance.now() - since;
}

describe('fetch limits', () => {
  it('gives up on a server that sends nothing within the first-byte limit, long before the total timeout', async () => {
    const server = await serve({ '/slow': firstByteAfter(5000) });
    const start = performance.now();
    const e = await fetchFeed(server.url('/slow'), {
      timeoutMs: 4000,
      ttfbMs: 200,
      maxBytes: 1 << 20,
      allowPrivateHosts: ['127.0.0.1'],
    }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(FeedError);
    expect((e as FeedError).reason).toBe('timeout');
    expect((e as FeedError).message).toMatch(/did not start answering within 0\.2 s/);
    expect(ms(start)).toBeLessThan(3000);
  });

  it('lets a feed that has started answering run to the total timeout, then gives up on a trickle', async () => {
    const server = await serve({ '/trickle': trickle });
    const e = await fetchFeed(server.url('/trickle'), {
      timeoutMs: 600,
      ttfbMs: 200,
      maxBytes: 1 << 20,
      allowPrivateHosts: ['127.0.0.1'],
    }).catch((err: unknown) => err);
    expect((e as FeedError).reason).toBe('timeout');
    expect((e as FeedError).message).toMatch(/did not answer within 0\.6 s/);
  });

  it('has a first-byte limit of its own, with a default, that may not exceed the total timeout', () => {
    expect(loadConfig({}).fetch).toMatchObject({ timeoutMs: 15_000, ttfbMs: 5_000, concurrency: 32 });
    expect(loadConfig({ HORIZON_FETCH_TIMEOUT_MS: '2000' }).fetch.ttfbMs).toBe(2000);
    expect(loadConfig({ HORIZON_FETCH_TTFB_MS: '800' }).fetch.ttfbMs).toBe(800);
    expect(() => loadConfig({ HORIZON_FETCH_TIMEOUT_MS: '2000', HORIZON_FETCH_TTFB_MS: '3000' })).toThrow(
      /HORIZON_FETCH_TTFB_MS: must not be longer than HORIZON_FETCH_TIMEOUT_MS \(2000\)/,
    );
    expect(() => loadConfig({ HORIZON_FETCH_TTFB_MS: 'soon' })).toThrow(/HORIZON_FETCH_TTFB_MS/);
  });

  it('reads Retry-After as seconds or a date, and max-age unless the answer must not be reused', () => {
    const now = new Date('2026-03-10T09:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Tue, 10 Mar 2026 11:00:00 GMT', now)).toBe(2 * HOUR);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(maxAgeMs('public, max-age=7200')).toBe(7_200_000);
    expect(maxAgeMs('no-cache, max-age=7200')).toBeNull();
    expect(maxAgeMs('private')).toBeNull();
  });
});

describe('a poll round', () => {
  it('is bounded by about one first-byte limit however many feeds are slow, and reads every fast feed', async () => {
    // Five slow hosts whose servers would take 5 s, one fast host with twenty feeds, two processing places.
    const slow = await Promise.all(
      ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'].map((host) =>
        serve({ '/feed': firstByteAfter(5000) }, host),
      ),
    );
    const fast = await serve({});
    const h = testHorizon({ allow: HOSTS, timeoutMs: 4000, ttfbMs: 200, concurrency: 8 });
    for (const s of slow) feedAt(h, s.url('/feed'));
    for (let i = 0; i < 20; i++) {
      fast.route(`/f${i}`, feedBody(`f${i}`));
      feedAt(h, fast.url(`/f${i}`));
    }
    const start = performance.now();
    const report = await scanFeeds(h);
    // The servers would answer after 5 s; the round ends long before, bounded by the 200 ms limit.
    expect(ms(start)).toBeLessThan(4000);
    expect(report.totals).toMatchObject({ feeds: 25, failed: 5, skipped: 0, newItems: 20 });
    expect(report.feeds.filter((f) => f.outcome === 'failed').map((f) => f.error)).toEqual(
      Array(5).fill(expect.stringMatching(/^timeout: .* did not start answering within 0\.2 s/)),
    );
  });

  it('asks each host one request at a time, on one kept-alive connection, while other hosts go on', async () => {
    const servers = await Promise.all(['127.0.0.2', '127.0.0.3'].map((host) => serve({}, host)));
    const h = testHorizon({ allow: HOSTS, concurrency: 8 });
    const peak = [0, 0];
    let overall = 0;
    let overallPeak = 0;
    servers.forEach((s, n) => {
      let open = 0;
      for (let i = 0; i < 6; i++) {
        s.route(`/f${i}`, (req, res) => {
          open++;
          overall++;
          peak[n] = Math.max(peak[n]!, open);
          overallPeak = Math.max(overallPeak, overall);
          // Each answer takes a moment, so requests made at once would overlap here.
          setTimeout(() => {
            open--;
            overall--;
            feedBody(`${n}-${i}`)(req, res);
          }, 30);
        });
        feedAt(h, s.url(`/f${i}`));
      }
    });
    const report = await scanFeeds(h);
    expect(report.totals).toMatchObject({ feeds: 12, failed: 0, newItems: 12 });
    expect(peak).toEqual([1, 1]);
    expect(overallPeak).toBe(2);
    expect(servers.map((s) => s.connections)).toEqual([1, 1]);
  });

  it('leaves the rest of a host that timed out for the next round: skipped, not failed, still due', async () => {
    const server = await serve({ '/a': firstByteAfter(5000) }, '127.0.0.2');
    server.route('/b', feedBody('b'));
    server.route('/c', feedBody('c'));
    const h = testHorizon({ allow: HOSTS, timeoutMs: 2000, ttfbMs: 200 });
    const a = feedAt(h, server.url('/a'));
    const b = feedAt(h, server.url('/b'));
    const c = feedAt(h, server.url('/c'));
    const report = await scanFeeds(h);
    const byId = Object.fromEntries(report.feeds.map((f) => [f.feedId, f]));
    expect(byId[a.id]).toMatchObject({ outcome: 'failed' });
    expect(byId[b.id]).toMatchObject({
      outcome: 'skipped',
      note: 'left for the next round: its site did not answer in time earlier in this round',
    });
    expect(byId[c.id]?.outcome).toBe('skipped');
    expect(report.totals).toMatchObject({ failed: 1, skipped: 2 });
    expect(server.requests.map((r) => r.path)).toEqual(['/a']);
    expect(h.store.feeds.get(b.id)!.health).toMatchObject({
      status: 'never-fetched',
      consecutiveFailures: 0,
    });
    // Still due: the next round reads them (the slow feed itself is backed off).
    server.route('/a', feedBody('a'));
    const next = await scanFeeds(h);
    expect(next.feeds.map((f) => [f.feedId, f.outcome])).toEqual([
      [b.id, 'new-items'],
      [c.id, 'new-items'],
    ]);
  });

  it('honours a 429 Retry-After: not a failure, skipped until then even by a forced scan, shown as skipped', async () => {
    const server = await serve({});
    let limited = true;
    server.route('/feed', (req, res) => {
      if (limited) return void res.writeHead(429, { 'Retry-After': '7200' }).end();
      feedBody('one')(req, res);
    });
    const h = testHorizon();
    const feed = feedAt(h, server.url('/feed'));
    const report = await scanFeeds(h);
    expect(report.feeds[0]).toMatchObject({ outcome: 'skipped' });
    expect(report.feeds[0]!.note).toMatch(/the site asked Horizon to wait \(HTTP 429, Retry-After\)/);
    expect(report.totals.failed).toBe(0);
    const stored = h.store.feeds.get(feed.id)!;
    expect(stored.health).toMatchObject({
      status: 'never-fetched',
      consecutiveFailures: 0,
      notBefore: new Date(h.clock.now.getTime() + 2 * HOUR).toISOString(),
    });

    const ctx = { platform: 'cli', userId: 'admin', isServerCli: true };
    const list = await runCommand(h, ctx, 'feeds list');
    expect(list.title).toBe("1 feed, 1 skipped at the site's request");
    expect(JSON.stringify(list.blocks)).toMatch(
      /skipped until 2026-03-10 11:00 UTC: the site asked Horizon to wait/,
    );
    const status = await runCommand(h, ctx, 'status');
    expect(JSON.stringify(status.blocks)).toMatch(/1 skipped at the site's request/);
    expect(JSON.stringify(status.blocks)).not.toMatch(/Failing feeds/);

    // An hour on, the normal poll would be due; the site asked for two, so even a forced scan waits.
    limited = false;
    h.clock.now = new Date(h.clock.now.getTime() + HOUR + 60_000);
    expect((await scanFeeds(h)).feeds).toEqual([]);
    const forced = await scanFeeds(h, { force: true });
    expect(forced.feeds[0]).toMatchObject({ outcome: 'skipped' });
    expect(forced.feeds[0]!.note).toMatch(/^not read before 2026-03-10T11:00:00.000Z: the site asked/);
    expect(server.requests).toHaveLength(1);

    h.clock.now = new Date(h.clock.now.getTime() + HOUR);
    const after = await scanFeeds(h);
    expect(after.feeds[0]).toMatchObject({ outcome: 'new-items' });
    expect(h.store.feeds.get(feed.id)!.health).toMatchObject({ status: 'ok', notBefore: null });
  });

  it('retries a 503 no sooner than its Retry-After, and counts it as a failure', async () => {
    const server = await serve({
      '/feed': (_req, res) => void res.writeHead(503, { 'Retry-After': String(6 * 3600) }).end(),
    });
    const h = testHorizon();
    const feed = feedAt(h, server.url('/feed'));
    const report = await scanFeeds(h);
    expect(report.feeds[0]).toMatchObject({ outcome: 'failed' });
    const health = h.store.feeds.get(feed.id)!.health;
    expect(health.status).toBe('failing');
    // The first backoff would be 15 minutes; the site asked for six hours.
    expect(health.nextFetchAt).toBe(new Date(h.clock.now.getTime() + 6 * HOUR).toISOString());
  });

  it('polls less when Cache-Control max-age or RSS ttl say the feed stays fresh, never more, and at most a day', async () => {
    const server = await serve({
      '/max-age': feedBody('m', { 'Cache-Control': 'public, max-age=10800' }),
      '/short': feedBody('s', { 'Cache-Control': 'max-age=60' }),
      '/ttl': feedBody('t', {}, '<ttl>240</ttl>'),
      '/year': feedBody('y', { 'Cache-Control': 'max-age=31536000' }),
    });
    const h = testHorizon();
    const at = (hours: number) => new Date(h.clock.now.getTime() + hours * HOUR).toISOString();
    const maxAge = feedAt(h, server.url('/max-age'));
    const short = feedAt(h, server.url('/short'));
    const ttl = feedAt(h, server.url('/ttl'));
    const year = feedAt(h, server.url('/year'));
    await scanFeeds(h);
    const next = (id: number) => h.store.feeds.get(id)!.health;
    expect(next(maxAge.id)).toMatchObject({ nextFetchAt: at(3), notBefore: at(3) });
    expect(next(maxAge.id).waitReason).toMatch(/stays fresh for 3 h \(Cache-Control max-age\)/);
    expect(next(short.id)).toMatchObject({ nextFetchAt: at(55 / 60), notBefore: null });
    expect(next(ttl.id)).toMatchObject({ nextFetchAt: at(4) });
    expect(next(ttl.id).waitReason).toMatch(/at most every 4 h \(RSS ttl\)/);
    expect(next(year.id)).toMatchObject({ nextFetchAt: at(24) });
    expect(next(year.id).waitReason).toMatch(/capped at 24 h/);

    // Two hours on, only the feed with the one-minute max-age is asked again.
    h.clock.now = new Date(h.clock.now.getTime() + 2 * HOUR);
    expect((await scanFeeds(h)).feeds.map((f) => f.feedId)).toEqual([short.id]);
    // Five hours on, the ttl feed answers 304: its ttl still holds for the next read.
    h.clock.now = new Date(h.clock.now.getTime() + 3 * HOUR);
    const round = await scanFeeds(h);
    expect(round.feeds.find((f) => f.feedId === ttl.id)?.outcome).toBe('not-modified');
    expect(next(ttl.id).nextFetchAt).toBe(at(4));
  });

  it('reads a feed again in the next hourly round, though it was read a little after the last one began', async () => {
    const server = await serve({ '/feed': feedBody('one') });
    const h = testHorizon({ now: '2026-03-10T09:00:40Z' });
    feedAt(h, server.url('/feed'));
    await scanFeeds(h);
    h.clock.now = new Date('2026-03-10T10:00:00Z');
    expect((await scanFeeds(h)).feeds.map((f) => f.outcome)).toEqual(['not-modified']);
    // A site's own wait is kept to the second: not read early.
    server.route('/feed', feedBody('two', { 'Cache-Control': 'max-age=7200' }));
    h.clock.now = new Date('2026-03-10T11:00:00Z');
    await scanFeeds(h);
    h.clock.now = new Date('2026-03-10T12:58:00Z');
    expect((await scanFeeds(h)).feeds).toEqual([]);
    h.clock.now = new Date('2026-03-10T13:00:00Z');
    expect((await scanFeeds(h)).feeds.map((f) => f.outcome)).toEqual(['not-modified']);
  });
});
