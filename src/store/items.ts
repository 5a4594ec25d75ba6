import type {
  DeadlineKind,
  Feed,
  FeedItem,
  FeedKind,
  ParsedItem,
  Reason,
  SourceFacts,
  Stage,
  Tagging,
} from '../domain.js';
import { contentHash, storyKey } from '../ingest/identity.js';
import type { Statement } from 'better-sqlite3';
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
  deadline_kind: DeadlineKind | null;
  facts: string | null;
  amount_value: number | null;
  amount_text: string | null;
  relevance: number | null;
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
  const facts = parseJson<SourceFacts | null>(r.facts, null);
  return {
    ...(facts ? { facts } : {}),
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
      deadline: r.deadline_date
        ? { date: r.deadline_date, text: r.deadline_text ?? '', kind: r.deadline_kind ?? 'funding' }
        : null,
      amount: r.amount_value !== null ? { value: r.amount_value, text: r.amount_text ?? '' } : null,
      ...(r.relevance !== null ? { relevance: r.relevance } : {}),
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
    deadlineKind: t.deadline?.kind ?? null,
    amountValue: t.amount?.value ?? null,
    amountText: t.amount?.text ?? null,
    relevance: t.relevance ?? null,
  };
}

export interface UpsertResult {
  inserted: number;
  updated: number;
}

interface UpsertStatements {
  find: Statement<[number, string], { id: number; content_hash: string; first_seen_at: string }>;
  insert: Statement<unknown[]>;
  update: Statement<unknown[]>;
}

// Prepared once per connection: a poll round stores hundreds of feeds, and preparing three statements for
// each feed cost more than the writes of a small feed.
const upsertStatements = new WeakMap<Db, UpsertStatements>();

function statementsFor(db: Db): UpsertStatements {
  let s = upsertStatements.get(db);
  if (!s) {
    s = {
      find: db.prepare(
        'SELECT id, content_hash, first_seen_at FROM items WHERE feed_id = ? AND item_key = ?',
      ),
      insert: db.prepare(`
        INSERT INTO items (feed_id, item_key, title, summary, link, canonical_url, story_key, categories,
          published_at, first_seen_at, effective_at, updated_at, backfill, content_hash, stage, confidence, themes,
          reasons, deadline_date, deadline_text, deadline_kind, amount_value, amount_text, relevance, facts, retag_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      update: db.prepare(`
        UPDATE items SET title = ?, summary = ?, link = ?, canonical_url = ?, story_key = ?, categories = ?,
          published_at = ?, effective_at = ?, updated_at = ?, content_hash = ?, stage = ?, confidence = ?,
          themes = ?, reasons = ?, deadline_date = ?, deadline_text = ?, deadline_kind = ?, amount_value = ?,
          amount_text = ?, relevance = ?, facts = ?, retag_at = ?
        WHERE id = ?`),
    };
    upsertStatements.set(db, s);
  }
  return s;
}

/** The tagging columns in statement order: stage … relevance. */
function taggingValues(t: Tagging): unknown[] {
  return [
    t.stage,
    t.confidence,
    JSON.stringify(t.themes),
    JSON.stringify(t.reasons),
    t.deadline?.date ?? null,
    t.deadline?.text ?? null,
    t.deadline?.kind ?? null,
    t.amount?.value ?? null,
    t.amount?.text ?? null,
    t.relevance ?? null,
  ];
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
  opts: {
    now: string;
    backfillBefore: string | null;
    /** When an item's source facts change meaning by the clock, so it is tagged again then. */
    retagAt?: (p: ParsedItem) => string | null;
  },
): UpsertResult {
  const { find, insert, update } = statementsFor(db);
  const run = db.transaction((): UpsertResult => {
    let inserted = 0;
    let updated = 0;
    for (const p of items) {
      const hash = contentHash(p);
      const existing = find.get(feed.id, p.key);
      if (existing && existing.content_hash === hash) continue;
      const categories = JSON.stringify(p.categories);
      const story = storyKey(p);
      if (existing) {
        const effectiveAt = p.publishedAt ?? existing.first_seen_at;
        update.run(
          p.title,
          p.summary,
          p.link,
          p.canonicalUrl,
          story,
          categories,
          p.publishedAt,
          effectiveAt,
          opts.now,
          hash,
          ...taggingValues(tag(p)),
          p.facts ? JSON.stringify(p.facts) : null,
          opts.retagAt?.(p) ?? null,
          existing.id,
        );
        updated++;
      } else {
        const effectiveAt = p.publishedAt ?? opts.now;
        const backfill = opts.backfillBefore !== null && effectiveAt < opts.backfillBefore ? 1 : 0;
        insert.run(
          feed.id,
          p.key,
          p.title,
          p.summary,
          p.link,
          p.canonicalUrl,
          story,
          categories,
          p.publishedAt,
          opts.now,
          effectiveAt,
          opts.now,
          backfill,
          hash,
          ...taggingValues(tag(p)),
          p.facts ? JSON.stringify(p.facts) : null,
          opts.retagAt?.(p) ?? null,
        );
        inserted++;
      }
    }
    return { inserted, updated };
  });
  return run();
}

/** The items a scan will store and tag: new ones, and known ones whose content changed upstream. */
export function itemsToTag(db: Db, feedId: number, items: readonly ParsedItem[]): ParsedItem[] {
  const { find } = statementsFor(db);
  return items.filter((p) => find.get(feedId, p.key)?.content_hash !== contentHash(p));
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
 * a funding call that was already open when its feed was added is still worth applying to. An item
 * published after `knownBy` (an ISO instant) is left out: a replay of a past moment cannot know it.
 */
export function upcomingDeadlines(db: Db, fromDate: string, toDate: string, knownBy?: string): FeedItem[] {
  return (
    db
      .prepare(
        `${SELECT} WHERE i.deadline_date IS NOT NULL AND i.deadline_date >= ? AND i.deadline_date <= ? AND i.not_relevant = 0
           AND i.effective_at <= ?
         ORDER BY i.deadline_date, i.id`,
      )
      .all(fromDate.slice(0, 10), toDate.slice(0, 10), knownBy ?? '9999') as ItemRow[]
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
      deadline_date = @deadlineDate, deadline_text = @deadlineText, deadline_kind = @deadlineKind, amount_value = @amountValue, amount_text = @amountText,
      relevance = @relevance
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

/** A month's items whose topics have not been linked since they last changed. */
export function itemsNeedingTopics(
  db: Db,
  start: string,
  end: string,
): { id: number; title: string; summary: string }[] {
  return db
    .prepare(
      `SELECT id, title, summary FROM items WHERE effective_at >= ? AND effective_at < ?
       AND (topics_linked_at IS NULL OR topics_linked_at < updated_at)`,
    )
    .all(start, end) as { id: number; title: string; summary: string }[];
}

export function markTopicsLinked(db: Db, id: number, now: string): void {
  db.prepare('UPDATE items SET topics_linked_at = ? WHERE id = ?').run(now, id);
}
