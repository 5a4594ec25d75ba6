import type { Horizon } from '../context.js';
import { profileMatcher } from '../profile/profile.js';
import type { AgendaEnrichers } from './build.js';
import { fundingNotes } from '../sources/giving.js';

/** How much a strong match with the organisation's profile lifts an item, against the other signals. */
const PROFILE_WEIGHT = 1.5;

/** The agenda's extra knowledge about this organisation: topics that moved, and its profile. */
export function agendaEnrichers(h: Horizon): AgendaEnrichers {
  const profile = h.store.profile.get();
  const hasProfile =
    profile.missionKeywords.length +
      profile.beneficiaryGroups.length +
      profile.themes.length +
      profile.places.length >
    0;
  const match = hasProfile ? profileMatcher(profile) : null;
  return {
    relevance: match
      ? (c) => {
          const r = match({
            title: c.item.title,
            summary: c.item.summary,
            themes: c.item.tagging.themes,
          });
          return r.score > 0 ? { score: r.score * PROFILE_WEIGHT, reasons: r.reasons } : undefined;
        }
      : undefined,
    // A profile match scores at most 1 before its weight.
    relevanceMax: PROFILE_WEIGHT,
    // Topics were linked when their items were stored; nothing published after now is counted.
    movements: (month) => h.store.topics.movements(month, h.now().toISOString()),
    notes: fundingNotes(h, profile),
  };
}
