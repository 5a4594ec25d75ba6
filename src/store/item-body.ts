import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Reason } from '../domain.js';
import { projectPath } from '../paths.js';
import { decodeReasonValue, encodeReasonValue } from './reasons-codec.js';

/**
 * An item's words, stored as one compressed value (the `body` column, migration 080): its title, summary,
 * link, canonical URL, key, categories and reasons. Nothing searches these in SQL, and together they were
 * most of the database: written out plainly an item took three and a half times its payload.
 *
 * The value is one format byte, then the rest. Format 0 is the UTF-8 JSON array itself (kept when
 * compressing would not make it shorter). Formats 1 and 2 are that JSON compressed with raw DEFLATE
 * (Node's zlib) and a preset dictionary of words and phrases from real UK policy and funding items
 * (src/store/dictionaries/body-N.txt, built by scripts/store-dictionary.ts): a short item shares little
 * with itself, so it is the dictionary that makes it small. Format 2 (16 KiB) is written now: zlib indexes
 * the whole dictionary again for every item, and format 1's 32 KiB made that most of the cost of storing
 * an item, for 4 % fewer bytes. A dictionary is never changed once rows use it; format 1 is still read.
 *
 * The JSON array is [title, summary, link, reasons, key, canonicalUrl, categories], where the reasons are
 * in their compact form (src/store/reasons-codec.ts), the key is 0 when it is the link itself, 1 when it
 * is "guid:" and the link, 2 when it is "url:" and the canonical URL, the canonical URL is 0 when it is
 * the link, and trailing values that say nothing (key 0, canonical 0, no categories) are left off.
 */

export interface ItemWords {
  key: string;
  title: string;
  summary: string;
  link: string | null;
  canonicalUrl: string | null;
  categories: string[];
  reasons: readonly Reason[];
}

const PLAIN = 0;
/** The format written: its dictionary fits a 16 KiB window (windowBits 14). */
const WRITTEN = 2;

const dictionaries = new Map<number, Buffer>();

/** The preset dictionary of a compressed format (1 or 2), read once. */
function dictionary(format: number): Buffer {
  let d = dictionaries.get(format);
  if (!d) {
    d = readFileSync(projectPath('src', 'store', 'dictionaries', `body-${format}.txt`));
    dictionaries.set(format, d);
  }
  return d;
}

function keyCode(w: ItemWords): string | number {
  if (w.link !== null) {
    if (w.key === w.link) return 0;
    if (w.key === `guid:${w.link}`) return 1;
  }
  if (w.canonicalUrl !== null && w.key === `url:${w.canonicalUrl}`) return 2;
  return w.key;
}

/** The JSON array a body holds (see above), uncompressed. */
export function bodyJson(w: ItemWords): string {
  const values: unknown[] = [
    w.title,
    w.summary,
    w.link,
    encodeReasonValue(w.reasons, w),
    keyCode(w),
    w.canonicalUrl === w.link ? 0 : w.canonicalUrl,
    w.categories,
  ];
  const empty = [null, null, null, null, 0, 0, []];
  while (values.length > 4) {
    const last = values[values.length - 1];
    const none = empty[values.length - 1];
    if (Array.isArray(last) ? last.length === 0 : last === none) values.pop();
    else break;
  }
  return JSON.stringify(values);
}

/** The stored form of an item's words: format 1 when it is shorter, else format 0. */
export function packBody(w: ItemWords): Buffer {
  const json = Buffer.from(bodyJson(w), 'utf8');
  // A smaller hash table than zlib's default, and a window the size of the dictionary: less to set up
  // for each item, and on item texts it compresses just as well (both are the compressor's alone).
  const packed = deflateRawSync(json, { dictionary: dictionary(WRITTEN), memLevel: 4, windowBits: 14 });
  return packed.length < json.length
    ? Buffer.concat([Buffer.of(WRITTEN), packed])
    : Buffer.concat([Buffer.of(PLAIN), json]);
}

/** The words a stored body holds. Throws on a body no Horizon wrote (an unknown format byte). */
export function unpackBody(body: Uint8Array): ItemWords & { reasons: Reason[] } {
  const { reasons, ...words } = unpackBodyLazily(body);
  return { ...words, reasons: reasons() };
}

/** unpackBody, with the reasons decoded only when asked for (most items read for ranking never are). */
export function unpackBodyLazily(body: Uint8Array): Omit<ItemWords, 'reasons'> & { reasons: () => Reason[] } {
  const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const format = buffer[0];
  let json: Buffer;
  if (format === PLAIN) json = buffer.subarray(1);
  else if (format === 1 || format === 2)
    json = inflateRawSync(buffer.subarray(1), { dictionary: dictionary(format) });
  else throw new Error(`an item body in unknown format ${String(format)}: written by a newer Horizon?`);
  const [title, summary, link, reasons, key = 0, canonical = 0, categories = []] = JSON.parse(
    json.toString('utf8'),
  ) as [string, string, string | null, unknown, string | number, string | null | 0, string[]];
  const canonicalUrl = canonical === 0 ? link : canonical;
  const words = { title, summary };
  return {
    key:
      key === 0
        ? (link ?? '')
        : key === 1
          ? `guid:${link ?? ''}`
          : key === 2
            ? `url:${canonicalUrl ?? ''}`
            : String(key),
    title,
    summary,
    link,
    canonicalUrl,
    categories,
    reasons: () => decodeReasonValue(reasons, words),
  };
}
