import type { FeedKind, Platform, ThemeSlug } from '../domain.js';
import { type Db, parseJson } from './db.js';
import { unpackBody } from './item-body.js';

export type CorrectionKind = 'stage' | 'not-relevant' | 'themes';

export interface Correction {
  id: number;
  itemId: number;
  kind: CorrectionKind;
  value: string;
  platform: Platform;
  userId: string;
  createdAt: string;
}

/** What the tagger reads of an item: its text and its feed's kind and themes. */
export interface ItemText {
  itemId: number;
  title: string;
  summary: string;
  categories: string[];
  feedKind: FeedKind;
  feedThemes: ThemeSlug[];
}

/** A correction with the item it corrects, for training the learned model. */
export interface CorrectionExample extends ItemText {
  kind: CorrectionKind;
  value: string;
}

interface ItemTextRow {
  item_id: number;
  body: Buffer;
  feed_kind: FeedKind;
  feed_themes: string;
}

const itemText = (r: ItemTextRow): ItemText => {
  const { title, summary, categories } = unpackBody(r.body);
  return {
    itemId: r.item_id,
    title,
    summary,
    categories,
    feedKind: r.feed_kind,
    feedThemes: parseJson<ThemeSlug[]>(r.feed_themes, []),
  };
};

export function insertCorrection(
  db: Db,
  c: { itemId: number; kind: CorrectionKind; value: string; platform: Platform; userId: string },
  now: string,
): void {
  db.prepare(
    'INSERT INTO corrections (item_id, kind, value, platform, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(c.itemId, c.kind, c.value, c.platform, c.userId, now);
}

/** The newest correction's id (0 for none): one index lookup tells whether anything was corrected since. */
export function lastCorrectionId(db: Db): number {
  return db.prepare('SELECT COALESCE(MAX(id), 0) AS last FROM corrections').pluck().get() as number;
}

/** Every correction, oldest first, with the item it corrects. */
export function correctionExamples(db: Db): CorrectionExample[] {
  const rows = db
    .prepare(
      `SELECT c.item_id, c.kind, c.value, i.body, f.kind AS feed_kind, f.themes AS feed_themes
         FROM corrections c
         JOIN items i ON i.id = c.item_id
         JOIN feeds f ON f.id = i.feed_id
        ORDER BY c.id`,
    )
    .all() as (ItemTextRow & { kind: CorrectionKind; value: string })[];
  return rows.map((r) => ({ ...itemText(r), kind: r.kind, value: r.value }));
}

/** The most recent items nobody corrected or marked not relevant, newest first. */
export function uncorrectedRecent(db: Db, limit: number): ItemText[] {
  const rows = db
    .prepare(
      `SELECT i.id AS item_id, i.body, f.kind AS feed_kind, f.themes AS feed_themes
         FROM items i JOIN feeds f ON f.id = i.feed_id
        WHERE i.not_relevant = 0 AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.item_id = i.id)
        ORDER BY i.effective_at DESC, i.id DESC
        LIMIT ?`,
    )
    .all(limit) as ItemTextRow[];
  return rows.map(itemText);
}
