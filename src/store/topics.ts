import { ALL_STAGES, STAGES, type Stage, type ThemeSlug, type TopicRef } from '../domain.js';
import { type Db, parseJson } from './db.js';
import { assertMonth, slugify } from '../slug.js';
import { unpackBody } from './item-body.js';

export type { TopicRef };

export interface Topic {
  id: number;
  slug: string;
  name: string;
  /** Other slugs that lead here (earlier names, merged topics). */
  aliases: string[];
  pinned: boolean;
  createdAt: string;
}

export interface TopicListing extends Topic {
  itemCount: number;
  /** The latest month with items, and the topic's stage then; null when it has none yet. */
  lastMonth: string | null;
  lastStage: Stage | null;
}

export interface TopicOfMonth {
  id: number;
  name: string;
  slug: string;
  stage: Stage;
  /** Themes of this month's items, most frequent first. */
  themes: ThemeSlug[];
  itemCount: number;
  pinned: boolean;
  /** The topic's previous known stage when it differs from this month's; null when unchanged or new. */
  movedFrom: Stage | null;
  /** True when the topic has no earlier month with items. */
  isNew: boolean;
}

export interface TopicMovementRow {
  topic: string;
  from: Stage | null;
  to: Stage;
}

/** A topic command that cannot be carried out; the message says what to do instead. */
export class TopicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopicError';
  }
}

interface TopicRow {
  id: number;
  slug: string;
  name: string;
  aliases: string;
  pinned: number;
  merged_into: number | null;
  created_at: string;
}

function toTopic(r: TopicRow): Topic {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    aliases: parseJson<string[]>(r.aliases, []),
    pinned: r.pinned === 1,
    createdAt: r.created_at,
  };
}

function isStage(value: string): value is Stage {
  return (ALL_STAGES as readonly string[]).includes(value);
}

/** The live topic a slug (or alias) stands for, following merges to the topic that absorbed it. */
function resolveSlug(db: Db, slug: string): TopicRow | null {
  // Most slugs are a live topic's own, found through the slug's index; only the rest need the search
  // through every topic's aliases (ingest resolves each topic an item names).
  const own = db.prepare('SELECT * FROM topics WHERE slug = ?').get(slug) as TopicRow | undefined;
  if (own && own.merged_into === null) return own;
  let row = db
    .prepare(
      `SELECT * FROM topics WHERE slug = @slug
         OR EXISTS (SELECT 1 FROM json_each(topics.aliases) WHERE value = @slug)
       ORDER BY merged_into IS NOT NULL, id LIMIT 1`,
    )
    .get({ slug }) as TopicRow | undefined;
  const seen = new Set<number>();
  while (row && row.merged_into !== null && !seen.has(row.id)) {
    seen.add(row.id);
    row = db.prepare('SELECT * FROM topics WHERE id = ?').get(row.merged_into) as TopicRow | undefined;
  }
  return row ?? null;
}

/** Finds a live topic by id, slug, alias or name (any case). */
export function findTopic(db: Db, ref: number | string): Topic | null {
  if (typeof ref === 'number' || /^\d+$/.test(ref)) {
    const row = db.prepare('SELECT * FROM topics WHERE id = ?').get(Number(ref)) as TopicRow | undefined;
    if (row) return row.merged_into === null ? toTopic(row) : toTopic(resolveSlug(db, row.slug)!);
    if (typeof ref === 'number') return null;
  }
  const row = resolveSlug(db, slugify(String(ref)));
  return row ? toTopic(row) : null;
}

function requireTopic(db: Db, ref: number | string): Topic {
  const topic = findTopic(db, ref);
  if (!topic) {
    throw new TopicError(
      `There is no topic "${ref}". List the topics to see their names and slugs, then try again.`,
    );
  }
  return topic;
}

/** The live topic for a reference, created the first time it is seen; null when it has no slug. */
function topicFor(db: Db, ref: TopicRef, now: string): TopicRow | null {
  const slug = ref.slug || slugify(ref.name);
  if (!slug) return null;
  const row = resolveSlug(db, slug);
  if (row) return row;
  const id = Number(
    db.prepare('INSERT INTO topics (slug, name, created_at) VALUES (?, ?, ?)').run(slug, ref.name.trim(), now)
      .lastInsertRowid,
  );
  return db.prepare('SELECT * FROM topics WHERE id = ?').get(id) as TopicRow;
}

const LINK = `INSERT OR IGNORE INTO item_topics (item_id, topic_id, month)
  VALUES (@item, @topic, (SELECT substr(effective_at, 1, 7) FROM items WHERE id = @item))`;

/**
 * Links an item to its topics, creating topics the first time they are seen. Slugs that an editor
 * renamed or merged away lead to the topic they now belong to. Safe to call again for the same item.
 */
export function assignTopics(
  db: Db,
  itemId: number,
  topics: TopicRef[],
  now = new Date().toISOString(),
): Topic[] {
  const link = db.prepare(LINK);
  return db.transaction(() => {
    const assigned = new Map<number, Topic>();
    for (const ref of topics) {
      const row = topicFor(db, ref, now);
      if (!row) continue;
      link.run({ item: itemId, topic: row.id });
      assigned.set(row.id, toTopic(row));
    }
    return [...assigned.values()];
  })();
}

/** Makes an item's topic links exactly these (its content, and so what it names, may have changed). */
export function replaceTopicLinks(db: Db, itemId: number, topics: TopicRef[], now: string): void {
  const at = db.prepare('SELECT effective_at FROM items WHERE id = ?').get(itemId) as
    { effective_at: string } | undefined;
  linkTopics(db, itemId, topics, { now, month: at?.effective_at.slice(0, 7) ?? null, fresh: false });
  db.prepare('UPDATE items SET topics_linked = 1 WHERE id = ?').run(itemId);
}

/**
 * Links an item (whose effective time is in `month`, YYYY-MM) to its topics, replacing any links it had
 * unless it is `fresh` (just inserted: it has none). The (topic, month) pairs linked go into `touched`.
 */
export function linkTopics(
  db: Db,
  itemId: number,
  topics: TopicRef[],
  opts: { now: string; month: string | null; fresh: boolean; touched?: TopicMonths },
): void {
  if (!opts.fresh) db.prepare('DELETE FROM item_topics WHERE item_id = ?').run(itemId);
  const link = db.prepare('INSERT OR IGNORE INTO item_topics (item_id, topic_id, month) VALUES (?, ?, ?)');
  for (const ref of topics) {
    const row = topicFor(db, ref, opts.now);
    if (!row) continue;
    link.run(itemId, row.id, opts.month);
    if (opts.month) opts.touched?.add(row.id, opts.month);
  }
}

/**
 * The (topic, month) pairs a write touched: note an item before and after changing it, then refresh, so
 * only those topic months are recomputed rather than whole months.
 */
export class TopicMonths {
  private readonly pairs = new Map<string, { topicId: number; month: string }>();

  add(topicId: number, month: string): void {
    this.pairs.set(`${topicId} ${month}`, { topicId, month });
  }

  addItem(db: Db, itemId: number): void {
    const rows = db.prepare('SELECT topic_id, month FROM item_topics WHERE item_id = ?').all(itemId) as {
      topic_id: number;
      month: string | null;
    }[];
    for (const r of rows) if (r.month) this.add(r.topic_id, r.month);
  }

  refresh(db: Db): void {
    for (const { topicId, month } of this.pairs.values()) refreshMonth(db, month, [topicId]);
    this.pairs.clear();
  }

  clear(): void {
    this.pairs.clear();
  }
}

const pending = new WeakMap<Db, TopicMonths>();

/**
 * The topic months touched by writes inside the current store transaction, recomputed once when it ends
 * (flushTopicMonths): a poll round stores a batch of feeds in one transaction, and feeds of a round touch
 * the same topic months over and over.
 */
export function pendingTopicMonths(db: Db): TopicMonths {
  let p = pending.get(db);
  if (!p) {
    p = new TopicMonths();
    pending.set(db, p);
  }
  return p;
}

/** Recomputes the topic months pending in this transaction (see pendingTopicMonths); `drop` forgets them. */
export function flushTopicMonths(db: Db, drop = false): void {
  const p = pending.get(db);
  if (!p) return;
  if (drop) p.clear();
  else p.refresh(db);
}

/** Items never linked to their topics (stored before topics were linked at ingest), newest first. */
export function unlinkedItems(db: Db, limit: number): { id: number; title: string; summary: string }[] {
  return db
    .prepare(`SELECT id, body FROM items WHERE topics_linked = 0 ORDER BY effective_at DESC LIMIT ?`)
    .all(limit)
    .map((r) => {
      const { id, body } = r as { id: number; body: Buffer };
      const { title, summary } = unpackBody(body);
      return { id, title, summary };
    });
}

/** Links the topics found for items stored before (the writer's backfill), refreshing the months touched. */
export function linkItems(db: Db, links: { id: number; topics: TopicRef[] }[], now: string): void {
  db.transaction(() => {
    const touched = new TopicMonths();
    for (const l of links) {
      touched.addItem(db, l.id);
      replaceTopicLinks(db, l.id, l.topics, now);
      touched.addItem(db, l.id);
    }
    touched.refresh(db);
  })();
}

/** Recomputes the topic months of items whose stage, correction or relevance changed. */
export function refreshItemTopics(db: Db, itemIds: readonly number[]): void {
  const touched = new TopicMonths();
  for (const id of itemIds) touched.addItem(db, id);
  touched.refresh(db);
}

interface MonthItemRow {
  topic_id: number;
  stage: string;
  corrected_stage: string | null;
  confidence: number;
  themes: string;
  effective_at: string;
}

interface MonthSummary {
  stage: Stage;
  itemCount: number;
  themes: ThemeSlug[];
}

/**
 * A topic's stage for a month: each item votes for its stage (a person's correction wins over the
 * tagger), weighted by the tagger's confidence; a corrected stage carries full weight. Items with no
 * stage signal do not vote, and the topic is `unknown` only when none of its items has a stage.
 * Ties go to the stage of the latest item, since newer evidence says more about where a policy is now.
 */
export function summariseMonth(rows: Omit<MonthItemRow, 'topic_id'>[]): MonthSummary {
  const weight = new Map<Stage, number>();
  const latest = new Map<Stage, string>();
  const themeCounts = new Map<string, number>();
  for (const r of rows) {
    const raw = r.corrected_stage ?? r.stage;
    const stage: Stage = isStage(raw) ? raw : 'unknown';
    if (stage !== 'unknown') {
      const w = r.corrected_stage ? 1 : Math.max(0.01, Math.min(1, r.confidence));
      weight.set(stage, (weight.get(stage) ?? 0) + w);
      if ((latest.get(stage) ?? '') < r.effective_at) latest.set(stage, r.effective_at);
    }
    for (const theme of parseJson<string[]>(r.themes, []))
      themeCounts.set(theme, (themeCounts.get(theme) ?? 0) + 1);
  }
  let stage: Stage = 'unknown';
  for (const s of STAGES) {
    const w = weight.get(s);
    if (w === undefined) continue;
    const best = stage === 'unknown' ? -1 : weight.get(stage)!;
    const closeTie = Math.abs(w - best) < 1e-9;
    if (w > best + 1e-9 || (closeTie && (latest.get(s) ?? '') > (latest.get(stage) ?? ''))) stage = s;
  }
  const themes = [...themeCounts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t]) => t);
  return { stage, itemCount: rows.length, themes };
}

const MONTH_ITEMS = `SELECT it.topic_id, i.stage, i.corrected_stage, i.confidence, i.themes, i.effective_at
  FROM item_topics it
  JOIN items i ON i.id = it.item_id
  JOIN topics t ON t.id = it.topic_id AND t.merged_into IS NULL
  WHERE it.month = @month AND i.not_relevant = 0`;

function refreshMonth(db: Db, month: string, onlyTopics?: number[]): void {
  const rows = onlyTopics
    ? onlyTopics.flatMap(
        (topic) =>
          db.prepare(`${MONTH_ITEMS} AND it.topic_id = @topic`).all({ month, topic }) as MonthItemRow[],
      )
    : (db.prepare(MONTH_ITEMS).all({ month }) as MonthItemRow[]);
  const byTopic = new Map<number, MonthItemRow[]>();
  for (const r of rows) {
    const list = byTopic.get(r.topic_id);
    if (list) list.push(r);
    else byTopic.set(r.topic_id, [r]);
  }
  if (onlyTopics) {
    const del = db.prepare('DELETE FROM topic_months WHERE month = ? AND topic_id = ?');
    for (const id of onlyTopics) del.run(month, id);
  } else {
    db.prepare('DELETE FROM topic_months WHERE month = ?').run(month);
  }
  const insert = db.prepare(
    'INSERT INTO topic_months (topic_id, month, stage, item_count, themes) VALUES (?, ?, ?, ?, ?)',
  );
  for (const [topicId, items] of byTopic) {
    const s = summariseMonth(items);
    insert.run(topicId, month, s.stage, s.itemCount, JSON.stringify(s.themes));
  }
}

/** Recomputes every topic's stage for one month (YYYY-MM) from its items. Run after ingest or a correction. */
export function refreshTopicMonths(db: Db, month: string): void {
  assertMonth(month);
  db.transaction(() => refreshMonth(db, month))();
}

/** Recomputes every month of every topic (after every item was tagged again). */
export function refreshAllTopicMonths(db: Db): void {
  const months = db.prepare('SELECT DISTINCT month FROM item_topics WHERE month IS NOT NULL').all() as {
    month: string;
  }[];
  db.prepare('DELETE FROM topic_months').run();
  for (const { month } of months) refreshMonth(db, month);
}

/** The month after a YYYY-MM month, as YYYY-MM. */
function nextMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Topics of the month with items published after `knownBy` (a replay of a past moment, or items dated
 * in the future), summarised from the items known by then; null when none was. A replay never draws
 * the future. Cheap when nothing in the month is later than knownBy (one indexed range).
 */
function unknownYet(db: Db, month: string, knownBy: string): Map<number, MonthSummary | null> {
  const out = new Map<number, MonthSummary | null>();
  // A month that ended before knownBy holds nothing later.
  if (knownBy >= nextMonth(month)) return out;
  // CROSS JOIN keeps SQLite reading the (usually empty) range of later items first, not the month's links.
  const topics = db
    .prepare(
      `SELECT DISTINCT it.topic_id FROM items i CROSS JOIN item_topics it ON it.item_id = i.id
       WHERE i.effective_at > ? AND i.effective_at < ? AND it.month = ?`,
    )
    .all(knownBy, nextMonth(month), month) as { topic_id: number }[];
  const known = db.prepare(`${MONTH_ITEMS} AND it.topic_id = @topic AND i.effective_at <= @knownBy`);
  for (const { topic_id: topic } of topics) {
    const rows = known.all({ month, topic, knownBy }) as MonthItemRow[];
    out.set(topic, rows.length ? summariseMonth(rows) : null);
  }
  return out;
}

/** The latest known stage among a topic's earlier months (newest first): 'unknown' when none had one, null for none. */
function previousStage(earlier: { stage: string }[]): Stage | null {
  if (earlier.length === 0) return null;
  const known = earlier.find((r) => r.stage !== 'unknown');
  return known && isStage(known.stage) ? known.stage : 'unknown';
}

interface MonthRow {
  id: number;
  slug: string;
  name: string;
  pinned: number;
  stage: string | null;
  item_count: number | null;
  themes: string | null;
}

/**
 * This month's topics: every topic with items this month, and every pinned topic (at its latest
 * known stage, with no items) so editors' chosen policies always stay in view.
 * Pinned first, then the busiest, then by name.
 */
export function topicsForMonth(db: Db, month: string, knownBy?: string): TopicOfMonth[] {
  assertMonth(month);
  const unknown = knownBy ? unknownYet(db, month, knownBy) : new Map<number, MonthSummary | null>();
  const rows = (
    db
      .prepare(
        `SELECT t.id, t.slug, t.name, t.pinned, tm.stage, tm.item_count, tm.themes
       FROM topics t
       LEFT JOIN topic_months tm ON tm.topic_id = t.id AND tm.month = ?
       WHERE t.merged_into IS NULL AND (tm.topic_id IS NOT NULL OR t.pinned = 1)`,
      )
      .all(month) as MonthRow[]
  )
    .map((r): MonthRow => {
      if (!unknown.has(r.id)) return r;
      const s = unknown.get(r.id);
      return s
        ? { ...r, stage: s.stage, item_count: s.itemCount, themes: JSON.stringify(s.themes) }
        : { ...r, stage: null, item_count: null, themes: null };
    })
    .filter((r) => r.stage !== null || r.pinned === 1);
  // Every earlier month of these topics in one query, newest first, rather than two queries per topic.
  const earlier = new Map<number, { stage: string; themes: string }[]>();
  const history = db
    .prepare(
      `SELECT tm.topic_id, tm.stage, tm.themes FROM topic_months tm
       JOIN topics t ON t.id = tm.topic_id
       WHERE tm.month < ? AND t.merged_into IS NULL AND (t.pinned = 1 OR EXISTS
         (SELECT 1 FROM topic_months cur WHERE cur.topic_id = t.id AND cur.month = ?))
       ORDER BY tm.topic_id, tm.month DESC`,
    )
    .all(month, month) as { topic_id: number; stage: string; themes: string }[];
  for (const h of history) {
    const list = earlier.get(h.topic_id) ?? [];
    list.push(h);
    earlier.set(h.topic_id, list);
  }
  const result = rows.map((r): TopicOfMonth => {
    const past = earlier.get(r.id) ?? [];
    const before = previousStage(past);
    let stage: Stage = r.stage && isStage(r.stage) ? r.stage : 'unknown';
    let themes = parseJson<string[]>(r.themes, []);
    if (r.stage === null) {
      stage = before ?? 'unknown';
      themes = parseJson<string[]>(past[0]?.themes, []);
    }
    const moved = r.stage !== null && stage !== 'unknown' && before !== null && before !== stage;
    return {
      id: r.id,
      name: r.name,
      slug: r.slug,
      stage,
      themes,
      itemCount: r.item_count ?? 0,
      pinned: r.pinned === 1,
      movedFrom: moved ? before : null,
      isNew: before === null && r.stage !== null,
    };
  });
  return result.sort(
    (a, b) =>
      Number(b.pinned) - Number(a.pinned) || b.itemCount - a.itemCount || a.name.localeCompare(b.name),
  );
}

/**
 * What moved this month: topics whose stage differs from their previous known stage, and topics seen
 * for the first time (from null). Topics with no stage signal this month are left out: silence is not a move.
 */
export function topicMovements(db: Db, month: string, knownBy?: string): TopicMovementRow[] {
  const topics = topicsForMonth(db, month, knownBy).filter((t) => t.itemCount > 0 && t.stage !== 'unknown');
  const moved = topics
    .filter((t) => t.movedFrom !== null)
    .map((t) => ({ topic: t.name, from: t.movedFrom, to: t.stage, pinned: t.pinned }));
  const fresh = topics
    .filter((t) => t.isNew)
    .map((t) => ({ topic: t.name, from: null, to: t.stage, pinned: t.pinned }));
  const byName = (a: { topic: string; pinned: boolean }, b: { topic: string; pinned: boolean }) =>
    Number(b.pinned) - Number(a.pinned) || a.topic.localeCompare(b.topic);
  return [...moved.sort(byName), ...fresh.sort(byName)].map(({ topic, from, to }) => ({ topic, from, to }));
}

/** Every live topic with how many items it has and where it stood last. Pinned first, then by name. */
export function listTopics(db: Db): TopicListing[] {
  const rows = db
    .prepare(
      `SELECT t.*, COALESCE(links.n, 0) AS item_count,
         (SELECT month FROM topic_months tm WHERE tm.topic_id = t.id ORDER BY month DESC LIMIT 1) AS last_month,
         (SELECT stage FROM topic_months tm WHERE tm.topic_id = t.id ORDER BY month DESC LIMIT 1) AS last_stage
       FROM topics t
       -- One pass over the links (kept by month, then topic) rather than a search per topic.
       LEFT JOIN (SELECT topic_id, COUNT(*) AS n FROM item_topics GROUP BY topic_id) links ON links.topic_id = t.id
       WHERE t.merged_into IS NULL
       ORDER BY t.pinned DESC, t.name COLLATE NOCASE`,
    )
    .all() as (TopicRow & { item_count: number; last_month: string | null; last_stage: string | null })[];
  return rows.map((r) => ({
    ...toTopic(r),
    itemCount: r.item_count,
    lastMonth: r.last_month,
    lastStage: r.last_stage && isStage(r.last_stage) ? r.last_stage : null,
  }));
}

function addAliases(db: Db, topicId: number, slugs: string[]): void {
  const row = db.prepare('SELECT slug, aliases FROM topics WHERE id = ?').get(topicId) as {
    slug: string;
    aliases: string;
  };
  const aliases = new Set(parseJson<string[]>(row.aliases, []));
  for (const s of slugs) if (s && s !== row.slug) aliases.add(s);
  db.prepare('UPDATE topics SET aliases = ? WHERE id = ?').run(JSON.stringify([...aliases].sort()), topicId);
}

/**
 * Gives a topic a new name (and the slug that goes with it). The old slug stays as an alias, so items
 * that still mention the old name keep landing on this topic.
 */
export function renameTopic(db: Db, idOrSlug: number | string, name: string): Topic {
  const clean = name.replace(/\s+/g, ' ').trim();
  const slug = slugify(clean);
  if (!slug) throw new TopicError('A topic name needs at least one letter or digit. Choose another name.');
  return db.transaction(() => {
    const topic = requireTopic(db, idOrSlug);
    const other = resolveSlug(db, slug);
    if (other && other.id !== topic.id) {
      throw new TopicError(
        `"${clean}" is already the topic "${other.name}" (${other.slug}). To combine them, merge ${topic.slug} into ${other.slug}.`,
      );
    }
    db.prepare('UPDATE topics SET name = ?, slug = ? WHERE id = ?').run(clean, slug, topic.id);
    addAliases(db, topic.id, [topic.slug]);
    // The new slug may have been one of this topic's aliases; it is the slug now.
    const aliases = parseJson<string[]>(
      (db.prepare('SELECT aliases FROM topics WHERE id = ?').get(topic.id) as { aliases: string }).aliases,
      [],
    ).filter((a) => a !== slug);
    db.prepare('UPDATE topics SET aliases = ? WHERE id = ?').run(JSON.stringify(aliases), topic.id);
    return findTopic(db, topic.id)!;
  })();
}

/**
 * Folds one topic into another: its items, slug and aliases move to the target, the months it
 * touched are recomputed, and it disappears from lists. Pinning carries over.
 */
export function mergeTopics(db: Db, fromSlug: string, intoSlug: string): Topic {
  return db.transaction(() => {
    const from = requireTopic(db, fromSlug);
    const into = requireTopic(db, intoSlug);
    if (from.id === into.id) {
      throw new TopicError(
        `"${fromSlug}" and "${intoSlug}" are already the same topic (${into.slug}); nothing to merge.`,
      );
    }
    const months = (
      db
        .prepare(`SELECT DISTINCT month FROM item_topics WHERE topic_id IN (?, ?) AND month IS NOT NULL`)
        .all(from.id, into.id) as { month: string }[]
    ).map((r) => r.month);
    db.prepare(
      'INSERT OR IGNORE INTO item_topics (item_id, topic_id, month) SELECT item_id, ?, month FROM item_topics WHERE topic_id = ?',
    ).run(into.id, from.id);
    db.prepare('DELETE FROM item_topics WHERE topic_id = ?').run(from.id);
    db.prepare('DELETE FROM topic_months WHERE topic_id = ?').run(from.id);
    db.prepare('UPDATE topics SET merged_into = ?, pinned = 0 WHERE id = ?').run(into.id, from.id);
    // Topics merged earlier into `from` now point straight at the target.
    db.prepare('UPDATE topics SET merged_into = ? WHERE merged_into = ?').run(into.id, from.id);
    addAliases(db, into.id, [from.slug, ...from.aliases]);
    if (from.pinned) db.prepare('UPDATE topics SET pinned = 1 WHERE id = ?').run(into.id);
    for (const month of months) refreshMonth(db, month, [into.id]);
    return findTopic(db, into.id)!;
  })();
}

/** Pins a topic so it shows every month, even with no new items; or unpins it. */
export function pinTopic(db: Db, slug: string, pinned: boolean): Topic {
  const topic = requireTopic(db, slug);
  db.prepare('UPDATE topics SET pinned = ? WHERE id = ?').run(pinned ? 1 : 0, topic.id);
  return { ...topic, pinned };
}
