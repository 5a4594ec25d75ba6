// Writes the preset dictionary that item bodies are compressed with (src/store/item-body.ts), from the
// real items of eval/items/uk-items-labelled.jsonl outside the tagger's test slice. None of them is an
// item of eval/labels.jsonl, whose texts the storage bench stores, so the bench measures the dictionary
// on text it has never seen.
//
// `npx tsx scripts/store-dictionary.ts [N]` writes body-N.txt for format N (default 2, the one written now).
// A dictionary that rows were written with must never change: a new one is a new format number in
// item-body.ts, and the old file stays. The committed file is the record: the whole bodies carry the
// shipped tagger's reasons, so running this again after the tagger changed gives another file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeedKind, ParsedItem } from '../src/domain.js';
import { isTestId } from '../eval/split.js';
import { createHorizon } from '../src/horizon.js';
import { tagForFeed } from '../src/ingest/tagging.js';
import { silentLogger } from '../src/log.js';
import { projectPath } from '../src/paths.js';
import { bodyJson } from '../src/store/item-body.js';

/**
 * Each format's size, and how much of its end is whole bodies as stored (for the JSON, link and reason
 * patterns); the rest is recurring phrases. Format 1 used deflate's whole 32 KiB window; format 2 is half
 * that, because zlib indexes the whole dictionary again for every item it compresses: on the storage
 * bench's items it compresses to about 4 % more bytes in about half the time.
 */
const FORMATS: Record<string, { size: number; wholeBodies: number }> = {
  '1': { size: 32_768, wholeBodies: 8_192 },
  '2': { size: 16_384, wholeBodies: 8_192 },
};

interface Labelled {
  id: string;
  title: string;
  summary: string;
  url: string | null;
  published: string | null;
  source_kind: FeedKind;
}

const items = readFileSync(projectPath('eval', 'items', 'uk-items-labelled.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Labelled)
  .filter((i) => !isTestId(i.id));

/** Word runs of one to four words that recur, scored by the bytes they would save, best last. */
function phrases(texts: string[], size: number): string {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const words = text.split(/(?<= )/);
    for (let n = 1; n <= 4; n++)
      for (let i = 0; i + n <= words.length; i++) {
        const g = words.slice(i, i + n).join('');
        if (g.length >= 4) counts.set(g, (counts.get(g) ?? 0) + 1);
      }
  }
  const ranked = [...counts]
    .filter(([, c]) => c >= 3)
    .map(([g, c]) => ({ g, score: (c - 1) * (g.length - 3) }))
    .sort((a, b) => b.score - a.score || (a.g < b.g ? -1 : 1));
  const picked: string[] = [];
  let length = 0;
  for (const { g } of ranked) {
    const bytes = Buffer.byteLength(g);
    if (length + bytes > size) continue;
    if (picked.some((p) => p.includes(g))) continue;
    picked.push(g);
    length += bytes;
    if (length >= size - 3) break;
  }
  // Deflate codes nearer matches in fewer bits: the most useful phrases go last.
  return picked.reverse().join('');
}

const h = createHorizon({ env: { HORIZON_DB: ':memory:' }, log: silentLogger });
const bodies = items.map((i) => {
  const p: ParsedItem = {
    key: i.url ?? i.id,
    title: i.title,
    summary: i.summary,
    link: i.url,
    canonicalUrl: i.url,
    publishedAt: i.published ? `${i.published}T00:00:00.000Z` : null,
    categories: [],
  };
  const tagging = tagForFeed(h.tagger, { kind: i.source_kind, themes: [] })(p);
  return bodyJson({ ...p, reasons: tagging.reasons });
});
h.store.close();

const n = process.argv[2] ?? '2';
const format = FORMATS[n];
if (!format) throw new Error(`no dictionary format ${n}; known: ${Object.keys(FORMATS).join(', ')}`);
let tail = '';
for (const b of bodies) {
  if (Buffer.byteLength(tail + b) > format.wholeBodies) break;
  tail += b;
}
const head = phrases(
  items.map((i) => `${i.title} ${i.summary}`),
  format.size - Buffer.byteLength(tail),
);
const file = join(projectPath('src', 'store', 'dictionaries'), `body-${n}.txt`);
writeFileSync(file, head + tail);
process.stdout.write(`${file}: ${Buffer.byteLength(head + tail)} bytes from ${items.length} items\n`);
