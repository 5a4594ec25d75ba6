import type { Agenda, Platform } from '../domain.js';
import type { PostedRef } from '../chat/types.js';
import { type Db, parseJson } from './db.js';

export interface AgendaRecord {
  id: number;
  month: string;
  status: 'draft' | 'posting' | 'posted';
  agenda: Agenda | null;
  frozenAt: string | null;
  postedAt: string | null;
}

interface AgendaRow {
  id: number;
  month: string;
  status: AgendaRecord['status'];
  data: string | null;
  frozen_at: string | null;
  posted_at: string | null;
}

function toRecord(r: AgendaRow): AgendaRecord {
  return {
    id: r.id,
    month: r.month,
    status: r.status,
    agenda: parseJson<Agenda | null>(r.data, null),
    frozenAt: r.frozen_at,
    postedAt: r.posted_at,
  };
}

export function getAgendaRecord(db: Db, month: string): AgendaRecord | null {
  const row = db.prepare('SELECT * FROM agendas WHERE month = ?').get(month) as AgendaRow | undefined;
  return row ? toRecord(row) : null;
}

/**
 * Freezes the agenda for a month the first time it is posted. Later runs (a retry, a restart, a second
 * channel added late) post the same agenda, so every channel sees the same items and nothing is doubled.
 */
export function freezeAgenda(db: Db, agenda: Agenda, now: string): AgendaRecord {
  // IMMEDIATE: two posters freezing at once queue for the write lock instead of both reading "not frozen".
  return db
    .transaction(() => {
      const existing = getAgendaRecord(db, agenda.month);
      if (existing?.agenda) return existing;
      db.prepare(
        `INSERT INTO agendas (month, status, data, created_at, frozen_at) VALUES (?, 'posting', ?, ?, ?)
       ON CONFLICT (month) DO UPDATE SET status = 'posting', data = excluded.data, frozen_at = excluded.frozen_at`,
      ).run(agenda.month, JSON.stringify(agenda), now, now);
      return getAgendaRecord(db, agenda.month)!;
    })
    .immediate();
}

export function markAgendaPosted(db: Db, id: number, now: string): void {
  db.prepare("UPDATE agendas SET status = 'posted', posted_at = COALESCE(posted_at, ?) WHERE id = ?").run(
    now,
    id,
  );
}

export function overrides(db: Db, month: string): { drop: Set<number>; add: Set<number> } {
  const rows = db.prepare('SELECT item_id, action FROM agenda_overrides WHERE month = ?').all(month) as {
    item_id: number;
    action: 'drop' | 'add';
  }[];
  return {
    drop: new Set(rows.filter((r) => r.action === 'drop').map((r) => r.item_id)),
    add: new Set(rows.filter((r) => r.action === 'add').map((r) => r.item_id)),
  };
}

export function setOverride(
  db: Db,
  month: string,
  itemId: number,
  action: 'drop' | 'add',
  userId: string,
  now: string,
): void {
  db.prepare(
    `INSERT INTO agenda_overrides (month, item_id, action, user_id, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (month, item_id) DO UPDATE SET action = excluded.action, user_id = excluded.user_id,
       created_at = excluded.created_at`,
  ).run(month, itemId, action, userId, now);
}

// The posts ledger: one row per part per channel.

export interface PostRow {
  part: string;
  status: 'pending' | 'posted' | 'failed';
  messageRef: string | null;
  threadRef: string | null;
  attempts: number;
  error: string | null;
}

export interface PostKey {
  agendaId: number;
  platform: Platform;
  channelId: string;
  part: string;
}

interface PostDbRow {
  part: string;
  status: PostRow['status'];
  message_ref: string | null;
  thread_ref: string | null;
  attempts: number;
  error: string | null;
}

const POST_COLUMNS = 'part, status, message_ref, thread_ref, attempts, error';

function toPostRow(r: PostDbRow): PostRow {
  return {
    part: r.part,
    status: r.status,
    messageRef: r.message_ref,
    threadRef: r.thread_ref,
    attempts: r.attempts,
    error: r.error,
  };
}

export function getPost(db: Db, k: PostKey): PostRow | null {
  const row = db
    .prepare(
      `SELECT ${POST_COLUMNS} FROM posts WHERE agenda_id = ? AND platform = ? AND channel_id = ? AND part = ?`,
    )
    .get(k.agendaId, k.platform, k.channelId, k.part) as PostDbRow | undefined;
  return row ? toPostRow(row) : null;
}

/**
 * Claims a part for sending, recorded before the message is sent: a crash after this point leaves a
 * 'pending' row, whose outcome is unknown, for the next poster to resolve. A row already posted is never
 * claimed (false), so nothing is sent twice and nothing recorded is overwritten.
 */
export function claimPost(db: Db, k: PostKey, owner: string, now: string): boolean {
  return (
    db
      .prepare(
        `INSERT INTO posts (agenda_id, platform, channel_id, part, status, attempts, claimed_by, updated_at)
         VALUES (?, ?, ?, ?, 'pending', 1, ?, ?)
         ON CONFLICT (agenda_id, platform, channel_id, part) DO UPDATE SET status = 'pending',
           attempts = attempts + 1, claimed_by = excluded.claimed_by, error = NULL, updated_at = excluded.updated_at
         WHERE posts.status != 'posted'`,
      )
      .run(k.agendaId, k.platform, k.channelId, k.part, owner, now).changes > 0
  );
}

const KEY_MATCH = 'agenda_id = ? AND platform = ? AND channel_id = ? AND part = ?';

/** Records where a part went. A row already posted keeps its first reference. */
export function markPostDone(db: Db, k: PostKey, ref: PostedRef, now: string): void {
  db.prepare(
    `INSERT INTO posts (agenda_id, platform, channel_id, part, status, message_ref, thread_ref, attempts, updated_at)
     VALUES (?, ?, ?, ?, 'posted', ?, ?, 1, ?)
     ON CONFLICT (agenda_id, platform, channel_id, part) DO UPDATE SET status = 'posted',
       message_ref = excluded.message_ref, thread_ref = excluded.thread_ref, error = NULL,
       updated_at = excluded.updated_at
     WHERE posts.status != 'posted'`,
  ).run(k.agendaId, k.platform, k.channelId, k.part, ref.messageRef, ref.threadRef, now);
}

/** The platform refused the part: it was not delivered, so a later run may send it again. */
export function markPostFailed(db: Db, k: PostKey, error: string, now: string): void {
  db.prepare(
    `UPDATE posts SET status = 'failed', error = ?, updated_at = ? WHERE ${KEY_MATCH} AND status != 'posted'`,
  ).run(error, now, k.agendaId, k.platform, k.channelId, k.part);
}

/**
 * The part may or may not have arrived (the answer was lost): it stays 'pending', with a note, so no
 * later run sends it blindly.
 */
export function markPostUnknown(db: Db, k: PostKey, error: string, now: string): void {
  db.prepare(
    `UPDATE posts SET status = 'pending', error = ?, updated_at = ? WHERE ${KEY_MATCH} AND status != 'posted'`,
  ).run(error, now, k.agendaId, k.platform, k.channelId, k.part);
}

/** An admin checked the channel and the part is missing: the next run sends it. */
export function releaseUnknownPosts(
  db: Db,
  agendaId: number,
  platform: Platform,
  channelId: string,
  parts: string[] | 'all',
  now: string,
): number {
  const all = parts === 'all';
  const list = all ? [] : parts;
  return db
    .prepare(
      `UPDATE posts SET status = 'failed', error = 'released by an admin to be sent again', updated_at = ?
       WHERE agenda_id = ? AND platform = ? AND channel_id = ? AND status = 'pending'
         AND (? OR part IN (SELECT value FROM json_each(?)))`,
    )
    .run(now, agendaId, platform, channelId, all ? 1 : 0, JSON.stringify(list)).changes;
}

/** Parts whose outcome is unknown in a channel, for telling admins what may be missing. */
export function unknownPosts(db: Db, agendaId: number, platform: Platform, channelId: string): string[] {
  return (
    db
      .prepare(
        "SELECT part FROM posts WHERE agenda_id = ? AND platform = ? AND channel_id = ? AND status = 'pending' ORDER BY id",
      )
      .all(agendaId, platform, channelId) as { part: string }[]
  ).map((r) => r.part);
}

/** Where last month's header went in a channel, for the "last month" link. */
export function previousHeader(
  db: Db,
  month: string,
  platform: Platform,
  channelId: string,
): PostedRef | null {
  const row = db
    .prepare(
      `SELECT p.message_ref, p.thread_ref FROM posts p JOIN agendas a ON a.id = p.agenda_id
       WHERE a.month < ? AND p.platform = ? AND p.channel_id = ? AND p.part = 'header' AND p.status = 'posted'
       ORDER BY a.month DESC LIMIT 1`,
    )
    .get(month, platform, channelId) as { message_ref: string; thread_ref: string } | undefined;
  return row ? { messageRef: row.message_ref, threadRef: row.thread_ref } : null;
}
