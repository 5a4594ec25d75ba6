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
 * compressing would not make it shorter). Format 1 is that JSON compressed with raw DEFLATE (Node's zlib)
 * and a preset dictionary of words and phrases from real UK policy and funding items
 * (src/store/dictionaries/, built by scripts/store-dictionary.ts): a short item shares little with
 * itself, so it is the dictionary that makes it small. A dictionary is never changed once rows use it; a
 * better one would be format 2, and format 1 would still be read.
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
const DICTIONARY_1 = 1;

let dictionary: Buffer | null = null;

/** The preset dictionary of format 1, read once. */
function dictionary1(): Buffer {
  dictionary ??= readFileSync(projectPath('src', 'store', 'dictionaries', 'body-1.txt'));
  return dictionary;
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
  // A smaller hash table than zlib's default: setting it up is most of compressing a few hundred bytes,
  // and on item texts it compresses just as well (memLevel is the compressor's alone; reading is the same).
  const packed = deflateRawSync(json, { dictionary: dictionary1(), memLevel: 4 });
  return packed.length < json.length
    ? Buffer.concat([Buffer.of(DICTIONARY_1), packed])
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
  else if (format === DICTIONARY_1) json = inflateRawSync(buffer.subarray(1), { dictionary: dictionary1() });
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
