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

/** How many feeds carried each of these stories, in one query (keys not stored are left out). */
export function storyCoverageOf(db: Db, keys: readonly string[]): Map<string, number> {
  if (keys.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT story_key AS key, COUNT(DISTINCT feed_id) AS n FROM items
       WHERE story_key IN (SELECT value FROM json_each(?))
       GROUP BY story_key`,
    )
    .all(JSON.stringify(keys)) as { key: string; n: number }[];
  return new Map(rows.map((r) => [r.key, r.n]));
}
