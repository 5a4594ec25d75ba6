import { afterEach, describe, expect, it } from 'vitest';
import { fetchFeed } from '../../src/ingest/fetch.js';
import { scanFeeds } from '../../src/ingest/scan.js';
import { validateFeedUrl } from '../../src/ingest/validate.js';
import { body, cleanup, feedAt, redirect, rss, serve, testHorizon } from './helpers.js';

afterEach(cleanup);

const HOUR = 60 * 60 * 1000;
const feedBody = rss([{ title: 'Charity Commission guidance updated', guid: 'g1' }]);

describe('redirects are remembered only when they are permanent', () => {
  it.each([301, 308])(
    'a %i at scan time stores the new address, so the next scan asks it first',
    async (code) => {
      const server = await serve({ '/new.rss': body(feedBody, { etag: '"v1"' }) });
      server.route('/old.rss', redirect(server.url('/new.rss'), code));
      const h = testHorizon();
      const feed = feedAt(h, server.url('/old.rss'), 'news', []);
      await scanFeeds(h);
      expect(h.store.feeds.get(feed.id)!.url).toBe(server.url('/new.rss'));
      server.requests.length = 0;
      h.clock.now = new Date(h.clock.now.getTime() + 2 * HOUR);
      const second = await scanFeeds(h);
      expect(second.feeds[0]!.outcome).toBe('not-modified');
      expect(server.requests.map((r) => r.path)).toEqual(['/new.rss']);
    },
  );

  it.each([302, 307])('a %i at scan time keeps the original address', async (code) => {
    const server = await serve({ '/today.rss': body(feedBody) });
    server.route('/feed.rss', redirect(server.url('/today.rss'), code));
    const h = testHorizon();
    const feed = feedAt(h, server.url('/feed.rss'), 'news', []);
    await scanFeeds(h);
    expect(h.store.feeds.get(feed.id)!.url).toBe(server.url('/feed.rss'));
  });

  it('a permanent redirect followed by a temporary one stores the address before the temporary hop', async () => {
    const server = await serve({ '/c.rss': body(feedBody) });
    server.route('/a.rss', redirect(server.url('/b.rss'), 301));
    server.route('/b.rss', redirect(server.url('/c.rss'), 302));
    const result = await fetchFeed(server.url('/a.rss'), {
      timeoutMs: 5000,
      maxBytes: 1e6,
      allowPrivateHosts: ['127.0.0.1'],
    });
    expect(result).toMatchObject({ finalUrl: server.url('/c.rss'), permanentUrl: server.url('/b.rss') });
  });

  it('a 302 at add time stores the address that was given; a 301 stores its target', async () => {
    const server = await serve({ '/target.rss': body(feedBody) });
    server.route('/temp.rss', redirect(server.url('/target.rss'), 302));
    server.route('/moved.rss', redirect(server.url('/target.rss'), 301));
    const h = testHorizon();
    expect((await validateFeedUrl(h, server.url('/temp.rss'))).url).toBe(server.url('/temp.rss'));
    expect((await validateFeedUrl(h, server.url('/moved.rss'))).url).toBe(server.url('/target.rss'));
  });
});
