import type {
  DeadlineKind,
  Feed,
  FeedItem,
  FeedKind,
  ItemRecord,
  Reason,
  SourceFacts,
  Stage,
  Tagging,
} from '../domain.js';
import type { Statement } from 'better-sqlite3';
import { type Db, parseJson } from './db.js';
import { keyHash, shortContentHash, storyHash } from './hashes.js';
import { type ItemWords, packBody, unpackBody, unpackBodyLazily } from './item-body.js';
import {
  linkTopics,
  pendingTopicMonths,
  refreshAllTopicMonths,
  refreshItemTopics,
  TopicMonths,
} from './topics.js';

interface ItemRow {
  id: number;
  feed_id: number;
  effective_at: string;
  undated: number;
  first_seen_at: number | null;
  backfill: number;
  story_hash: number;
  stage: Stage;
  confidence: number;
  themes: string;
  deadline_date: string | null;
  deadline_text: string | null;
  deadline_kind: DeadlineKind | null;
  facts: string | null;
  amount_value: number | null;
  amount_text: string | null;
  relevance: number | null;
  corrected_stage: Stage | null;
  corrected_themes: string | null;
  not_relevant: number;
  body: Buffer;
  feed_title: string;
  feed_url: string;
  feed_kind: FeedKind;
}

/** Every read joins the feed, for its title and kind. */
const SELECT = `
  SELECT i.id, i.feed_id, i.effective_at, i.undated, i.first_seen_at, i.backfill, i.story_hash, i.stage,
    i.confidence, i.themes, i.deadline_date, i.deadline_text, i.deadline_kind, i.facts, i.amount_value,
    i.amount_text, i.relevance, i.corrected_stage, i.corrected_themes, i.not_relevant, i.body,
    COALESCE(NULLIF(f.title, ''), f.url) AS feed_title, f.url AS feed_url, f.kind AS feed_kind
  FROM items i JOIN feeds f ON f.id = i.feed_id`;

/** When the item was first seen: stored only when it is not its effective time (migration 080). */
function firstSeen(r: { first_seen_at: number | null; effective_at: string }): string {
  return r.first_seen_at === null ? r.effective_at : new Date(r.first_seen_at).toISOString();
}

function toItem(r: ItemRow): FeedItem {
  const { reasons, ...words } = unpackBody(r.body);
  return toItemWith(r, words, reasons);
}

function toItemWith(r: ItemRow, words: Omit<ItemWords, 'reasons'>, reasons: Reason[]): FeedItem {
  const facts = parseJson<SourceFacts | null>(r.facts, null);
  return {
    ...(facts ? { facts } : {}),
    id: r.id,
    feedId: r.feed_id,
    feedTitle: r.feed_title,
    feedKind: r.feed_kind,
    key: words.key,
    title: words.title,
    summary: words.summary,
    link: words.link,
    canonicalUrl: words.canonicalUrl,
    publishedAt: r.undated === 1 ? null : r.effective_at,
    categories: words.categories,
    firstSeenAt: firstSeen(r),
    effectiveAt: r.effective_at,
    backfill: r.backfill === 1,
    storyKey: String(r.story_hash),
    tagging: {
      stage: r.stage,
      confidence: r.confidence,
      // Themes a person set win over the tagger's (migration 060).
      themes: parseJson<string[]>(r.corrected_themes ?? r.themes, []),
      reasons,
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

export interface UpsertResult {
  inserted: number;
  updated: number;
}

interface FoundRow {
  id: number;
  content_hash: number;
  first_seen_at: number | null;
  effective_at: string;
  story_hash: number;
}

interface UpsertStatements {
  find: Statement<[number, number], FoundRow>;
  bodyOf: Statement<[number], { body: Buffer }>;
  insert: Statement<unknown[]>;
  update: Statement<unknown[]>;
  coverage: Statement<[{ story: number }]>;
}

// Prepared once per connection: a poll round stores hundreds of feeds, and preparing three statements for
// each feed cost more than the writes of a small feed.
const upsertStatements = new WeakMap<Db, UpsertStatements>();

function statementsFor(db: Db): UpsertStatements {
  let s = upsertStatements.get(db);
  if (!s) {
    s = {
      find: db.prepare(
        'SELECT id, content_hash, first_seen_at, effective_at, story_hash FROM items WHERE feed_id = ? AND key_hash = ?',
      ),
      bodyOf: db.prepare('SELECT body FROM items WHERE id = ?'),
      // Written only where the count changed: most stories are in one feed, and their rows stay as they are.
      coverage: db.prepare(
        `UPDATE items SET coverage = n.n
         FROM (SELECT COUNT(DISTINCT feed_id) AS n FROM items WHERE story_hash = @story) AS n
         WHERE story_hash = @story AND coverage != n.n`,
      ),
      insert: db.prepare(`
        INSERT INTO items (feed_id, key_hash, effective_at, undated, first_seen_at, backfill, story_hash,
          content_hash, stage, confidence, themes, deadline_date, deadline_text, deadline_kind, amount_value,
          amount_text, relevance, facts, retag_at, rank_score, topics_linked, body)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`),
      update: db.prepare(`
        UPDATE items SET effective_at = ?, undated = ?, first_seen_at = ?, story_hash = ?, content_hash = ?,
          stage = ?, confidence = ?, themes = ?, deadline_date = ?, deadline_text = ?, deadline_kind = ?,
          amount_value = ?, amount_text = ?, relevance = ?, facts = ?, retag_at = ?, rank_score = ?,
          topics_linked = 1, body = ?
        WHERE id = ?`),
    };
    upsertStatements.set(db, s);
  }
  return s;
}

/** Slots tried after an item key's own hash is taken by another key of the same feed. */
const MAX_PROBES = 16;

/**
 * Where a feed's item with this key is stored, or the free slot for it. Keys are stored as 47-bit hashes
 * (src/store/hashes.ts), so two keys of one feed can share one: a row found under the hash whose content
 * differs is checked against the key in its body, and a different key moves on to the next slot, so a
 * rare clash never overwrites one item with another. A row with the same content is the same item (a
 * different key with the same key hash and content hash is not worth a decompression per lookup).
 */
function locate(
  s: UpsertStatements,
  feedId: number,
  key: string,
  contentHash: number,
): { found: FoundRow | undefined; keyHash: number } {
  const first = keyHash(key);
  for (let probe = 0; probe < MAX_PROBES; probe++) {
    const slot = first + probe;
    const row = s.find.get(feedId, slot);
    if (!row || row.content_hash === contentHash) return { found: row, keyHash: slot };
    const stored = s.bodyOf.get(row.id);
    if (!stored || unpackBodyLazily(stored.body).key === key) return { found: row, keyHash: slot };
  }
  throw new Error(
    `item key ${JSON.stringify(key.slice(0, 200))} clashes with ${MAX_PROBES} others in its feed`,
  );
}

/** The tagging columns in statement order: stage … relevance (the reasons are in the body). */
function taggingValues(t: Tagging): unknown[] {
  return [
    t.stage,
    t.confidence,
    JSON.stringify(t.themes),
    t.deadline?.date ?? null,
    t.deadline?.text ?? null,
    t.deadline?.kind ?? null,
    t.amount?.value ?? null,
    t.amount?.text ?? null,
    t.relevance ?? null,
  ];
}

/**
 * Stores a feed's finished records (see ItemRecord: ingest has tagged them and found their topics) in one
 * transaction. A new item is inserted (as backfill when it predates `backfillBefore`); a known item whose
 * content changed upstream is updated in place, keeping people's corrections, and is never counted as new.
 * Undated items take their first-seen time. Each item's topics are linked in the same transaction, and
 * the topic months they touch recomputed: at the end of this call, or, when it runs inside a store
 * transaction (a batch of feeds), once when that transaction ends (see pendingTopicMonths).
 */
export function upsertItems(
  db: Db,
  feed: Feed,
  records: ItemRecord[],
  opts: { now: string; backfillBefore: string | null },
): UpsertResult {
  const statements = statementsFor(db);
  const { insert, update, coverage } = statements;
  const nowMs = Date.parse(opts.now);
  const run = db.transaction((touched: TopicMonths): UpsertResult => {
    let inserted = 0;
    let updated = 0;
    const stories = new Set<number>();
    for (const r of records) {
      const contentHash = shortContentHash(r.contentHash);
      const { found: existing, keyHash: slot } = locate(statements, feed.id, r.key, contentHash);
      if (existing && existing.content_hash === contentHash) continue;
      const facts = r.facts ? JSON.stringify(r.facts) : null;
      const body = packBody({ ...r, reasons: r.tagging.reasons });
      const story = storyHash(r.storyKey);
      let id: number;
      let effectiveAt: string;
      if (existing) {
        id = existing.id;
        const seen = firstSeen(existing);
        effectiveAt = r.publishedAt ?? seen;
        touched.addItem(db, id);
        update.run(
          effectiveAt,
          r.publishedAt === null ? 1 : 0,
          seen === effectiveAt ? null : Date.parse(seen),
          story,
          contentHash,
          ...taggingValues(r.tagging),
          facts,
          r.retagAt,
          r.rankScore,
          body,
          id,
        );
        updated++;
      } else {
        effectiveAt = r.publishedAt ?? opts.now;
        const backfill = opts.backfillBefore !== null && effectiveAt < opts.backfillBefore ? 1 : 0;
        id = Number(
          insert.run(
            feed.id,
            slot,
            effectiveAt,
            r.publishedAt === null ? 1 : 0,
            effectiveAt === opts.now ? null : nowMs,
            backfill,
            story,
            contentHash,
            ...taggingValues(r.tagging),
            facts,
            r.retagAt,
            r.rankScore,
            body,
          ).lastInsertRowid,
        );
        inserted++;
      }
      linkTopics(db, id, r.topics, {
        now: opts.now,
        month: effectiveAt.slice(0, 7),
        fresh: !existing,
        touched,
      });
      stories.add(story);
      if (existing && existing.story_hash !== story) stories.add(existing.story_hash);
    }
    // How many feeds carry each story these items belong to, kept for ranking in SQL.
    for (const story of stories) coverage.run({ story });
    return { inserted, updated };
  });
  if (db.inTransaction) return run(pendingTopicMonths(db));
  const touched = new TopicMonths();
  return db.transaction(() => {
    const result = run(touched);
    touched.refresh(db);
    return result;
  })();
}

/**
 * Of a feed's items (by key and content hash), the keys the store does not hold in that version: new
 * items and items whose content changed upstream. Ingest tags only these.
 */
export function changedKeys(
  db: Db,
  feedId: number,
  items: readonly { key: string; contentHash: string }[],
): Set<string> {
  const statements = statementsFor(db);
  return new Set(
    items
      .filter((p) => {
        const contentHash = shortContentHash(p.contentHash);
        return locate(statements, feedId, p.key, contentHash).found?.content_hash !== contentHash;
      })
      .map((p) => p.key),
  );
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

/** How many different feeds carry a story (a FeedItem's storyKey). */
export function storyCoverage(db: Db, key: string): number {
  return (
    db.prepare('SELECT COUNT(DISTINCT feed_id) AS n FROM items WHERE story_hash = ?').get(Number(key)) as {
      n: number;
    }
  ).n;
}

// A person's stage, or a "not relevant" mark, changes how the item's topics stand that month.
export function setCorrectedStage(db: Db, itemId: number, stage: Stage | null): boolean {
  return db.transaction(() => {
    const changed =
      db.prepare('UPDATE items SET corrected_stage = ? WHERE id = ?').run(stage, itemId).changes > 0;
    refreshItemTopics(db, [itemId]);
    return changed;
  })();
}

/** Themes a person set for an item; they are what the item shows from then on, whatever a retag says. */
export function setCorrectedThemes(db: Db, itemId: number, themes: readonly string[] | null): boolean {
  const value = themes === null ? null : JSON.stringify(themes);
  // Themes count in the ranking score kept at ingest: the agenda now ranks this item from what it shows.
  return (
    db.prepare('UPDATE items SET corrected_themes = ?, rank_stale = 1 WHERE id = ?').run(value, itemId)
      .changes > 0
  );
}

export function setNotRelevant(db: Db, itemId: number, flag: boolean): boolean {
  return db.transaction(() => {
    const changed =
      db.prepare('UPDATE items SET not_relevant = ? WHERE id = ?').run(flag ? 1 : 0, itemId).changes > 0;
    refreshItemTopics(db, [itemId]);
    return changed;
  })();
}

/** Retags every stored item (after the taxonomy or tagger changes). Corrections are kept. Returns how many. */
export function retagAll(
  db: Db,
  tag: (
    item: FeedItem,
    feed: { kind: FeedKind; themes: string[] },
  ) => { tagging: Tagging; rankScore: number },
): number {
  const feedThemes = new Map(
    (db.prepare('SELECT id, themes FROM feeds').all() as { id: number; themes: string }[]).map((f) => [
      f.id,
      parseJson<string[]>(f.themes, []),
    ]),
  );
  const rows = (db.prepare(`${SELECT} ORDER BY i.id`).all() as ItemRow[]).map(toItem);
  const update = db.prepare(`
    UPDATE items SET stage = ?, confidence = ?, themes = ?, deadline_date = ?, deadline_text = ?,
      deadline_kind = ?, amount_value = ?, amount_text = ?, relevance = ?, rank_score = ?, body = ?
    WHERE id = ?`);
  db.transaction(() => {
    for (const item of rows) {
      const { tagging, rankScore } = tag(item, {
        kind: item.feedKind,
        themes: feedThemes.get(item.feedId) ?? [],
      });
      update.run(
        ...taggingValues(tagging),
        rankScore,
        packBody({ ...item, reasons: tagging.reasons }),
        item.id,
      );
    }
    refreshAllTopicMonths(db);
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

// The agenda's reading queries, named so test/agenda/candidates.test.ts can check with EXPLAIN QUERY
// PLAN that each is answered from its index (INDEXED BY also makes SQLite refuse to run without it).
export const RANKED_SQL = `SELECT id, coverage, rank_score + @coverageWeight * log2(max(coverage, 1)) AS score
  FROM items INDEXED BY items_month_rank
  WHERE backfill = 0 AND effective_at >= @from AND effective_at < @to AND not_relevant = 0
    AND (deadline_date IS NULL OR deadline_date >= @today)
  ORDER BY score DESC, effective_at DESC, id
  LIMIT @limit`;

export const COUNT_SQL = `SELECT COUNT(*) AS n FROM items INDEXED BY items_month_rank
  WHERE backfill = 0 AND effective_at >= @from AND effective_at < @to AND not_relevant = 0
    AND (deadline_date IS NULL OR deadline_date >= @today)`;

export const UNRANKED_SQL = `${SELECT} WHERE i.id IN (
    SELECT id FROM items INDEXED BY items_month_corrected
      WHERE (corrected_stage IS NOT NULL OR rank_stale = 1) AND effective_at >= @from AND effective_at < @to
    UNION SELECT id FROM items INDEXED BY items_month_undated
      WHERE undated = 1 AND effective_at >= @from AND effective_at < @to
    UNION SELECT id FROM items INDEXED BY items_deadline
      WHERE deadline_date IS NOT NULL AND deadline_date >= @deadlineFrom AND deadline_date <= @deadlineTo
        AND effective_at >= @from AND effective_at < @to)
  AND i.backfill = 0`;

/**
 * A month's best candidates by their stored score (rank_score, plus `coverageWeight` × log2 of how many
 * feeds carry the story), best first: ids, that score and the story's coverage (how many feeds carry it,
 * kept exact by every write of an item) only, read from one covering index with no table row touched.
 * Items marked not relevant and calls closed before `today` are left out.
 */
export function rankedInWindow(
  db: Db,
  q: { from: string; to: string; today: string; coverageWeight: number; limit: number },
): { id: number; coverage: number; score: number }[] {
  return db.prepare(RANKED_SQL).all(q) as { id: number; coverage: number; score: number }[];
}

/** How many of a month's items are agenda material by what SQL can tell: not marked, not closed. */
export function countInWindow(db: Db, q: { from: string; to: string; today: string }): number {
  return (db.prepare(COUNT_SQL).get(q) as { n: number }).n;
}

/**
 * The month's items whose rank the stored score cannot tell: corrected by a person (stage or themes), undated (ranked
 * behind dated ones, and read for their text), or with a deadline between `deadlineFrom` and
 * `deadlineTo` (both YYYY-MM-DD) that lifts them. Each found through its own small index.
 */
export function unrankedInWindow(
  db: Db,
  q: { from: string; to: string; deadlineFrom: string; deadlineTo: string },
): FeedItem[] {
  return (db.prepare(UNRANKED_SQL).all(q) as ItemRow[]).map(toItem);
}

/** Full items by id (in no particular order); ids that do not exist are left out. */
export function itemsByIds(db: Db, ids: readonly number[]): FeedItem[] {
  if (ids.length === 0) return [];
  return (
    db
      .prepare(`${SELECT} WHERE i.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as ItemRow[]
  ).map(toItem);
}

/**
 * Full items by id, as `itemsByIds`, for ranking many and showing few: each item's reasons are decoded
 * the first time they are read. The agenda ranks a thousand candidates by their tagging and text and
 * explains a dozen; decoding every candidate's reasons was a fifth of a cold agenda build.
 */
export function itemsByIdsForRanking(db: Db, ids: readonly number[]): FeedItem[] {
  if (ids.length === 0) return [];
  return (
    db
      .prepare(`${SELECT} WHERE i.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids)) as ItemRow[]
  ).map((r) => {
    const { reasons: decode, ...words } = unpackBodyLazily(r.body);
    const item = toItemWith(r, words, []);
    let reasons: Reason[] | null = null;
    Object.defineProperty(item.tagging, 'reasons', {
      enumerable: true,
      configurable: true,
      get: () => (reasons ??= decode()),
      set: (v: Reason[]) => {
        reasons = v;
      },
    });
    return item;
  });
}
