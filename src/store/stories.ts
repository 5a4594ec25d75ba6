import type { Db } from './db.js';

/** How many feeds carried each story that has an item in [from, to): one query for the whole month. */
export function storyCoverageInWindow(db: Db, fromIso: string, toIso: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT story_hash AS key, COUNT(DISTINCT feed_id) AS n FROM items
       WHERE story_hash IN (SELECT story_hash FROM items WHERE effective_at >= ? AND effective_at < ?)
       GROUP BY story_hash`,
    )
    .all(fromIso, toIso) as { key: number; n: number }[];
  // Keyed as FeedItem.storyKey is: the story's hash, in decimal.
  return new Map(rows.map((r) => [String(r.key), r.n]));
}

/** How many feeds carried each of these stories, in one query (keys not stored are left out). */
export function storyCoverageOf(db: Db, keys: readonly string[]): Map<string, number> {
  if (keys.length === 0) return new Map();
  const rows = db
    .prepare(
      `SELECT story_hash AS key, COUNT(DISTINCT feed_id) AS n FROM items
       WHERE story_hash IN (SELECT value FROM json_each(?))
       GROUP BY story_hash`,
    )
    .all(JSON.stringify(keys.map(Number))) as { key: number; n: number }[];
  return new Map(rows.map((r) => [String(r.key), r.n]));
}
