import { afterEach, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/ingest/errors.js';
import { fetchFeed } from '../../src/ingest/fetch.js';
import { checkUrl, guardedLookup, isAllowListed, refusedRange } from '../../src/ingest/guard.js';
import { body, cleanup, rss, serve } from './helpers.js';

afterEach(cleanup);

async function refusal(url: string, allow: string[] = []): Promise<FeedError> {
  const error = await checkUrl(url, allow).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeedError);
  return error as FeedError;
}

describe('the SSRF guard', () => {
  it.each([
    ['loopback IPv4', 'http://127.0.0.1/feed'],
    ['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data/'],
    ['loopback IPv6', 'http://[::1]/feed'],
    ['private 10.x', 'http://10.1.2.3/feed'],
    ['private 192.168.x', 'http://192.168.0.10/rss'],
    ['unique-local IPv6', 'http://[fc00::1]/feed'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/feed'],
    ['unspecified', 'http://0.0.0.0/feed'],
    ['carrier-grade NAT', 'http://100.64.0.1/feed'],
    ['a name that resolves to loopback', 'http://localhost/feed'],
  ])('refuses %s unless allow-listed', async (_what, url) => {
    const e = await refusal(url);
    expect(e.reason).toBe('refused-url');
    expect(e.message).toContain('HORIZON_ALLOW_PRIVATE_HOSTS');
  });

  it('refuses schemes other than http and https', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.org/feed', 'gopher://example.org/']) {
      const e = await refusal(url);
      expect(e.reason).toBe('refused-url');
      expect(e.message).toMatch(/only http and https/i);
    }
  });

  it('refuses a URL that carries credentials', async () => {
    const e = await refusal('https://user:secret@example.org/feed');
    expect(e.message).toMatch(/user name or password/);
    expect(e.message).not.toContain('secret');
  });

  it('refuses text that is not a URL, saying what to give instead', async () => {
    const e = await refusal('not a url');
    expect(e.message).toMatch(/full http\(s\) URL/);
  });

  it('lets an allow-listed host or IP through', async () => {
    await expect(checkUrl('http://127.0.0.1:8080/feed', ['127.0.0.1'])).resolves.toBeInstanceOf(URL);
    await expect(checkUrl('http://localhost:8080/feed', ['localhost'])).resolves.toBeInstanceOf(URL);
    await expect(checkUrl('http://[::1]/feed', ['::1'])).resolves.toBeInstanceOf(URL);
  });

  it('accepts public addresses without any DNS (IP literals)', async () => {
    await expect(checkUrl('https://8.8.8.8/feed', [])).resolves.toBeInstanceOf(URL);
    await expect(checkUrl('https://[2a00:1450:4009::1]/feed', [])).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['IPv4-compatible loopback', 'http://[::127.0.0.1]/feed'],
    ['IPv4-compatible metadata address', 'http://[::a9fe:a9fe]/latest/meta-data/'],
    ['IPv4-compatible public address (deprecated form)', 'http://[::8.8.8.8]/feed'],
    ['IPv4-mapped metadata address in hex', 'http://[::ffff:a9fe:a9fe]/'],
    ['IPv4-translated private address', 'http://[::ffff:0:10.0.0.1]/feed'],
    ['NAT64 to loopback', 'http://[64:ff9b::127.0.0.1]/feed'],
    ['NAT64 to the metadata address', 'http://[64:ff9b::a9fe:a9fe]/'],
    ['local-use NAT64', 'http://[64:ff9b:1::8.8.8.8]/feed'],
    ['6to4 around a private address', 'http://[2002:c0a8:0001::1]/feed'],
    ['6to4 around loopback', 'http://[2002:7f00:1::]/feed'],
    ['Teredo with a private client', 'http://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/feed'],
    ['Teredo with a loopback server', 'http://[2001:0:7f00:1::1]/feed'],
  ])('refuses an IPv6 address that carries a private IPv4 one: %s', async (_what, url) => {
    const e = await refusal(url);
    expect(e.reason).toBe('refused-url');
    expect(e.message).toContain('HORIZON_ALLOW_PRIVATE_HOSTS');
  });

  it('fetches public addresses reached through NAT64, 6to4 and Teredo', () => {
    expect(refusedRange('64:ff9b::8.8.8.8')).toBeNull();
    expect(refusedRange('2002:0808:0808::1')).toBeNull();
    // Teredo: server 65.54.227.120 and client 8.8.8.8, stored XORed with ones as f7f7:f7f7.
    expect(refusedRange('2001:0:4136:e378:8000:63bf:f7f7:f7f7')).toBeNull();
    expect(refusedRange('::a9fe:a9fe')).toBe('ipv4-compatible');
    expect(refusedRange('64:ff9b::a9fe:a9fe')).toBe('nat64 linkLocal');
  });

  it('names the range of an address it refuses', () => {
    expect(refusedRange('127.0.0.1')).toBe('loopback');
    expect(refusedRange('::ffff:10.0.0.1')).toBe('ipv4-mapped private');
    expect(refusedRange('fe80::1')).toBe('linkLocal');
    expect(refusedRange('81.2.69.160')).toBeNull();
  });

  it('matches allow-list entries by normalised host or address', () => {
    expect(isAllowListed('LOCALHOST', ['localhost'])).toBe(true);
    expect(isAllowListed('0:0:0:0:0:0:0:1', ['::1'])).toBe(true);
    expect(isAllowListed('127.0.0.2', ['127.0.0.1'])).toBe(false);
  });

  it('stops a fetch before any request is made when the URL is refused', async () => {
    const server = await serve({ '/feed': body(rss([{ title: 'x', guid: '1' }])) });
    const error = await fetchFeed(server.url('/feed'), {
      timeoutMs: 2000,
      maxBytes: 1e6,
      allowPrivateHosts: [],
    }).catch((e: unknown) => e);
    expect((error as FeedError).reason).toBe('refused-url');
    expect(server.requests).toHaveLength(0);
  });
});

describe('the connect-time lookup', () => {
  function lookup(host: string, allow: string[]): Promise<{ error: Error | null; addresses: unknown }> {
    return new Promise((resolve) => {
      guardedLookup(allow)(host, { all: true }, (error, addresses) => resolve({ error, addresses }));
    });
  }

  it('refuses a name that resolves to a private address when the socket connects (no DNS-rebinding window)', async () => {
    const { error } = await lookup('localhost', []);
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).reason).toBe('refused-url');
  });

  it('resolves an allow-listed name as usual', async () => {
    const { error, addresses } = await lookup('localhost', ['localhost']);
    expect(error).toBeNull();
    expect(addresses).toEqual(
      expect.arrayContaining([expect.objectContaining({ address: expect.any(String) })]),
    );
  });
});
