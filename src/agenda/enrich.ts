import type { Horizon } from '../context.js';
import { profileRelevance } from '../profile/profile.js';
import { linkItemTopics } from '../topics/index.js';
import { monthBounds, previousMonth } from '../time.js';
import type { AgendaEnrichers } from './build.js';
import { fundingNotes } from '../sources/giving.js';

/** How much a strong match with the organisation's profile lifts an item, against the other signals. */
const PROFILE_WEIGHT = 1.5;

/**
 * Links topics for a month's items that have not been linked since they last changed, and recomputes
 * the month's topic stages when anything (an item, or a person's correction) changed.
 */
export function linkMonthTopics(h: Horizon, month: string): number {
  const { store } = h;
  const bounds = monthBounds(month, h.config.timezone);
  const now = h.now().toISOString();
  // Nothing published after now: a replay of a past moment never draws the future on its chart.
  const justAfterNow = new Date(h.now().getTime() + 1).toISOString();
  const start = bounds.start;
  const end = bounds.end < justAfterNow ? bounds.end : justAfterNow;
  const rows = store.items.needingTopics(start, end);
  store.transaction(() => {
    for (const r of rows) {
      linkItemTopics(store, r, now);
      store.items.markTopicsLinked(r.id, now);
    }
  });
  const corrections = store.corrections.lastId();
  const key = `topics.refreshed:${month}`;
  const last = store.settings.get<{ corrections: number } | null>(key, null);
  if (rows.length > 0 || last?.corrections !== corrections) {
    store.topics.refreshMonth(month);
    store.settings.set(key, { corrections }, now);
  }
  return rows.length;
}

/** The agenda's extra knowledge about this organisation: topics that moved, and its profile. */
export function agendaEnrichers(h: Horizon): AgendaEnrichers {
  const profile = h.store.profile.get();
  const hasProfile =
    profile.missionKeywords.length +
      profile.beneficiaryGroups.length +
      profile.themes.length +
      profile.places.length >
    0;
  return {
    relevance: hasProfile
      ? (c) => {
          const r = profileRelevance(profile, {
            title: c.item.title,
            summary: c.item.summary,
            themes: c.item.tagging.themes,
          });
          return r.score > 0 ? { score: r.score * PROFILE_WEIGHT, reasons: r.reasons } : undefined;
        }
      : undefined,
    movements: (month) => {
      linkMonthTopics(h, previousMonth(month));
      linkMonthTopics(h, month);
      return h.store.topics.movements(month);
    },
    notes: fundingNotes(h, profile),
  };
}
