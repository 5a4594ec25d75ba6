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
const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?|[.;:!?•|()]/gu;
const IS_BREAK = /^[.;:!?•|()]$/;

const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, { stem: string; id: number }>();

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

function stemEntry(word: string): { stem: string; id: number } {
  let e = stemCache.get(word);
  if (e === undefined) {
    let s = porter(word.replace('’', "'"));
    // The stemmer drops "'s" only at the very end; keep possessives and plurals together.
    if (s.endsWith("'")) s = s.slice(0, -1);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    e = { stem: s, id: stemId(s) };
    stemCache.set(word, e);
  }
  return e;
}

/** The stem of one lower-case word, cached: real text reuses a small vocabulary. */
export function stem(word: string): string {
  return stemEntry(word).stem;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const lower = text.toLowerCase();
  let pendingBreak = false;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(lower); m !== null; m = TOKEN.exec(lower)) {
    const w = m[0];
    if (w.length === 1 && IS_BREAK.test(w)) {
      pendingBreak = true;
      continue;
    }
    const a = text.charCodeAt(m.index);
    const b = w.length > 1 ? text.charCodeAt(m.index + 1) : a;
    const upper = a >= 65 && a <= 90 && b >= 65 && b <= 90;
    const e = stemEntry(w);
    out.push({
      stem: e.stem,
      id: e.id,
      word: w,
      start: m.index,
      end: m.index + w.length,
      breakBefore: pendingBreak,
      upper,
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
 * Finds every taxonomy phrase in a token list in one pass. Phrases are indexed by their first stem, so
 * the cost per word is one map lookup however many phrases the taxonomy has. Build once per taxonomy.
 */
export class PhraseMatcher<T> {
  private readonly byFirst = new Map<string, PhraseEntry<T>[]>();

  constructor(entries: Iterable<PhraseEntry<T>>) {
    for (const e of entries) {
      if (e.stems.length === 0) continue;
      const list = this.byFirst.get(e.stems[0]!);
      if (list) list.push(e);
      else this.byFirst.set(e.stems[0]!, [e]);
    }
    // Longest first, so that "call for evidence" is preferred to "call" where both are listed.
    for (const list of this.byFirst.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  }

  match(tokens: readonly Token[]): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const first = tokens[i]!;
      const list = this.byFirst.get(first.stem);
      if (!list) continue;
      for (const e of list) {
        const n = e.stems.length;
        if (i + n > tokens.length) continue;
        let ok = (!e.capitals || first.upper) && (!e.words || e.words[0] === first.word);
        for (let k = 1; ok && k < n; k++) {
          const t = tokens[i + k]!;
          if (
            t.stem !== e.stems[k] ||
            t.breakBefore ||
            (e.capitals && !t.upper) ||
            (e.words && e.words[k] !== t.word)
          ) {
            ok = false;
            break;
          }
        }
        if (ok) out.push({ value: e.value, from: i, to: i + n });
      }
    }
    return out;
  }
}
