import iconv from 'iconv-lite';
import { convert } from 'html-to-text';
import Parser from 'rss-parser';
import type { ParsedItem } from '../domain.js';
import { FeedError } from './errors.js';
import {
  canonicalUrl,
  contentHash,
  itemKey,
  MAX_TITLE_CHARS,
  normaliseDate,
  plainText,
} from './normalise.js';

export interface ParsedFeed {
  title: string;
  link: string | null;
  items: ParsedItem[];
  /** RSS <ttl>: minutes the feed may be cached before it is read again; null when it gives none. */
  ttlMinutes?: number | null;
}

/** More items than any real feed carries; a feed past this is cut, not refused. */
export const MAX_ITEMS_PER_FEED = 5000;

// ---------------------------------------------------------------------------------------------------------
// Bytes to text

function sniffBom(body: Buffer): { encoding: string; skip: number } | null {
  if (body.length >= 4 && body[0] === 0xff && body[1] === 0xfe && body[2] === 0 && body[3] === 0)
    return { encoding: 'utf32le', skip: 4 };
  if (body.length >= 4 && body[0] === 0 && body[1] === 0 && body[2] === 0xfe && body[3] === 0xff)
    return { encoding: 'utf32be', skip: 4 };
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf)
    return { encoding: 'utf8', skip: 3 };
  if (body.length >= 2 && body[0] === 0xff && body[1] === 0xfe) return { encoding: 'utf16le', skip: 2 };
  if (body.length >= 2 && body[0] === 0xfe && body[1] === 0xff) return { encoding: 'utf16be', skip: 2 };
  return null;
}

/** `<?xml` written in UTF-16 or UTF-32 without a BOM still shows its shape in the first bytes. */
function sniffWide(body: Buffer): string | null {
  if (body.length < 4) return null;
  const [a, b, c, d] = [body[0], body[1], body[2], body[3]];
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return 'utf32be';
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return 'utf32le';
  if (a === 0 && b === 0x3c && c === 0 && d === 0x3f) return 'utf16be';
  if (a === 0x3c && b === 0 && c === 0x3f && d === 0) return 'utf16le';
  return null;
}

function usable(encoding: string | null | undefined): string | null {
  if (!encoding) return null;
  const e = encoding.trim().toLowerCase();
  return iconv.encodingExists(e) ? e : null;
}

const isWide = (e: string) => /^(utf-?16|utf-?32|ucs-?2|ucs-?4)/i.test(e);

const isUtf8 = (e: string) => e === 'utf8' || e === 'utf-8';

/** Node's own UTF-8 decoder is several times faster than iconv's and most feeds are UTF-8. */
function decode(bytes: Buffer, encoding: string): string {
  return isUtf8(encoding) ? bytes.toString('utf8') : iconv.decode(bytes, encoding);
}

/** Decodes with BOM first, then the HTTP charset (for XML content types), then the XML declaration, then UTF-8. */
export function decodeBody(body: Buffer, contentType?: string | null): string {
  const bom = sniffBom(body);
  if (bom) return decode(body.subarray(bom.skip), bom.encoding);
  const wide = sniffWide(body);
  if (wide) return iconv.decode(body, wide);
  const type = (contentType ?? '').toLowerCase();
  const httpCharset = /charset\s*=\s*["']?([\w.:-]+)/i.exec(type)?.[1];
  const head = body.subarray(0, 1024).toString('latin1');
  const declared = /<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
  const candidates = type.includes('xml') ? [httpCharset, declared] : [declared, httpCharset];
  for (const c of candidates) {
    const e = usable(c);
    // A single-byte body cannot really be UTF-16; the declaration is wrong, so fall through.
    if (e && !isWide(e)) return decode(body, e);
  }
  // Undeclared bytes that are not valid UTF-8 are almost always Windows-1252 (a superset of Latin-1).
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return iconv.decode(body, 'win1252');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Text to safe XML

/** Removes the DOCTYPE and its internal subset, so no entity declared there can ever be expanded. */
export function stripDoctype(xml: string): string {
  let out = xml;
  for (let guard = 0; guard < 10; guard++) {
    const start = out.search(/<!DOCTYPE/i);
    if (start < 0) break;
    let i = start + 9;
    let quote: string | null = null;
    let depth = 0;
    for (; i < out.length; i++) {
      const ch = out[i];
      if (quote) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '[') depth++;
      else if (ch === ']') depth = Math.max(0, depth - 1);
      else if (ch === '>' && depth === 0) break;
    }
    out = out.slice(0, start) + out.slice(i + 1);
  }
  return out;
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const htmlEntityCache = new Map<string, string | null>();

/** Looks up an HTML named entity (feeds use `&nbsp;`, `&pound;`… which XML does not define). */
function htmlEntity(name: string): string | null {
  const cached = htmlEntityCache.get(name);
  if (cached !== undefined) return cached;
  const ref = `&${name};`;
  const decoded = convert(ref, { wordwrap: false });
  const value = decoded === ref || decoded === '' ? null : decoded;
  if (htmlEntityCache.size < 2000) htmlEntityCache.set(name, value);
  return value;
}

/** An ampersand that does not start one of XML's own five entities or a character reference. */
const NEEDS_ENTITY_FIX = /&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});)/;

/**
 * Makes entity references safe for a strict XML parser: HTML named entities become character references,
 * unknown ones and bare ampersands become literal text. CDATA sections are left as they are.
 */
export function fixEntities(xml: string): string {
  // Most feeds use only the references XML defines; they are returned as they are, without a copy.
  if (!NEEDS_ENTITY_FIX.test(xml)) return xml;
  return xml
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part.replace(
        /&(#\d{1,7};|#x[0-9a-f]{1,6};|([a-z][\w.-]{0,31});)?/gi,
        (match, ref: string | undefined, name: string | undefined) => {
          if (!ref) return '&amp;';
          if (!name) return match;
          if (XML_ENTITIES.has(name)) return match;
          const value = htmlEntity(name);
          if (value === null) return `&amp;${name};`;
          return [...value].map((c) => `&#${c.codePointAt(0)};`).join('');
        },
      );
    })
    .join('');
}

const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/;

function rootName(xml: string): string | null {
  const rest = xml.slice(PROLOG.exec(xml)?.[0].length ?? 0);
  return /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1] ?? null;
}

/** Drops anything before the XML declaration or root element (a stray newline, a PHP warning). */
function stripLeadingJunk(text: string): string {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const decl = t.indexOf('<?xml');
  if (decl > 0 && decl < 4096) return t.slice(decl);
  if (decl === 0) return t;
  const first = t.search(/<[A-Za-z!?]/);
  return first > 0 ? t.slice(first) : t;
}

// ---------------------------------------------------------------------------------------------------------
// XML to items

interface RawItem {
  [key: string]: unknown;
  title?: unknown;
  link?: unknown;
  guid?: unknown;
  id?: unknown;
  pubDate?: string;
  date?: string;
  content?: string;
  summary?: unknown;
  categories?: unknown[];
  category?: unknown[];
  rawPublished?: string;
  rawUpdated?: string;
}

/**
 * rss-parser turns an Atom entry's date straight into `new Date(...).toISOString()`, which throws on a
 * date it cannot read; we take the raw dates aside and read them ourselves.
 */
class SafeParser extends Parser<Record<string, unknown>, RawItem> {
  parseItemAtom(entry: Record<string, unknown>): RawItem {
    const raw = { rawPublished: textOf(entry.published), rawUpdated: textOf(entry.updated) };
    const safe = { ...entry };
    delete safe.published;
    delete safe.updated;
    const item = (Parser.prototype as unknown as { parseItemAtom(e: unknown): RawItem }).parseItemAtom.call(
      this,
      safe,
    );
    return { ...item, ...raw };
  }
}

function newParser(): SafeParser {
  const p = new SafeParser({
    defaultRSS: 2,
    customFields: {
      item: [
        ['a10:updated', 'a10Updated'],
        ['dc:date', 'dcDate'],
        ['updated', 'updatedRaw'],
        ['category', 'category', { keepArray: true }],
      ],
    },
  });
  return p;
}

function textOf(v: unknown): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return textOf(v[0]);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('_' in o) return textOf(o._);
    if (o.$ && typeof o.$ === 'object') {
      const attrs = o.$ as Record<string, unknown>;
      return textOf(attrs.term ?? attrs.href ?? '');
    }
  }
  return '';
}

function categoriesOf(raw: RawItem): string[] {
  const all = [
    ...(Array.isArray(raw.categories) ? raw.categories : []),
    ...(Array.isArray(raw.category) ? raw.category : []),
  ];
  const out = new Set<string>();
  for (const c of all) {
    const t = plainText(textOf(c), 120);
    if (t) out.add(t);
  }
  return [...out].slice(0, 30);
}

function looksLikeUrl(s: string): boolean {
  return /^https?:\/\//i.test(s.trim());
}

function toParsedItem(raw: RawItem, base: string | null): Omit<ParsedItem, 'key'> & { guid: string } {
  const title = plainText(textOf(raw.title), MAX_TITLE_CHARS);
  const summarySource = textOf(raw.summary) || raw.content || textOf(raw['content:encoded']) || '';
  const summary = plainText(summarySource);
  const guid = textOf(raw.guid) || textOf(raw.id) || textOf(raw['rdf:about']);
  let link = textOf(raw.link).trim() || (looksLikeUrl(guid) ? guid.trim() : '');
  if (link && base) {
    try {
      link = new URL(link, base).href;
    } catch {
      /* keep as given; canonicalUrl will refuse it */
    }
  }
  const dateRaw =
    raw.pubDate ||
    textOf(raw.dcDate) ||
    raw.date ||
    textOf(raw.a10Updated) ||
    raw.rawPublished ||
    raw.rawUpdated ||
    textOf(raw.updatedRaw);
  const publishedAt = normaliseDate(dateRaw);
  const canonical = canonicalUrl(link);
  return {
    guid,
    title: title || (summary ? plainText(summary, 120) : '(untitled)'),
    summary,
    link: canonical ? link : null,
    canonicalUrl: canonical,
    publishedAt,
    categories: categoriesOf(raw),
  };
}

/** Gives every item a key unique within the feed, falling back from guid to link to content when a feed repeats guids. */
function assignKeys(entries: ReturnType<typeof toParsedItem>[]): ParsedItem[] {
  const seen = new Set<string>();
  const out: ParsedItem[] = [];
  for (const e of entries) {
    const { guid, ...rest } = e;
    // The fallbacks are only worked out when the guid is taken: hashing every item's content is wasted work.
    let key = itemKey({ guid, ...rest });
    if (seen.has(key)) key = itemKey({ guid: null, ...rest });
    if (seen.has(key)) key = `hash:${contentHash(rest)}`;
    if (seen.has(key)) continue; // the very same item twice in one document
    seen.add(key);
    out.push({ key, ...rest });
  }
  return out;
}

/**
 * Bytes of a feed to plain, normalised items. Throws FeedError ('empty', 'not-a-feed', 'parse-error') and
 * nothing else. Entities are never expanded: the DOCTYPE is removed before parsing.
 */
export async function parseFeed(
  body: Buffer,
  contentType?: string | null,
  baseUrl?: string | null,
): Promise<ParsedFeed> {
  let xml: string;
  try {
    xml = stripLeadingJunk(decodeBody(body, contentType));
  } catch {
    throw new FeedError(
      'parse-error',
      'The feed text could not be decoded. Tell the publisher; Horizon will retry.',
    );
  }
  // The prolog pattern also takes whitespace, so a document that is only prolog is matched whole.
  if ((PROLOG.exec(xml)?.[0].length ?? 0) === xml.length) {
    throw new FeedError('empty', 'The feed was empty. The site may be having trouble; Horizon will retry.');
  }
  const wasHtml = /^\s*(?:<\?[\s\S]*?\?>\s*)?<!DOCTYPE\s+html/i.test(xml);
  xml = stripDoctype(xml);
  const root = rootName(xml)?.toLowerCase() ?? null;
  if (wasHtml || root === 'html' || root === 'body' || root === 'head') {
    throw new FeedError(
      'not-a-feed',
      'This address gives a web page, not a feed. Look on the page for an RSS or Atom link and use that.',
    );
  }
  if (!root || !/^(rss|feed|(?:[\w-]+:)?rdf|(?:[\w-]+:)?feed|rdf:rdf)$/.test(root)) {
    throw new FeedError(
      'not-a-feed',
      `This is not an RSS or Atom feed${root ? ` (its root is <${root.slice(0, 40)}>)` : ''}. Check the address.`,
    );
  }
  xml = fixEntities(xml);
  let raw: { title?: unknown; link?: unknown; ttl?: unknown; items?: RawItem[] };
  try {
    raw = (await newParser().parseString(xml)) as typeof raw;
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    if (/not recognized as RSS/i.test(message)) {
      throw new FeedError('not-a-feed', 'This is XML but not an RSS or Atom feed. Check the address.');
    }
    throw new FeedError(
      'parse-error',
      `The feed is not well-formed XML (${message.slice(0, 120)}). Tell the publisher; Horizon will retry.`,
    );
  }
  const link = textOf(raw.link).trim() || null;
  const base = baseUrl ?? (link && looksLikeUrl(link) ? link : null);
  const items = assignKeys((raw.items ?? []).slice(0, MAX_ITEMS_PER_FEED).map((r) => toParsedItem(r, base)));
  const ttl = Number.parseInt(textOf(raw.ttl).trim(), 10);
  return {
    title: plainText(textOf(raw.title), MAX_TITLE_CHARS),
    link,
    items,
    ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : null,
  };
}
