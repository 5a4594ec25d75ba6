import { afterEach, describe, expect, it } from 'vitest';
import { discoverFeedLinks } from '../../src/ingest/discover.js';
import { FeedError } from '../../src/ingest/errors.js';
import { validateFeedUrl } from '../../src/ingest/validate.js';
import { body, cleanup, fixture, serve, testHorizon } from './helpers.js';

afterEach(cleanup);

const page = (head: string) =>
  `<!DOCTYPE html><html><head><title>Charity news</title>${head}</head><body><p>Hello</p></body></html>`;

describe('discoverFeedLinks', () => {
  it('finds RSS and Atom alternates, resolves relative hrefs and keeps page order', () => {
    const html = page(
      '<link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/atom+xml" href="/news.atom">' +
        "<link type='application/rss+xml' rel='alternate home' href='https://other.example/rss?x=1&amp;y=2'>" +
        '<link rel="alternate" type="text/html" href="/fr/">',
    );
    expect(discoverFeedLinks(html, 'https://charity.example/news/')).toEqual([
      'https://charity.example/news.atom',
      'https://other.example/rss?x=1&y=2',
    ]);
  });

  it('honours <base href>', () => {
    expect(
      discoverFeedLinks(
        page(
          '<base href="https://cdn.example/site/"><link rel="alternate" type="application/rss+xml" href="feed.xml">',
        ),
        'https://a.example/',
      ),
    ).toEqual(['https://cdn.example/site/feed.xml']);
  });
});

describe('validateFeedUrl', () => {
  it('accepts a feed and reports its title and item count', async () => {
    const server = await serve({
      '/legislation.atom': body(fixture('real/legislation-gov-uk/doclist-page-5063-last.atom'), {
        type: 'application/atom+xml',
      }),
    });
    const result = await validateFeedUrl(testHorizon(), server.url('/legislation.atom'));
    expect(result).toEqual({ url: server.url('/legislation.atom'), title: 'Search Results', itemCount: 4 });
  });

  it('resolves an HTML page to the feed it advertises', async () => {
    const server = await serve({
      '/news': body(page('<link rel="alternate" type="application/rss+xml" href="/bills.rss">'), {
        type: 'text/html; charset=utf-8',
      }),
      '/bills.rss': body(
        fixture('real/uk-parliament-bills/services-parliament-uk-current-session-2009-11.rss'),
      ),
    });
    const result = await validateFeedUrl(testHorizon(), server.url('/news'));
    expect(result).toMatchObject({ url: server.url('/bills.rss'), itemCount: 43 });
  });

  it('explains a web page with no feed link', async () => {
    const server = await serve({ '/about': body(page(''), { type: 'text/html' }) });
    const e = (await validateFeedUrl(testHorizon(), server.url('/about')).catch(
      (err: unknown) => err,
    )) as FeedError;
    expect(e).toBeInstanceOf(FeedError);
    expect(e.reason).toBe('not-a-feed');
    expect(e.message).toMatch(/no feed link/);
  });

  it('refuses a page that points its feed link at a private address', async () => {
    const server = await serve({
      '/news': body(page('<link rel="alternate" type="application/rss+xml" href="http://192.168.1.1/rss">'), {
        type: 'text/html',
      }),
    });
    const e = (await validateFeedUrl(testHorizon(), server.url('/news')).catch(
      (err: unknown) => err,
    )) as FeedError;
    expect(e.reason).toBe('refused-url');
  });

  it('refuses a loopback URL when nothing is allow-listed', async () => {
    const server = await serve({
      '/feed': body('<rss version="2.0"><channel><title>x</title></channel></rss>'),
    });
    const e = (await validateFeedUrl(testHorizon({ allow: '' }), server.url('/feed')).catch(
      (err: unknown) => err,
    )) as FeedError;
    expect(e.reason).toBe('refused-url');
    expect(server.requests).toHaveLength(0);
  });
});
