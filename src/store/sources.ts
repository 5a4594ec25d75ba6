import type { FeedItem, GovukFacts, Tagging } from '../domain.js';
import type { Grant } from '../sources/grants.js';
import type { Statement } from 'better-sqlite3';
import { type Db, parseJson } from './db.js';
import { getItem } from './items.js';
import { packBody, unpackBody } from './item-body.js';
import { refreshItemTopics } from './topics.js';

/** A GOV.UK page as last looked up in the Content API. */
export interface GovukPage {
  path: string;
  status: 'ok' | 'missing';
  facts: GovukFacts | null;
  publicUpdatedAt: string | null;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: string;
}

interface PageRow {
  path: string;
  status: 'ok' | 'missing';
  facts: string | null;
  public_updated_at: string | null;
  etag: string | null;
  last_modified: string | null;
  fetched_at: string;
}

// Prepared once per connection: every scanned feed with GOV.UK links asks, and most feeds are unchanged.
const pageStatements = new WeakMap<Db, Statement<[string], PageRow>>();

/** The pages already looked up, among these paths. */
export function govukPages(db: Db, paths: readonly string[]): Map<string, GovukPage> {
  const out = new Map<string, GovukPage>();
  if (paths.length === 0) return out;
  let get = pageStatements.get(db);
  if (!get) pageStatements.set(db, (get = db.prepare('SELECT * FROM govuk_pages WHERE path = ?')));
  for (const path of paths) {
    const r = get.get(path);
    if (!r) continue;
    out.set(path, {
      path: r.path,
      status: r.status,
      facts: parseJson<GovukFacts | null>(r.facts, null),
      publicUpdatedAt: r.public_updated_at,
      etag: r.etag,
      lastModified: r.last_modified,
      fetchedAt: r.fetched_at,
    });
  }
  return out;
}

export function saveGovukPage(db: Db, page: GovukPage): void {
  db.prepare(
    `INSERT INTO govuk_pages (path, status, facts, public_updated_at, etag, last_modified, fetched_at)
     VALUES (@path, @status, @facts, @publicUpdatedAt, @etag, @lastModified, @fetchedAt)
     ON CONFLICT (path) DO UPDATE SET status = excluded.status, facts = excluded.facts,
       public_updated_at = excluded.public_updated_at, etag = COALESCE(excluded.etag, etag),
       last_modified = COALESCE(excluded.last_modified, last_modified), fetched_at = excluded.fetched_at`,
  ).run({ ...page, facts: page.facts ? JSON.stringify(page.facts) : null });
}

/** Marks a page as checked now without changing what is known (the API answered 304 Not Modified). */
export function touchGovukPage(db: Db, path: string, now: string): void {
  db.prepare('UPDATE govuk_pages SET fetched_at = ? WHERE path = ?').run(now, path);
}

/** Items whose source facts have changed meaning by the clock (a consultation opened or closed). */
export function itemsDueRetag(db: Db, now: string): { item: FeedItem; feedThemes: string[] }[] {
  const rows = db
    .prepare(
      `SELECT i.id, f.themes FROM items i JOIN feeds f ON f.id = i.feed_id
       WHERE i.retag_at IS NOT NULL AND i.retag_at <= ? ORDER BY i.id`,
    )
    .all(now) as { id: number; themes: string }[];
  return rows
    .map((r) => ({ item: getItem(db, r.id), feedThemes: parseJson<string[]>(r.themes, []) }))
    .filter((x): x is { item: FeedItem; feedThemes: string[] } => x.item !== null);
}

/** Stores a new tagging for an item, and when it is next due to change by the clock. */
export function saveRetag(
  db: Db,
  itemId: number,
  t: Tagging,
  retagAt: string | null,
  now: string,
  rankScore: number,
): void {
  const stored = db.prepare('SELECT body FROM items WHERE id = ?').get(itemId) as
    { body: Buffer } | undefined;
  if (!stored) return;
  db.prepare(
    `UPDATE items SET stage = @stage, confidence = @confidence, themes = @themes, body = @body,
       deadline_date = @deadlineDate, deadline_text = @deadlineText, deadline_kind = @deadlineKind,
       retag_at = @retagAt, rank_score = @rankScore
     WHERE id = @id`,
  ).run({
    id: itemId,
    stage: t.stage,
    confidence: t.confidence,
    themes: JSON.stringify(t.themes),
    // The reasons live in the item's body, beside the title and summary they quote.
    body: packBody({ ...unpackBody(stored.body), reasons: t.reasons }),
    deadlineDate: t.deadline?.date ?? null,
    deadlineText: t.deadline?.text ?? null,
    deadlineKind: t.deadline?.kind ?? null,
    retagAt,
    rankScore,
  });
  // The item's stage may have moved, and with it its topics' stage that month.
  refreshItemTopics(db, [itemId]);
}

/** Replaces the grants kept from the 360Giving file with a fresh reading of it. */
export function replaceGrants(db: Db, grants: readonly Grant[]): void {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO grants (id, funder, amount, award_date, places, themes) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    db.prepare('DELETE FROM grants').run();
    for (const g of grants)
      insert.run(g.id, g.funder, g.amount, g.awardDate, JSON.stringify(g.places), JSON.stringify(g.themes));
  })();
}

/** Grants awarded on or after a date (YYYY-MM-DD). */
export function grantsSince(db: Db, fromDate: string): Grant[] {
  return (
    db.prepare('SELECT * FROM grants WHERE award_date >= ? ORDER BY award_date, id').all(fromDate) as {
      id: string;
      funder: string;
      amount: number;
      award_date: string;
      places: string;
      themes: string;
    }[]
  ).map((r) => ({
    id: r.id,
    funder: r.funder,
    amount: r.amount,
    awardDate: r.award_date,
    places: parseJson<string[]>(r.places, []),
    themes: parseJson<string[]>(r.themes, []),
  }));
}
