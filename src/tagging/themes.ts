import type { Reason, ThemeSlug } from '../domain.js';
import { outermost, surface, type CompiledTaxonomy, type Cue, type Field } from './compile.js';
import { insideName, round } from './stage.js';
import type { PhraseMatch } from './text.js';

type ThemeCue = Extract<Cue, { kind: 'theme' }>;

export interface ThemeHit {
  score: number;
  evidence: { text: string; field: Field['name']; weight: number }[];
}

export interface ThemeDecision {
  themes: ThemeSlug[];
  reasons: Reason[];
  /** Every theme's score and keywords found, chosen or not (features and reasons for the trained model). */
  hits: ReadonlyMap<string, ThemeHit>;
}

const MAX_REASONS_PER_THEME = 2;

/**
 * Scores every theme by its keywords (title above summary), adds a small prior for the themes the feed
 * is filed under, and keeps the strongest themes over the threshold.
 */
export function scoreThemes(
  c: CompiledTaxonomy,
  fields: Field[],
  feedThemes: readonly ThemeSlug[] = [],
  /** Build the rules' own reasons (the trained model explains itself, so it skips them). */
  withReasons = true,
): ThemeDecision {
  const { themeThreshold, themeRelative, maxThemes, feedThemePrior } = c.taxonomy.settings;
  const hits = new Map<string, ThemeHit>();
  const hit = (slug: string): ThemeHit => {
    let h = hits.get(slug);
    if (!h) hits.set(slug, (h = { score: 0, evidence: [] }));
    return h;
  };
  for (const field of fields) {
    // A keyword inside a longer one belongs to the longer one: "fund" in "The King's Fund" is not funding.
    const matches = outermost(field.matches, (v) => v.kind === 'theme') as PhraseMatch<ThemeCue>[];
    const names = field.matches.filter((m) => m.value.kind === 'name');
    // A keyword counts once per theme and field: by its phrase's number and its theme's place.
    const seen = new Set<number>();
    const T = c.themeIndex.size;
    for (const m of matches) {
      // "Fund" in "The King's Fund" is part of a name, not a subject.
      if (names.length > 0 && insideName(names, m)) continue;
      const key = m.value.phraseId * T + c.themeIndex.get(m.value.slug)!;
      if (seen.has(key)) continue;
      seen.add(key);
      const weight = m.value.weight * field.weight;
      const h = hit(m.value.slug);
      h.score += weight;
      h.evidence.push({ text: surface(field, m), field: field.name, weight });
    }
  }
  const fromFeed = new Set(feedThemes.filter((t) => c.themeIndex.has(t)));
  for (const slug of fromFeed) hit(slug).score += feedThemePrior;

  let top = 0;
  for (const h of hits.values()) top = Math.max(top, h.score);
  const chosen = [...hits.entries()]
    .filter(([, h]) => h.score >= themeThreshold && h.score >= top * themeRelative)
    .sort((a, b) => b[1].score - a[1].score)
    .slice(0, maxThemes);
  const reasons: Reason[] = [];
  if (withReasons)
    for (const [slug, h] of chosen) {
      for (const e of h.evidence.sort((a, b) => b.weight - a.weight).slice(0, MAX_REASONS_PER_THEME))
        reasons.push({
          kind: 'theme',
          target: slug,
          text: `"${e.text}" in ${e.field}`,
          weight: round(e.weight),
        });
      if (fromFeed.has(slug))
        reasons.push({
          kind: 'source',
          target: slug,
          text: 'the feed is filed under this theme',
          weight: feedThemePrior,
        });
    }
  return { themes: chosen.map(([slug]) => slug), reasons, hits };
}
