import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/ingest/errors.js';
import { fetchFeed, type FetchOptions, USER_AGENT } from '../../src/ingest/fetch.js';
import { body, cleanup, fixture, redirect, rss, serve } from './helpers.js';

afterEach(cleanup);

const options = (over: Partial<FetchOptions> = {}): FetchOptions => ({
  timeoutMs: 2000,
  maxBytes: 1024 * 1024,
  allowPrivateHosts: ['127.0.0.1'],
  ...over,
});

async function failure(url: string, over: Partial<FetchOptions> = {}): Promise<FeedError> {
  const e = await fetchFeed(url, options(over)).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FeedError);
  return e as FeedError;
}

describe('fetchFeed', () => {
  it('fetches the bytes and names the project in its User-Agent', async () => {
    const feed = fixture('real/legislation-gov-uk/doclist-page-1-2015-12.atom');
    const server = await serve({ '/feed': body(feed, { type: 'application/atom+xml' }) });
    const r = await fetchFeed(server.url('/feed'), options());
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.body.equals(feed)).toBe(true);
    expect(r.contentType).toBe('application/atom+xml');
    expect(server.requests[0]!.headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^Horizon\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/horizon-scan\/horizon\)$/);
  });

  it('sends If-None-Match and If-Modified-Since and reports not-modified on 304', async () => {
    const lastModified = 'Tue, 10 Mar 2026 08:00:00 GMT';
    const server = await serve({
      '/feed': body(rss([{ title: 'One', guid: '1' }]), { etag: '"v1"', lastModified }),
    });
    const first = await fetchFeed(server.url('/feed'), options());
    expect(first).toMatchObject({ kind: 'ok', etag: '"v1"', lastModified });
    const second = await fetchFeed(server.url('/feed'), options({ etag: '"v1"', lastModified }));
    expect(second.kind).toBe('not-modified');
    expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(server.requests[1]!.headers['if-modified-since']).toBe(lastModified);
  });

  it('decompresses a gzip body (a real gzip file served with Content-Encoding: gzip)', async () => {
    const server = await serve({
      '/feed': body(fixture('peer/node-feedparser/test/feeds/compressed.xml'), {
        headers: { 'Content-Encoding': 'gzip' },
      }),
    });
    const r = await fetchFeed(server.url('/feed'), options());
    expect(r.kind === 'ok' && r.body.toString('utf8')).toContain('<rss');
    expect(server.requests[0]!.headers['accept-encoding']).toMatch(/gzip/);
  });

  it('gives up on a server that never answers, with a timeout reason', async () => {
    const server = await serve({ '/slow': () => undefined });
    const e = await failure(server.url('/slow'), { timeoutMs: 300 });
    expect(e.reason).toBe('timeout');
    expect(e.message).toMatch(/did not answer/);
  });

  it('stops reading a streamed body past the size cap', async () => {
    const server = await serve({
      '/big': (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 200 && res.write(chunk)) sent++;
          if (sent < 200) res.once('drain', pump);
          else res.end();
        };
        pump();
      },
    });
    const e = await failure(server.url('/big'), { maxBytes: 256 * 1024 });
    expect(e.reason).toBe('too-large');
    expect(e.message).toMatch(/larger than the 256 KB limit/);
  });

  it('refuses early when Content-Length already exceeds the cap', async () => {
    const server = await serve({ '/big': body(Buffer.alloc(300 * 1024, 'a')) });
    expect((await failure(server.url('/big'), { maxBytes: 100 * 1024 })).reason).toBe('too-large');
  });

  it('applies the size cap to decompressed bytes (a gzip bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const server = await serve({ '/bomb': body(bomb, { headers: { 'Content-Encoding': 'gzip' } }) });
    expect((await failure(server.url('/bomb'), { maxBytes: 1024 * 1024 })).reason).toBe('too-large');
  });

  it('follows redirects and reports where it ended', async () => {
    const server = await serve({});
    server.route('/old', redirect(server.url('/new'), 301));
    server.route('/new', body(rss([{ title: 'x', guid: '1' }])));
    const r = await fetchFeed(server.url('/old'), options());
    expect(r.finalUrl).toBe(server.url('/new'));
  });

  it('detects a redirect loop', async () => {
    const server = await serve({});
    server.route('/a', redirect(server.url('/b')));
    server.route('/b', redirect(server.url('/a')));
    const e = await failure(server.url('/a'));
    expect(e.reason).toBe('too-many-redirects');
    expect(e.message).toMatch(/loop/);
  });

  it('caps the number of redirects', async () => {
    const server = await serve({});
    for (let i = 0; i < 10; i++) server.route(`/r${i}`, redirect(server.url(`/r${i + 1}`)));
    const e = await failure(server.url('/r0'), { maxRedirects: 3 });
    expect(e.reason).toBe('too-many-redirects');
    expect(server.requests).toHaveLength(4);
  });

  it('checks every redirect target: an allowed host cannot bounce a request to a refused one', async () => {
    const server = await serve({ '/jump': redirect('http://169.254.169.254/latest/meta-data/') });
    const e = await failure(server.url('/jump'));
    expect(e.reason).toBe('refused-url');
    expect(e.message).toMatch(/linkLocal/);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const server = await serve({ '/jump': redirect('file:///etc/passwd') });
    expect((await failure(server.url('/jump'))).reason).toBe('refused-url');
  });

  it.each([
    [404, /gone/],
    [500, /error/],
    [403, /refused access/],
  ])('turns HTTP %i into an http-status reason with advice', async (status, advice) => {
    const server = await serve({ '/x': (_req, res) => void res.writeHead(status).end('nope') });
    const e = await failure(server.url('/x'));
    expect(e.reason).toBe('http-status');
    expect(e.status).toBe(status);
    expect(e.message).toMatch(advice);
  });

  it('reports a refused connection as a network problem', async () => {
    const server = await serve({});
    const url = server.url('/x');
    await cleanup();
    const e = await failure(url);
    expect(e.reason).toBe('network');
  });
});
