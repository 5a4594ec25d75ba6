import type { ThemeSlug } from '../domain.js';

/** What the organisation cares about, set by admins and used to rank and explain the agenda. */
export interface OrgProfile {
  /** Words and phrases from the mission ("carers", "digital inclusion"). */
  missionKeywords: string[];
  /** Who the organisation serves ("young carers", "older people"). */
  beneficiaryGroups: string[];
  /** Theme slugs that matter most (`social-care`, `housing`). */
  themes: ThemeSlug[];
  /** Places it works in, as written ("Leeds", "West Yorkshire"). Matched with their capitals. */
  places: string[];
}

export type ProfilePatch = Partial<OrgProfile>;

export interface Relevance {
  /** 0 (nothing in common) to just under 1 (many strong matches). */
  score: number;
  /** Short reasons, strongest first, e.g. "matches mission keyword 'carers'". */
  reasons: string[];
}

/** Limits keep a pasted document from becoming a profile, and every regex small. */
export const PROFILE_LIMITS = { entries: 40, length: 80 };

export const EMPTY_PROFILE: OrgProfile = {
  missionKeywords: [],
  beneficiaryGroups: [],
  themes: [],
  places: [],
};

/** A profile entry that cannot be stored; the message says how to fix it. */
export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

function clean(field: keyof OrgProfile, values: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    let value = raw.replace(/\s+/g, ' ').trim();
    if (field === 'themes')
      value = value
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
    if (!value) continue;
    if (value.length > PROFILE_LIMITS.length) {
      throw new ProfileError(
        `"${value.slice(0, 30)}…" is too long for a profile entry (at most ${PROFILE_LIMITS.length} characters). Use a shorter phrase.`,
      );
    }
    const key = value.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(value);
  }
  if (out.length > PROFILE_LIMITS.entries) {
    throw new ProfileError(
      `A profile list can hold at most ${PROFILE_LIMITS.entries} entries; ${out.length} were given. Keep the ones that matter most.`,
    );
  }
  return out;
}

/**
 * The lists a patch replaces (others stay as they are), after trimming, dropping blanks and repeats,
 * and turning themes into slugs. Throws ProfileError with what to fix.
 */
export function cleanProfilePatch(patch: ProfilePatch): ProfilePatch {
  const fields = (Object.keys(EMPTY_PROFILE) as (keyof OrgProfile)[]).filter((f) => patch[f] !== undefined);
  return Object.fromEntries(fields.map((f) => [f, clean(f, patch[f]!)]));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A pattern for a phrase as a whole word or words, allowing plural and possessive endings so
 * "carer" finds "carers" and "carers'" and "carers" finds "carer".
 */
function phrasePattern(phrase: string, caseSensitive: boolean): RegExp {
  const words = phrase.split(/[\s-]+/).filter(Boolean);
  const last = words.pop() ?? '';
  const stem = last.length > 3 && /s$/i.test(last) && !/ss$/i.test(last) ? last.slice(0, -1) : last;
  const body = [...words.map(escapeRegExp), `${escapeRegExp(stem)}(?:s|es)?(?:['’]s?)?`].join('[\\s-]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, caseSensitive ? 'u' : 'iu');
}

interface Match {
  weight: number;
  reason: string;
}

/**
 * How much an item matters to this organisation, and why. Pure, so the agenda can rank with it and
 * tests can check it. A phrase counts once; a match in the title weighs more than one in the summary.
 */
export function profileRelevance(
  profile: OrgProfile,
  item: { title: string; summary: string; themes: ThemeSlug[] },
): Relevance {
  return profileMatcher(profile)(item);
}

/**
 * `profileRelevance` for one profile and many items: each phrase's pattern is compiled once, not once
 * per item (an agenda weighs a thousand candidates or more).
 */
export function profileMatcher(
  profile: OrgProfile,
): (item: { title: string; summary: string; themes: ThemeSlug[] }) => Relevance {
  const phrases = (
    values: string[],
    label: string,
    weights: { title: number; summary: number },
    caseSensitive = false,
  ) =>
    values.map((value) => ({
      pattern: phrasePattern(value, caseSensitive),
      weights,
      reason: `matches ${label} '${value}'`,
    }));
  const patterns = [
    ...phrases(profile.beneficiaryGroups, 'beneficiary group', { title: 3, summary: 2 }),
    ...phrases(profile.missionKeywords, 'mission keyword', { title: 3, summary: 2 }),
    ...phrases(profile.places, 'place', { title: 2, summary: 1.5 }, true),
  ];
  return (item) => {
    const matches: Match[] = [];
    for (const { pattern, weights, reason } of patterns) {
      const weight = pattern.test(item.title)
        ? weights.title
        : pattern.test(item.summary)
          ? weights.summary
          : 0;
      if (weight > 0) matches.push({ weight, reason });
    }
    const itemThemes = new Set(item.themes);
    for (const theme of profile.themes) {
      if (itemThemes.has(theme)) matches.push({ weight: 2, reason: `matches priority theme '${theme}'` });
    }
    const total = matches.reduce((sum, m) => sum + m.weight, 0);
    // Saturating: the first strong match matters most, and no pile of weak ones reaches 1.
    const score = Math.round((1 - Math.exp(-total / 4)) * 1000) / 1000;
    const reasons = matches
      .map((m, i) => ({ ...m, i }))
      .sort((a, b) => b.weight - a.weight || a.i - b.i)
      .map((m) => m.reason);
    return { score, reasons };
  };
}
