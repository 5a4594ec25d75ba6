import type { Feed, FeedKind, NewFeed, ThemeSlug } from '../domain.js';
import { type Db, parseJson } from './db.js';

interface FeedRow {
  id: number;
  url: string;
  title: string;
  kind: FeedKind;
  themes: string;
  added_by: string;
  added_at: string;
  etag: string | null;
  last_modified: string | null;
  status: Feed['health']['status'];
  last_fetched_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  consecutive_failures: number;
  next_fetch_at: string | null;
  failing_since: string | null;
  poll_not_before: string | null;
  poll_wait_reason: string | null;
}

function toFeed(r: FeedRow): Feed {
  return {
    id: r.id,
    url: r.url,
    title: r.title || r.url,
    kind: r.kind,
    themes: parseJson<ThemeSlug[]>(r.themes, []),
    addedBy: r.added_by,
    addedAt: r.added_at,
    etag: r.etag,
    lastModified: r.last_modified,
    health: {
      status: r.status,
      lastFetchedAt: r.last_fetched_at,
      lastSuccessAt: r.last_success_at,
      lastError: r.last_error,
      consecutiveFailures: r.consecutive_failures,
      nextFetchAt: r.next_fetch_at,
      failingSince: r.failing_since,
      notBefore: r.poll_not_before,
      waitReason: r.poll_wait_reason,
    },
  };
}

export function listFeeds(db: Db): Feed[] {
  return (db.prepare('SELECT * FROM feeds WHERE active = 1 ORDER BY id').all() as FeedRow[]).map(toFeed);
}

export function getFeed(db: Db, id: number): Feed | null {
  const row = db.prepare('SELECT * FROM feeds WHERE id = ? AND active = 1').get(id) as FeedRow | undefined;
  return row ? toFeed(row) : null;
}

export function findFeedByUrl(db: Db, url: string): Feed | null {
  const row = db.prepare('SELECT * FROM feeds WHERE url = ? AND active = 1').get(url) as FeedRow | undefined;
  return row ? toFeed(row) : null;
}

/** Adds a feed, or brings back one that was removed (its items and history are kept). */
export function addFeed(db: Db, feed: NewFeed, now: string): Feed {
  db.prepare(
    `INSERT INTO feeds (url, title, kind, themes, added_by, added_at)
     VALUES (@url, @title, @kind, @themes, @addedBy, @now)
     ON CONFLICT (url) DO UPDATE SET active = 1, title = excluded.title, kind = excluded.kind,
       themes = excluded.themes, added_by = excluded.added_by, added_at = excluded.added_at`,
  ).run({
    url: feed.url,
    title: feed.title ?? '',
    kind: feed.kind ?? 'news',
    themes: JSON.stringify(feed.themes ?? []),
    addedBy: feed.addedBy,
    now,
  });
  return findFeedByUrl(db, feed.url)!;
}

/** Removes a feed from polling and from the list. Its stored items stay, so past agendas still read right. */
export function removeFeed(db: Db, id: number): boolean {
  return db.prepare('UPDATE feeds SET active = 0 WHERE id = ? AND active = 1').run(id).changes > 0;
}

/** Feeds whose next fetch is due (never fetched, or next_fetch_at has passed). */
export function dueFeeds(db: Db, now: string): Feed[] {
  return (
    db
      .prepare(
        'SELECT * FROM feeds WHERE active = 1 AND (next_fetch_at IS NULL OR next_fetch_at <= ?) ORDER BY id',
      )
      .all(now) as FeedRow[]
  ).map(toFeed);
}

/** A site's request to be left alone until an instant, with the reason in words; null clears it. */
export interface PollWait {
  notBefore: string;
  reason: string;
}

export function recordFetchSuccess(
  db: Db,
  id: number,
  r: {
    now: string;
    nextFetchAt: string;
    etag: string | null;
    lastModified: string | null;
    title?: string;
    wait?: PollWait | null;
  },
): void {
  db.prepare(
    `UPDATE feeds SET status = 'ok', last_fetched_at = @now, last_success_at = @now, last_error = NULL,
       consecutive_failures = 0, next_fetch_at = @nextFetchAt, failing_since = NULL, alerted_at = NULL,
       etag = COALESCE(@etag, etag), last_modified = COALESCE(@lastModified, last_modified),
       title = CASE WHEN title = '' AND @title IS NOT NULL THEN @title ELSE title END,
       poll_not_before = @notBefore, poll_wait_reason = @waitReason
     WHERE id = @id`,
  ).run({
    id,
    now: r.now,
    nextFetchAt: r.nextFetchAt,
    etag: r.etag,
    lastModified: r.lastModified,
    title: r.title ?? null,
    notBefore: r.wait?.notBefore ?? null,
    waitReason: r.wait?.reason ?? null,
  });
}

export function recordFetchFailure(
  db: Db,
  id: number,
  r: { now: string; nextFetchAt: string; error: string; wait?: PollWait | null },
): void {
  db.prepare(
    `UPDATE feeds SET status = 'failing', last_fetched_at = @now, last_error = @error,
       consecutive_failures = consecutive_failures + 1, next_fetch_at = @nextFetchAt,
       failing_since = COALESCE(failing_since, @now),
       poll_not_before = @notBefore, poll_wait_reason = @waitReason
     WHERE id = @id`,
  ).run({
    id,
    now: r.now,
    nextFetchAt: r.nextFetchAt,
    error: r.error,
    notBefore: r.wait?.notBefore ?? null,
    waitReason: r.wait?.reason ?? null,
  });
}

/**
 * The site asked to be left alone for a while (HTTP 429 with Retry-After): not a failure of the feed, whose
 * health stays as it was; it is simply not asked again before `wait.notBefore`.
 */
export function recordFetchWait(db: Db, id: number, r: { now: string; wait: PollWait }): void {
  db.prepare(
    `UPDATE feeds SET last_fetched_at = @now, next_fetch_at = @notBefore, poll_not_before = @notBefore,
       poll_wait_reason = @reason
     WHERE id = @id`,
  ).run({ id, now: r.now, notBefore: r.wait.notBefore, reason: r.wait.reason });
}

/** Failing feeds that have failed for longer than `since` and whose admins have not yet been told. */
export function feedsToAlert(db: Db, failingBefore: string): Feed[] {
  return (
    db
      .prepare(
        `SELECT * FROM feeds WHERE active = 1 AND status = 'failing' AND failing_since <= ? AND alerted_at IS NULL ORDER BY id`,
      )
      .all(failingBefore) as FeedRow[]
  ).map(toFeed);
}

export function markFeedAlerted(db: Db, id: number, now: string): void {
  db.prepare('UPDATE feeds SET alerted_at = ? WHERE id = ?').run(now, id);
}

/**
 * Points a feed at a new address (a web page that turned out to advertise its feed, say). Validators are
 * cleared because they belonged to the old address. Returns false when another feed already has that address.
 */
export function updateFeedUrl(
  db: Db,
  id: number,
  url: string,
  opts: { keepValidators?: boolean } = {},
): boolean {
  const taken = db.prepare('SELECT id FROM feeds WHERE url = ? AND id != ?').get(url, id);
  if (taken) return false;
  // A feed that moved but answered 304 at its new address keeps the ETag that address just honoured.
  const sql = opts.keepValidators
    ? 'UPDATE feeds SET url = ? WHERE id = ?'
    : 'UPDATE feeds SET url = ?, etag = NULL, last_modified = NULL WHERE id = ?';
  return db.prepare(sql).run(url, id).changes > 0;
}
