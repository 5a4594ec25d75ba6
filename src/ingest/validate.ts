import type { Horizon } from '../context.js';
import { discoverFeedLinks, looksLikeHtml } from './discover.js';
import { FeedError } from './errors.js';
import { fetchFeed } from './fetch.js';
import { decodeBody, parseFeed } from './parse.js';
import { readStructured, structuredSource } from '../sources/structured.js';

export interface ValidatedFeed {
  /** The feed's own address: the one given, or the feed a web page pointed to. */
  url: string;
  title: string;
  itemCount: number;
}

/**
 * Checks that a URL someone wants to add is a readable feed. A web page that advertises a feed
 * (`<link rel="alternate">`) is resolved to that feed. Throws FeedError with a one-line reason.
 */
export async function validateFeedUrl(h: Horizon, url: string): Promise<ValidatedFeed> {
  const opts = {
    timeoutMs: h.config.fetch.timeoutMs,
    maxBytes: h.config.fetch.maxBytes,
    allowPrivateHosts: h.config.allowPrivateHosts,
  };
  // A GOV.UK search or a Bills API list is kept at the address given and read as JSON.
  const source = structuredSource(url, h.config);
  if (source) {
    const answer = await fetchFeed(source.fetchUrl, { ...opts, accept: 'application/json' });
    if (answer.kind !== 'ok') throw new FeedError('empty', 'The service sent no content. Try again later.');
    const read = readStructured(source, answer.body, () => {});
    return { url: url.trim(), title: read.title, itemCount: read.items.length };
  }
  let fetched = await fetchFeed(url, opts);
  if (fetched.kind !== 'ok') throw new FeedError('empty', 'The site sent no content. Try again later.');
  // The address to store: a permanent redirect's target, never a temporary one's.
  let feedUrl = fetched.permanentUrl;
  if (looksLikeHtml(fetched.body, fetched.contentType)) {
    const links = discoverFeedLinks(decodeBody(fetched.body, fetched.contentType), fetched.finalUrl);
    if (links.length === 0) {
      throw new FeedError(
        'not-a-feed',
        'That is a web page with no feed link on it. Find its RSS or Atom link and add that.',
      );
    }
    feedUrl = links[0]!;
    fetched = await fetchFeed(feedUrl, opts);
    if (fetched.kind !== 'ok') throw new FeedError('empty', 'The feed sent no content. Try again later.');
    feedUrl = fetched.permanentUrl;
  }
  // Relative links in the feed are relative to where it was really read.
  const parsed = await parseFeed(fetched.body, fetched.contentType, fetched.finalUrl);
  return { url: feedUrl, title: parsed.title || new URL(feedUrl).host, itemCount: parsed.items.length };
}
