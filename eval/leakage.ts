// The leakage check: a taxonomy phrase or word-list entry that matches only test-slice items (and no
// training item) can only have been chosen by looking at the test slice, or it is untested on anything
// a setting may be chosen on. Either way the test figure would no longer be honest, so CI refuses it.
import type { Taxonomy } from '../src/tagging/taxonomy.js';
import {
  PhraseMatcher,
  isAcronym,
  phraseStems,
  phraseWords,
  tokenize,
  type PhraseEntry,
} from '../src/tagging/text.js';
import type { LabelledItem } from './labels.js';

export interface Leak {
  /** Where the entry sits in the taxonomy, e.g. `stages.trough.signals`. */
  list: string;
  phrase: string;
  /** How many test-slice items it matches (it matches no training item). */
  testItems: number;
}

interface Entry {
  list: string;
  phrase: string;
}

/** Every phrase the tagger looks for, with the list it belongs to. */
export function taxonomyEntries(t: Taxonomy): (Entry & { exact: boolean })[] {
  const out: (Entry & { exact: boolean })[] = [];
  for (const [slug, def] of Object.entries(t.stages))
    for (const s of def.signals)
      out.push({ list: `stages.${slug}.signals`, phrase: s.phrase, exact: s.exact === true });
  for (const theme of t.themes)
    for (const k of theme.keywords)
      out.push({ list: `themes.${theme.slug}.keywords`, phrase: k.phrase, exact: k.exact === true });
  for (const n of t.names) out.push({ list: 'names', phrase: n, exact: false });
  for (const [name, m] of [
    ['negation', t.negation],
    ['future', t.future],
    ['special_funds', t.specialFunds],
  ] as const)
    for (const c of m.cues) out.push({ list: `${name}.cues`, phrase: c, exact: false });
  return out;
}

/** Matches every entry against every item; returns the entries matched by test items only. */
export function findLeaks(
  taxonomy: Taxonomy,
  train: readonly LabelledItem[],
  test: readonly LabelledItem[],
): Leak[] {
  const entries = taxonomyEntries(taxonomy);
  const phraseEntries: PhraseEntry<number>[] = [];
  entries.forEach((e, i) => {
    const stems = phraseStems(e.phrase);
    if (stems.length === 0) return;
    const pe: PhraseEntry<number> = { stems, capitals: isAcronym(e.phrase), value: i };
    if (e.exact) pe.words = phraseWords(e.phrase);
    phraseEntries.push(pe);
  });
  const matcher = new PhraseMatcher(phraseEntries);
  const count = (items: readonly LabelledItem[]): Int32Array => {
    const n = new Int32Array(entries.length);
    for (const it of items) {
      const hit = new Set<number>();
      for (const text of [it.title, it.summary])
        for (const m of matcher.match(tokenize(text))) hit.add(m.value);
      for (const i of hit) n[i]! += 1;
    }
    return n;
  };
  const inTrain = count(train);
  const inTest = count(test);
  const leaks: Leak[] = [];
  entries.forEach((e, i) => {
    if (inTest[i]! > 0 && inTrain[i] === 0)
      leaks.push({ list: e.list, phrase: e.phrase, testItems: inTest[i]! });
  });
  return leaks;
}
