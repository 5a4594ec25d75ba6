import type { Db } from './db.js';

/** How many feeds carried each story that has an item in [from, to): one query for the whole month. */
export function storyCoverageInWindow(db: Db, fromIso: string, toIso: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT story_key AS key, COUNT(DISTINCT feed_id) AS n FROM items
       WHERE story_key IN (SELECT story_key FROM items WHERE effective_at >= ? AND effective_at < ?)
       GROUP BY story_key`,
    )
    .all(fromIso, toIso) as { key: string; n: number }[];
  return new Map(rows.map((r) => [r.key, r.n]));
}
