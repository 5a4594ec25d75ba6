import type { KnownStage } from '../domain.js';
import type { Taxonomy } from './taxonomy.js';
import {
  PhraseMatcher,
  isAcronym,
  phraseWords,
  phraseStems,
  type PhraseEntry,
  type PhraseMatch,
  type Token,
} from './text.js';

/** What a phrase in the taxonomy speaks for. */
export type Cue =
  /** `phraseId` numbers the phrase's lower-case text, so a phrase counts once per field (see `phraseId`). */
  | { kind: 'stage'; stage: KnownStage; weight: number; phrase: string; phraseId: number }
  | { kind: 'theme'; slug: string; weight: number; phrase: string; phraseId: number }
  | { kind: 'negation' }
  | { kind: 'future' }
  /** Says the money is a government's special fund, not a funder's regular round. */
  | { kind: 'special' }
  /** A sign the item reports no policy event: a written question, a statistics release, an explainer. */
  | { kind: 'unknown'; weight: number; phrase: string }
  /** A named body or programme ("The King's Fund"): the words inside it are not stage signals. */
  | { kind: 'name' };

/** A taxonomy turned into one phrase matcher, built once and shared by every item. */
export interface CompiledTaxonomy {
  taxonomy: Taxonomy;
  matcher: PhraseMatcher<Cue>;
  /** Signal phrases (lower case) that the future tense turns round; null means all of them. */
  futurePhrases: Set<string> | null;
  negationPhrases: Set<string> | null;
  specialPhrases: Set<string> | null;
  /** Each theme's place in the taxonomy, by slug. */
  themeIndex: ReadonlyMap<string, number>;
}

export function compileTaxonomy(taxonomy: Taxonomy): CompiledTaxonomy {
  const entries: PhraseEntry<Cue>[] = [];
  // Phrases by number: scoring tells repeats apart by these numbers rather than by building and
  // hashing a string for every match.
  const phraseIds = new Map<string, number>();
  const phraseId = (lower: string): number => {
    let id = phraseIds.get(lower);
    if (id === undefined) phraseIds.set(lower, (id = phraseIds.size));
    return id;
  };
  const add = (phrase: string, value: Cue, exact = false): void => {
    const stems = phraseStems(phrase);
    if (stems.length === 0) return;
    const entry: PhraseEntry<Cue> = { stems, capitals: isAcronym(phrase), value };
    if (exact) entry.words = phraseWords(phrase);
    entries.push(entry);
  };
  for (const s of taxonomy.stages.unknown.signals)
    add(s.phrase, { kind: 'unknown', weight: s.weight, phrase: s.phrase.toLowerCase() }, s.exact);
  for (const [stage, def] of Object.entries(taxonomy.stages)) {
    if (stage === 'unknown') continue;
    for (const s of def.signals)
      add(
        s.phrase,
        {
          kind: 'stage',
          stage: stage as KnownStage,
          weight: s.weight,
          phrase: s.phrase.toLowerCase(),
          phraseId: phraseId(s.phrase.toLowerCase()),
        },
        s.exact,
      );
  }
  for (const theme of taxonomy.themes)
    for (const k of theme.keywords)
      add(
        k.phrase,
        {
          kind: 'theme',
          slug: theme.slug,
          weight: k.weight,
          phrase: k.phrase.toLowerCase(),
          phraseId: phraseId(k.phrase.toLowerCase()),
        },
        k.exact,
      );
  for (const c of taxonomy.negation.cues) add(c, { kind: 'negation' });
  for (const c of taxonomy.future.cues) add(c, { kind: 'future' });
  for (const n of taxonomy.names) add(n, { kind: 'name' });
  for (const c of taxonomy.specialFunds.cues) add(c, { kind: 'special' });
  const lowerSet = (list: string[] | null): Set<string> | null =>
    list ? new Set(list.map((p) => p.toLowerCase())) : null;
  // Two entries with the same stems for the same target ("delay", "delayed") are one phrase: keep the stronger.
  const unique = new Map<string, PhraseEntry<Cue>>();
  for (const e of entries) {
    const v = e.value;
    const target =
      v.kind === 'stage' ? v.stage : v.kind === 'theme' ? v.slug : v.kind === 'unknown' ? 'unknown' : '';
    const key = [v.kind, target, e.stems.join(' '), e.words?.join(' ') ?? '', e.capitals ? 'A' : ''].join(
      '|',
    );
    const prev = unique.get(key);
    const weight = (x: Cue): number => ('weight' in x ? x.weight : 0);
    if (!prev || weight(v) > weight(prev.value)) unique.set(key, e);
  }
  return {
    taxonomy,
    matcher: new PhraseMatcher(unique.values()),
    futurePhrases: lowerSet(taxonomy.future.phrases),
    negationPhrases: lowerSet(taxonomy.negation.phrases),
    specialPhrases: lowerSet(taxonomy.specialFunds.phrases),
    themeIndex: new Map(taxonomy.themes.map((t, i) => [t.slug, i])),
  };
}

export type FieldName = 'title' | 'summary' | 'categories' | 'signals';

/** One field of an item, tokenised and matched. */
export interface Field {
  name: FieldName;
  text: string;
  weight: number;
  tokens: Token[];
  matches: PhraseMatch<Cue>[];
}

/** The words of a match as they appear in the item. */
export function surface(field: Field, m: { from: number; to: number }): string {
  return field.text.slice(field.tokens[m.from]!.start, field.tokens[m.to - 1]!.end);
}

/**
 * Drops the kept matches that sit wholly inside a longer kept one, so that "comes into force" is not
 * also counted as "into force". Matches over exactly the same words are all kept (one keyword, two
 * themes).
 */
export function outermost<T>(matches: PhraseMatch<T>[], keep: (v: T) => boolean): PhraseMatch<T>[] {
  const picked = matches.filter((m) => keep(m.value));
  picked.sort((a, b) => a.from - b.from || b.to - a.to);
  const out: PhraseMatch<T>[] = [];
  // The last match kept, and how far right any kept match reaches.
  let from = -1;
  let to = -1;
  let reach = -1;
  for (const m of picked) {
    if (out.length > 0 && m.to <= reach && !(m.from === from && m.to === to)) continue;
    from = m.from;
    to = m.to;
    reach = Math.max(reach, m.to);
    out.push(m);
  }
  return out;
}
