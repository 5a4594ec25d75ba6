import type { Horizon } from '../context.js';
import { getProfile, profileRelevance } from '../profile/profile.js';
import { linkItemTopics, refreshTopicMonths, topicMovements } from '../topics/index.js';
import { getSetting, setSetting } from '../store/settings.js';
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
  const { db } = h;
  const bounds = monthBounds(month, h.config.timezone);
  const now = h.now().toISOString();
  // Nothing published after now: a replay of a past moment never draws the future on its chart.
  const justAfterNow = new Date(h.now().getTime() + 1).toISOString();
  const start = bounds.start;
  const end = bounds.end < justAfterNow ? bounds.end : justAfterNow;
  const rows = db
    .prepare(
      `SELECT id, title, summary FROM items WHERE effective_at >= ? AND effective_at < ?
       AND (topics_linked_at IS NULL OR topics_linked_at < updated_at)`,
    )
    .all(start, end) as { id: number; title: string; summary: string }[];
  const mark = db.prepare('UPDATE items SET topics_linked_at = ? WHERE id = ?');
  db.transaction(() => {
    for (const r of rows) {
      linkItemTopics(db, r, now);
      mark.run(now, r.id);
    }
  })();
  const corrections = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM corrections').get() as { n: number })
    .n;
  const key = `topics.refreshed:${month}`;
  const last = getSetting<{ corrections: number } | null>(db, key, null);
  if (rows.length > 0 || last?.corrections !== corrections) {
    refreshTopicMonths(db, month);
    setSetting(db, key, { corrections }, now);
  }
  return rows.length;
}

/** The agenda's extra knowledge about this organisation: topics that moved, and its profile. */
export function agendaEnrichers(h: Horizon): AgendaEnrichers {
  const profile = getProfile(h.db);
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
      return topicMovements(h.db, month);
    },
    notes: fundingNotes(h, profile),
  };
}
