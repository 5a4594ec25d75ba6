import type { Feed, FeedItem, FeedKind, ParsedItem, Reason, Stage, Tagging } from '../domain.js';
import { contentHash, storyKey } from '../ingest/normalise.js';
import { type Db, parseJson } from './db.js';

interface ItemRow {
  id: number;
  feed_id: number;
  item_key: string;
  title: string;
  summary: string;
  link: string | null;
  canonical_url: string | null;
  story_key: string;
  categories: string;
  published_at: string | null;
  first_seen_at: string;
  effective_at: string;
  backfill: number;
  stage: Stage;
  confidence: number;
  themes: string;
  reasons: string;
  deadline_date: string | null;
  deadline_text: string | null;
  amount_value: number | null;
  amount_text: string | null;
  corrected_stage: Stage | null;
  not_relevant: number;
  feed_title: string;
  feed_url: string;
  feed_kind: FeedKind;
}

/** Every read joins the feed, for its title and kind. */
const SELECT = `
  SELECT i.*, COALESCE(NULLIF(f.title, ''), f.url) AS feed_title, f.url AS feed_url, f.kind AS feed_kind
  FROM items i JOIN feeds f ON f.id = i.feed_id`;

function toItem(r: ItemRow): FeedItem {
  return {
    id: r.id,
    feedId: r.feed_id,
    feedTitle: r.feed_title,
    feedKind: r.feed_kind,
    key: r.item_key,
    title: r.title,
    summary: r.summary,
    link: r.link,
    canonicalUrl: r.canonical_url,
    publishedAt: r.published_at,
    categories: parseJson<string[]>(r.categories, []),
    firstSeenAt: r.first_seen_at,
    effectiveAt: r.effective_at,
    backfill: r.backfill === 1,
    storyKey: r.story_key,
    tagging: {
      stage: r.stage,
      confidence: r.confidence,
      themes: parseJson<string[]>(r.themes, []),
      reasons: parseJson<Reason[]>(r.reasons, []),
      deadline: r.deadline_date ? { date: r.deadline_date, text: r.deadline_text ?? '' } : null,
      amount: r.amount_value !== null ? { value: r.amount_value, text: r.amount_text ?? '' } : null,
    },
    correctedStage: r.corrected_stage,
    notRelevant: r.not_relevant === 1,
  };
}

function taggingParams(t: Tagging) {
  return {
    stage: t.stage,
    confidence: t.confidence,
    themes: JSON.stringify(t.themes),
    reasons: JSON.stringify(t.reasons),
    deadlineDate: t.deadline?.date ?? null,
    deadlineText: t.deadline?.text ?? null,
    amountValue: t.amount?.value ?? null,
    amountText: t.amount?.text ?? null,
  };
}

export interface UpsertResult {
  inserted: number;
  updated: number;
}

/**
 * Stores a feed's items in one transaction. A new item is inserted (as backfill when it predates
 * `backfillBefore`); a known item whose content changed upstream is updated in place and retagged, keeping
 * people's corrections, and is never counted as new. Undated items take their first-seen time.
 */
export function upsertItems(
  db: Db,
  feed: Feed,
  items: ParsedItem[],
  tag: (p: ParsedItem) => Tagging,
  opts: { now: string; backfillBefore: string | null },
): UpsertResult {
  const find = db.prepare(
    'SELECT id, content_hash, first_seen_at FROM items WHERE feed_id = ? AND item_key = ?',
  );
  const insert = db.prepare(`
    INSERT INTO items (feed_id, item_key, title, summary, link, canonical_url, story_key, categories, published_at,
      first_seen_at, effective_at, updated_at, backfill, content_hash, stage, confidence, themes, reasons,
      deadline_date, deadline_text, amount_value, amount_text)
    VALUES (@feedId, @key, @title, @summary, @link, @canonicalUrl, @storyKey, @categories, @publishedAt,
      @now, @effectiveAt, @now, @backfill, @hash, @stage, @confidence, @themes, @reasons,
      @deadlineDate, @deadlineText, @amountValue, @amountText)`);
  const update = db.prepare(`
    UPDATE items SET title = @title, summary = @summary, link = @link, canonical_url = @canonicalUrl,
      story_key = @storyKey, categories = @categories, published_at = @publishedAt, effective_at = @effectiveAt,
      updated_at = @now, content_hash = @hash, stage = @stage, confidence = @confidence, themes = @themes,
      reasons = @reasons, deadline_date = @deadlineDate, deadline_text = @deadlineText,
      amount_value = @amountValue, amount_text = @amountText
    WHERE id = @id`);

  const run = db.transaction((): UpsertResult => {
    let inserted = 0;
    let updated = 0;
    for (const p of items) {
      const hash = contentHash(p);
      const existing = find.get(feed.id, p.key) as
        { id: number; content_hash: string; first_seen_at: string } | undefined;
      if (existing && existing.content_hash === hash) continue;
      const common = {
        title: p.title,
        summary: p.summary,
        link: p.link,
        canonicalUrl: p.canonicalUrl,
        storyKey: storyKey(p),
        categories: JSON.stringify(p.categories),
        publishedAt: p.publishedAt,
        now: opts.now,
        hash,
        ...taggingParams(tag(p)),
      };
      if (existing) {
        update.run({ ...common, id: existing.id, effectiveAt: p.publishedAt ?? existing.first_seen_at });
        updated++;
      } else {
        const effectiveAt = p.publishedAt ?? opts.now;
        const backfill = opts.backfillBefore !== null && effectiveAt < opts.backfillBefore ? 1 : 0;
        insert.run({ ...common, feedId: feed.id, key: p.key, effectiveAt, backfill });
        inserted++;
      }
    }
    return { inserted, updated };
  });
  return run();
}

export function getItem(db: Db, id: number): FeedItem | null {
  const row = db.prepare(`${SELECT} WHERE i.id = ?`).get(id) as ItemRow | undefined;
  return row ? toItem(row) : null;
}

/** Agenda candidates: items that are not backfill and whose effective time is in [from, to). */
export function itemsInWindow(db: Db, fromIso: string, toIso: string): FeedItem[] {
  return (
    db
      .prepare(
        `${SELECT} WHERE i.backfill = 0 AND i.effective_at >= ? AND i.effective_at < ? ORDER BY i.effective_at DESC, i.id`,
      )
      .all(fromIso, toIso) as ItemRow[]
  ).map(toItem);
}

/**
 * Items whose deadline falls between two dates (YYYY-MM-DD, both included). Backfill items count here:
 * a funding call that was already open when its feed was added is still worth applying to.
 */
export function upcomingDeadlines(db: Db, fromDate: string, toDate: string): FeedItem[] {
  return (
    db
      .prepare(
        `${SELECT} WHERE i.deadline_date IS NOT NULL AND i.deadline_date >= ? AND i.deadline_date <= ? AND i.not_relevant = 0
         ORDER BY i.deadline_date, i.id`,
      )
      .all(fromDate.slice(0, 10), toDate.slice(0, 10)) as ItemRow[]
  ).map(toItem);
}

/** How many different feeds carry a story. */
export function storyCoverage(db: Db, key: string): number {
  return (
    db.prepare('SELECT COUNT(DISTINCT feed_id) AS n FROM items WHERE story_key = ?').get(key) as { n: number }
  ).n;
}

export function setCorrectedStage(db: Db, itemId: number, stage: Stage | null): boolean {
  return db.prepare('UPDATE items SET corrected_stage = ? WHERE id = ?').run(stage, itemId).changes > 0;
}

export function setNotRelevant(db: Db, itemId: number, flag: boolean): boolean {
  return db.prepare('UPDATE items SET not_relevant = ? WHERE id = ?').run(flag ? 1 : 0, itemId).changes > 0;
}

/** Retags every stored item (after the taxonomy or tagger changes). Corrections are kept. Returns how many. */
export function retagAll(
  db: Db,
  tag: (item: FeedItem, feed: { kind: FeedKind; themes: string[] }) => Tagging,
): number {
  const feedThemes = new Map(
    (db.prepare('SELECT id, themes FROM feeds').all() as { id: number; themes: string }[]).map((f) => [
      f.id,
      parseJson<string[]>(f.themes, []),
    ]),
  );
  const rows = (db.prepare(`${SELECT} ORDER BY i.id`).all() as ItemRow[]).map(toItem);
  const update = db.prepare(`
    UPDATE items SET stage = @stage, confidence = @confidence, themes = @themes, reasons = @reasons,
      deadline_date = @deadlineDate, deadline_text = @deadlineText, amount_value = @amountValue, amount_text = @amountText
    WHERE id = @id`);
  db.transaction(() => {
    for (const item of rows) {
      update.run({
        id: item.id,
        ...taggingParams(tag(item, { kind: item.feedKind, themes: feedThemes.get(item.feedId) ?? [] })),
      });
    }
  })();
  return rows.length;
}

export function countItems(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
}

/** Items of one feed, newest first; for `feeds show` and tests. */
export function itemsOfFeed(db: Db, feedId: number, limit = 50): FeedItem[] {
  return (
    db
      .prepare(`${SELECT} WHERE i.feed_id = ? ORDER BY i.effective_at DESC, i.id LIMIT ?`)
      .all(feedId, limit) as ItemRow[]
  ).map(toItem);
}
