import { createRequire } from 'node:module';

// wink's Porter2 stemmer, the one wink-nlp applies for `its.stem`, called directly: building a full
// wink document per item costs several times our whole per-item budget, and tagging only needs stems.
const require = createRequire(import.meta.url);
const porter = require('wink-eng-lite-web-model/dist/porter-stemmer.js') as (word: string) => string;

/** One word of a text: its stem, and where it sits in the original string so reasons can quote it. */
export interface Token {
  stem: string;
  /** The stem's number (see `stemId`): lets a model look a word up by array index, not by string. */
  id: number;
  /** The word itself, lower case, for phrases that must match exactly. */
  word: string;
  start: number;
  end: number;
  /** A clause boundary (.;:!? or a bullet) comes right before this word: cues do not reach across it. */
  breakBefore: boolean;
  /** Written in capitals (SEND, AI), for phrases that only mean something as an acronym. */
  upper: boolean;
}

// Words are letters and digits, with inner apostrophes kept (king's); hyphens split words so that
// "roll-out" and "roll out" match the same phrase. Clause punctuation is matched to mark boundaries.
// `tokenize` below reads text by hand with exactly this pattern's meaning (test/tagging/text.test.ts
// checks the two agree on every real item and on random text); the pattern is the definition.
export const TOKEN_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?|[.;:!?•|()]/gu;

const STEM_CACHE_LIMIT = 50_000;

/**
 * Stems numbered in the order first seen, so models can index their word tables by number. Numbers
 * are never reused; past the cap (odd text can hold endless distinct "words") new stems get -1 and
 * models fall back to looking them up by string.
 */
const STEM_ID_LIMIT = 200_000;
const stemIds = new Map<string, number>();

/** The number of a stem, giving it one if it has none yet (or -1 once the table is full). */
export function stemId(stem: string): number {
  let id = stemIds.get(stem);
  if (id === undefined) {
    if (stemIds.size >= STEM_ID_LIMIT) return -1;
    id = stemIds.size;
    stemIds.set(stem, id);
  }
  return id;
}

function stemOf(word: string): string {
  const s = porter(word.replace('’', "'"));
  // The stemmer drops "'s" only at the very end; keep possessives and plurals together.
  return s.endsWith("'") ? s.slice(0, -1) : s;
}

/**
 * Words already stemmed, in an open-addressing table keyed by a hash of the word's characters: the
 * tokeniser hashes a word as it reads it and finds it here without cutting it out of the text, so a
 * word seen before costs no string at all. Real text reuses a small vocabulary. Cleared when full.
 */
// The table starts small and doubles while less than half free, so a real vocabulary (a few thousand
// words) stays in the processor's cache: looking words up is most of what the tokeniser does.
const MAX_SLOTS = 1 << 17; // more than twice STEM_CACHE_LIMIT
let slots = 1 << 12;
// Flat arrays, each slot's numbers side by side, so a look-up touches as few cache lines as it can:
// `meta` holds [hash, stem number + 2 (0: an empty slot), where the word's characters start in `pool`,
// its length], `strs` [word, stem]. A look-up compares characters in `pool` with the text's characters
// copied into `chars`: typed arrays both, where comparing JavaScript strings character by character
// costs several times as much (each read dispatches on how the string is stored).
let meta = new Int32Array(slots * 4);
let strs: string[] = new Array<string>(slots * 2).fill('');
let pool = new Uint16Array(1 << 15);
let poolUsed = 0;
let wordCount = 0;
/** The characters of the text being read (see `tokenize`), or of one word (see `stem`). */
let chars = new Uint16Array(1 << 12);

/** `chars`, grown first when it is shorter than `n`. */
function charsFor(n: number): Uint16Array {
  if (chars.length < n) chars = new Uint16Array(Math.max(n, chars.length * 2));
  return chars;
}

/** Copies `text` into `chars`. */
function loadChars(text: string): Uint16Array {
  const buf = charsFor(text.length);
  for (let i = 0; i < text.length; i++) buf[i] = text.charCodeAt(i);
  return buf;
}

/**
 * Copies `text` into `chars` in lower case when it is all ASCII (most items are), sparing a lower-case
 * copy of the whole string; false at the first other character, and the caller lowers it as a string.
 */
function loadAsciiLower(text: string): boolean {
  const buf = charsFor(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return false;
    buf[i] = c >= 65 && c <= 90 ? c + 32 : c;
  }
  return true;
}

/** The slot of the word c[from, to) with hash `h`: where it is, or the empty slot it would go in. */
function wordSlot(c: Uint16Array, from: number, to: number, h: number): number {
  const len = to - from;
  const mask = slots - 1;
  for (let i = h & mask; ; i = (i + 1) & mask) {
    const m = i * 4;
    if (meta[m + 1] === 0) return i;
    if (meta[m] !== h || meta[m + 3] !== len) continue;
    const off = meta[m + 2]!;
    let k = 0;
    while (k < len && pool[off + k] === c[from + k]) k++;
    if (k === len) return i;
  }
}

/** An empty slot for a word known not to be in the table yet (rehashing). */
function freeSlot(h: number): number {
  const mask = slots - 1;
  let i = h & mask;
  while (meta[i * 4 + 1] !== 0) i = (i + 1) & mask;
  return i;
}

function resize(size: number, keep: boolean): void {
  const [oldMeta, oldStrs, oldSlots] = [meta, strs, slots];
  slots = size;
  meta = new Int32Array(size * 4);
  strs = new Array<string>(size * 2).fill('');
  wordCount = 0;
  if (!keep) {
    poolUsed = 0;
    return;
  }
  for (let j = 0; j < oldSlots; j++) {
    if (oldMeta[j * 4 + 1] === 0) continue;
    const i = freeSlot(oldMeta[j * 4]!);
    meta.set(oldMeta.subarray(j * 4, j * 4 + 4), i * 4);
    strs[i * 2] = oldStrs[j * 2]!;
    strs[i * 2 + 1] = oldStrs[j * 2 + 1]!;
    wordCount++;
  }
}

/** The slot holding the word c[from, to) of `text`, stemming and adding it if it is new. */
function internWord(text: string, c: Uint16Array, from: number, to: number, h: number): number {
  let i = wordSlot(c, from, to, h);
  if (meta[i * 4 + 1] !== 0) return i;
  if (wordCount >= STEM_CACHE_LIMIT) resize(slots, false);
  else if (wordCount * 2 >= slots && slots < MAX_SLOTS) resize(slots * 2, true);
  else {
    add(i, text.slice(from, to).toLowerCase(), c, from, h);
    return i;
  }
  i = freeSlot(h);
  add(i, text.slice(from, to).toLowerCase(), c, from, h);
  return i;
}

function add(i: number, word: string, c: Uint16Array, from: number, h: number): void {
  const len = word.length;
  if (poolUsed + len > pool.length) {
    const bigger = new Uint16Array(Math.max(pool.length * 2, poolUsed + len));
    bigger.set(pool.subarray(0, poolUsed));
    pool = bigger;
  }
  pool.set(c.subarray(from, from + len), poolUsed);
  const s = stemOf(word);
  meta[i * 4] = h;
  meta[i * 4 + 1] = stemId(s) + 2;
  meta[i * 4 + 2] = poolUsed;
  meta[i * 4 + 3] = len;
  poolUsed += len;
  // A copy, not a slice: a slice of a long text would keep the whole text alive as long as the word.
  strs[i * 2] = len < 13 ? word : (' ' + word).slice(1);
  strs[i * 2 + 1] = s;
  wordCount++;
}

function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < word.length; k++) h = Math.imul(h ^ word.charCodeAt(k), 0x01000193);
  return h;
}

/** The stem of one lower-case word, cached: real text reuses a small vocabulary. */
export function stem(word: string): string {
  return strs[internWord(word, loadChars(word), 0, word.length, hashWord(word)) * 2 + 1]!;
}

// What each character is to the tokeniser: 1 a letter, 2 a digit or other number, 3 clause punctuation,
// 4 an apostrophe, 5 anything else; 0 not yet known (worked out by the pattern's own classes, once).
const LETTER = 1;
const NUMBER = 2;
const BREAK = 3;
const APOSTROPHE = 4;
const OTHER = 5;
const kinds = new Uint8Array(0x10000);
const IS_LETTER = /^\p{L}$/u;
const IS_NUMBER = /^\p{N}$/u;

function kindOfCode(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (IS_LETTER.test(ch)) return LETTER;
  if (IS_NUMBER.test(ch)) return NUMBER;
  if (ch === "'" || ch === '’') return APOSTROPHE;
  return '.;:!?•|()'.includes(ch) ? BREAK : OTHER;
}

const ASCII = Uint8Array.from({ length: 128 }, (_, c) => kindOfCode(c));

/** The kind of the code point at `i` of `s` (a surrogate pair read as one). */
function kindAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return kindOfCode(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000);
  }
  let k = kinds[c]!;
  if (k === 0) kinds[c] = k = kindOfCode(c);
  return k;
}

/** How many UTF-16 units the code point at `i` takes. */
function widthAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * The words of a text, as TOKEN_PATTERN reads the lower-cased text: a run of letters and numbers, then
 * an apostrophe and letters if one follows; clause punctuation marks a break before the next word.
 * Written as a loop over characters so a known word is found by its hash, with no regular expression
 * and no string cut out of the text.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  // All ASCII: the characters are lowered as they are copied, and `lower` (read only to classify
  // characters, which case does not change, and to cut out new words, lowered then) is the text itself.
  const ascii = loadAsciiLower(text);
  const lower = ascii ? text : text.toLowerCase();
  const cs = ascii ? chars : loadChars(lower);
  const n = lower.length;
  let pendingBreak = false;
  let i = 0;
  while (i < n) {
    const c = cs[i]!;
    // ASCII letters and digits are most of any text: classify them without the table.
    let kind = c < 128 ? ASCII[c]! : kindAt(lower, i);
    if (kind !== LETTER && kind !== NUMBER) {
      if (kind === BREAK) pendingBreak = true;
      i += c < 128 ? 1 : widthAt(lower, i);
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    // [\p{L}\p{N}]+
    for (let d = c; ;) {
      if (d < 128) {
        h = Math.imul(h ^ d, 0x01000193);
        i++;
      } else {
        const w = widthAt(lower, i);
        for (let k = 0; k < w; k++) h = Math.imul(h ^ cs[i + k]!, 0x01000193);
        i += w;
      }
      if (i >= n) break;
      d = cs[i]!;
      kind = d < 128 ? ASCII[d]! : kindAt(lower, i);
      if (kind !== LETTER && kind !== NUMBER) break;
    }
    // (?:['’][\p{L}]+)?
    if (i + 1 < n && kind === APOSTROPHE && kindAt(lower, i + 1) === LETTER) {
      h = Math.imul(h ^ cs[i]!, 0x01000193);
      i++;
      while (i < n && kindAt(lower, i) === LETTER) {
        const w = widthAt(lower, i);
        for (let k = 0; k < w; k++) h = Math.imul(h ^ cs[i + k]!, 0x01000193);
        i += w;
      }
    }
    const slot = internWord(lower, cs, start, i, h);
    const a = text.charCodeAt(start);
    const b = i - start > 1 ? text.charCodeAt(start + 1) : a;
    out.push({
      stem: strs[slot * 2 + 1]!,
      id: meta[slot * 4 + 1]! - 2,
      word: strs[slot * 2]!,
      start,
      end: i,
      breakBefore: pendingBreak,
      upper: a >= 65 && a <= 90 && b >= 65 && b <= 90,
    });
    pendingBreak = false;
  }
  return out;
}

/** The stems of a phrase as the matcher sees them. */
export function phraseStems(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.stem);
}

export function phraseWords(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.word.replace('’', "'"));
}

export interface PhraseEntry<T> {
  stems: string[];
  /** Match only words written in capitals. */
  capitals?: boolean;
  /** Match the words as written (lower case), not their stems: "commission" must not find "commissioning". */
  words?: string[];
  value: T;
}

/** A phrase written wholly in capitals in the taxonomy is an acronym and matches only in capitals. */
export function isAcronym(phrase: string): boolean {
  return /[A-Z]/.test(phrase) && phrase === phrase.toUpperCase();
}

export interface PhraseMatch<T> {
  value: T;
  /** Index of the first and one past the last matched token. */
  from: number;
  to: number;
}

/**
 * Finds every taxonomy phrase in a token list in one pass. Phrases are grouped by their first stem's
 * number, so the cost per word is one array read however many phrases the taxonomy has, and each
 * phrase is held in flat arrays (its length, its stems' numbers, whether it wants capitals or exact
 * words) so checking it touches a few compact arrays, not objects spread over the heap. Words are
 * compared by stem number, falling back to the stem's string for a stem with no number (the
 * numbering table filled up). Build once per taxonomy.
 */
export class PhraseMatcher<T> {
  /** Phrases by first stem: entries start[id] .. start[id + 1] of the arrays below. */
  private readonly start: Int32Array;
  /** Phrases whose first stem has no number, by string. */
  private readonly byFirstStem = new Map<string, number[]>();
  private readonly length: Uint8Array;
  /** 1: capitals only; 2: exact words. */
  private readonly flags: Uint8Array;
  /** Where each phrase's stem numbers start in `ids`. */
  private readonly offset: Int32Array;
  private readonly ids: Int32Array;
  private readonly entries: PhraseEntry<T>[];

  /** Every phrase, grouped by first stem, longest first within a group: the order matches come in. */
  get phrases(): readonly PhraseEntry<T>[] {
    return this.entries;
  }

  constructor(input: Iterable<PhraseEntry<T>>) {
    const groups = new Map<string, PhraseEntry<T>[]>();
    for (const e of input) {
      if (e.stems.length === 0) continue;
      const list = groups.get(e.stems[0]!);
      if (list) list.push(e);
      else groups.set(e.stems[0]!, [e]);
    }
    // Longest first, so that "call for evidence" is preferred to "call" where both are listed.
    for (const list of groups.values()) list.sort((a, b) => b.stems.length - a.stems.length);
    const numbered: [number, PhraseEntry<T>[]][] = [];
    const entries: PhraseEntry<T>[] = [];
    for (const [first, list] of groups) {
      const id = stemId(first);
      if (id >= 0) numbered.push([id, list]);
      else {
        this.byFirstStem.set(
          first,
          list.map((_, k) => entries.length + k),
        );
        entries.push(...list);
      }
    }
    numbered.sort((a, b) => a[0] - b[0]);
    const size = numbered.length > 0 ? numbered[numbered.length - 1]![0] + 1 : 0;
    this.start = new Int32Array(size + 1);
    let g = 0;
    for (let id = 0; id <= size; id++) {
      this.start[id] = entries.length;
      if (g < numbered.length && numbered[g]![0] === id) entries.push(...numbered[g++]![1]);
    }
    this.entries = entries;
    this.length = new Uint8Array(entries.length);
    this.flags = new Uint8Array(entries.length);
    this.offset = new Int32Array(entries.length);
    const ids: number[] = [];
    entries.forEach((e, j) => {
      this.length[j] = Math.min(255, e.stems.length);
      this.flags[j] = (e.capitals ? 1 : 0) | (e.words ? 2 : 0);
      this.offset[j] = ids.length;
      for (const st of e.stems) ids.push(stemId(st));
    });
    this.ids = Int32Array.from(ids);
  }

  match(tokens: readonly Token[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    const { start, length, flags, offset, ids } = this;
    const size = start.length - 1;
    for (let i = 0; i < tokens.length; i++) {
      const first = tokens[i]!;
      const id = first.id;
      if (id >= 0) {
        if (id >= size) continue;
        for (let j = start[id]!, end = start[id + 1]!; j < end; j++)
          if (this.matchAt(tokens, i, j, length[j]!, flags[j]!, offset[j]!, ids)) this.push(out, j, i);
      } else {
        const list = this.byFirstStem.get(first.stem);
        if (list)
          for (const j of list)
            if (this.matchAt(tokens, i, j, length[j]!, flags[j]!, offset[j]!, ids)) this.push(out, j, i);
      }
    }
    return out;
  }

  private push(out: PhraseMatch<T>[], j: number, i: number): void {
    out.push({ value: this.entries[j]!.value, from: i, to: i + this.entries[j]!.stems.length });
  }

  /** Whether phrase j matches the tokens from i (its first stem is known to match). */
  private matchAt(
    tokens: readonly Token[],
    i: number,
    j: number,
    n: number,
    flag: number,
    off: number,
    ids: Int32Array,
  ): boolean {
    if (n === 255) n = this.entries[j]!.stems.length;
    if (i + n > tokens.length) return false;
    const first = tokens[i]!;
    const caps = (flag & 1) !== 0;
    if (caps && !first.upper) return false;
    const words = (flag & 2) !== 0 ? this.entries[j]!.words! : null;
    if (words !== null && words[0] !== first.word) return false;
    for (let k = 1; k < n; k++) {
      const t = tokens[i + k]!;
      const id = ids[off + k]!;
      if (
        (id >= 0 && t.id >= 0 ? t.id !== id : t.stem !== this.entries[j]!.stems[k]) ||
        t.breakBefore ||
        (caps && !t.upper) ||
        (words !== null && words[k] !== t.word)
      )
        return false;
    }
    return true;
  }
}
