import { hash } from 'node:crypto';

/** The keys an item is known by, in its feed and across feeds, and the hash that notices edits. */

function sha1(text: string): string {
  // One-shot hashing: no Hash object per item, same digest as createHash, so stored hashes still match.
  return hash('sha1', text, 'hex');
}

/** Identity of an item within its feed: guid, else canonical link, else a hash of title and date. */
export function itemKey(p: {
  guid?: string | null;
  canonicalUrl: string | null;
  title: string;
  publishedAt: string | null;
}): string {
  const guid = p.guid?.trim();
  if (guid) return `guid:${guid.slice(0, 500)}`;
  if (p.canonicalUrl) return `url:${p.canonicalUrl}`;
  return `hash:${sha1(`${p.title.toLowerCase()}|${p.publishedAt ?? ''}`)}`;
}

/**
 * Identity of a story across feeds: the canonical URL without scheme or `www.`, else a hash of the
 * title folded to letters and digits, so the same press release in two feeds counts once.
 */
export function storyKey(p: { canonicalUrl: string | null; title: string }): string {
  if (p.canonicalUrl) {
    const u = new URL(p.canonicalUrl);
    const host = u.host.replace(/^www\./, '');
    const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : '';
    return `url:${host}${path}${u.search}`;
  }
  return `title:${sha1(
    p.title
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim(),
  )}`;
}

/** What decides whether an upstream edit changed the item. */
export function contentHash(p: {
  title: string;
  summary: string;
  link: string | null;
  publishedAt: string | null;
  categories: string[];
  facts?: unknown;
}): string {
  // Facts from a structured source count as content: a consultation's outcome being published is news.
  const parts: unknown[] = [p.title, p.summary, p.link, p.publishedAt, p.categories];
  if (p.facts !== undefined) parts.push(p.facts);
  return sha1(JSON.stringify(parts));
}
