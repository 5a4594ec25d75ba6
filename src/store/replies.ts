import type { Platform } from '../domain.js';
import type { Db } from './db.js';

/** A message someone wrote in an agenda item's thread. */
export interface ThreadReply {
  id: number;
  month: string;
  itemId: number;
  platform: Platform;
  channelId: string;
  threadRef: string;
  messageRef: string;
  authorId: string;
  /** When it was written (ISO, UTC). */
  postedAt: string;
  /** Null once the retention period has passed (or never kept); the reply still counts. */
  text: string | null;
  editedAt: string | null;
}

export type NewReply = Omit<ThreadReply, 'id' | 'editedAt'>;

/** How much an item was discussed in a month. */
export interface ReplyStats {
  itemId: number;
  replies: number;
  /** Who wrote, in the order they first did. */
  participants: string[];
}

/** Where a platform message lives: it identifies a reply across deliveries, edits and deletions. */
export interface MessageKey {
  platform: Platform;
  channelId: string;
  messageRef: string;
}

interface ReplyRow {
  id: number;
  month: string;
  item_id: number;
  platform: string;
  channel_id: string;
  thread_ref: string;
  message_ref: string;
  author_id: string;
  posted_at: string;
  text: string | null;
  edited_at: string | null;
}

function toReply(r: ReplyRow): ThreadReply {
  return {
    id: r.id,
    month: r.month,
    itemId: r.item_id,
    platform: r.platform,
    channelId: r.channel_id,
    threadRef: r.thread_ref,
    messageRef: r.message_ref,
    authorId: r.author_id,
    postedAt: r.posted_at,
    text: r.text,
    editedAt: r.edited_at,
  };
}

/**
 * Records a reply the first time its message is seen; true then, false for any later delivery of the
 * same message (a retry, a duplicate, catch-up finding one already heard), which changes nothing.
 */
export function recordReply(db: Db, r: NewReply, now: string): boolean {
  return (
    db
      .prepare(
        `INSERT INTO replies (month, item_id, platform, channel_id, thread_ref, message_ref, author_id,
           posted_at, text, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id, message_ref) DO NOTHING`,
      )
      .run(
        r.month,
        r.itemId,
        r.platform,
        r.channelId,
        r.threadRef,
        r.messageRef,
        r.authorId,
        r.postedAt,
        r.text,
        now,
      ).changes > 0
  );
}

export function getReply(db: Db, k: MessageKey): ThreadReply | null {
  const row = db
    .prepare('SELECT * FROM replies WHERE platform = ? AND channel_id = ? AND message_ref = ?')
    .get(k.platform, k.channelId, k.messageRef) as ReplyRow | undefined;
  return row ? toReply(row) : null;
}

/**
 * Mirrors an edit. An edit older than one already applied (deliveries can cross) changes nothing.
 * False when the reply is not recorded (the caller may record it as new).
 */
export function editReply(db: Db, k: MessageKey, text: string | null, editedAt: string): boolean {
  const row = getReply(db, k);
  if (!row) return false;
  db.prepare(
    `UPDATE replies SET text = ?, edited_at = ?
     WHERE platform = ? AND channel_id = ? AND message_ref = ? AND (edited_at IS NULL OR edited_at <= ?)`,
  ).run(text, editedAt, k.platform, k.channelId, k.messageRef, editedAt);
  return true;
}

/** Mirrors a deletion in the chat: the reply is gone here too. True when there was one. */
export function deleteReply(db: Db, k: MessageKey): boolean {
  return (
    db
      .prepare('DELETE FROM replies WHERE platform = ? AND channel_id = ? AND message_ref = ?')
      .run(k.platform, k.channelId, k.messageRef).changes > 0
  );
}

/** A month's replies, oldest first. */
export function repliesForMonth(db: Db, month: string): ThreadReply[] {
  return (
    db.prepare('SELECT * FROM replies WHERE month = ? ORDER BY posted_at, id').all(month) as ReplyRow[]
  ).map(toReply);
}

/** Per item of a month: how many replies and who took part (items nobody discussed are absent). */
export function replyStatsForMonth(db: Db, month: string): ReplyStats[] {
  const stats = new Map<number, ReplyStats>();
  const rows = db
    .prepare('SELECT item_id, author_id FROM replies WHERE month = ? ORDER BY posted_at, id')
    .all(month) as { item_id: number; author_id: string }[];
  for (const r of rows) {
    let s = stats.get(r.item_id);
    if (!s) stats.set(r.item_id, (s = { itemId: r.item_id, replies: 0, participants: [] }));
    s.replies++;
    if (!s.participants.includes(r.author_id)) s.participants.push(r.author_id);
  }
  return [...stats.values()];
}

/** Forgets the text of replies written before `before` (ISO), keeping the rows that count them. */
export function purgeReplyText(db: Db, before: string): number {
  return db.prepare('UPDATE replies SET text = NULL WHERE text IS NOT NULL AND posted_at < ?').run(before)
    .changes;
}

/** Deletes every reply recorded for a month (an admin's request); returns how many. */
export function deleteMonthReplies(db: Db, month: string): number {
  return db.prepare('DELETE FROM replies WHERE month = ?').run(month).changes;
}

/** An agenda item's thread in one channel, as the posts ledger recorded it. */
export interface ItemThread {
  month: string;
  itemId: number;
  platform: Platform;
  channelId: string;
  threadRef: string;
  /** When the item's message was recorded as posted (ISO). */
  postedAt: string;
}

interface ThreadRow {
  month: string;
  part: string;
  platform: string;
  channel_id: string;
  thread_ref: string;
  updated_at: string;
}

// Item messages are the ledger's 'item:ID' parts; their thread is where the discussion happens.
const ITEM_THREADS = `SELECT a.month, p.part, p.platform, p.channel_id, p.thread_ref, p.updated_at
  FROM posts p JOIN agendas a ON a.id = p.agenda_id
  WHERE p.status = 'posted' AND p.part LIKE 'item:%' AND p.thread_ref IS NOT NULL`;

function toThread(r: ThreadRow): ItemThread | null {
  const itemId = Number(r.part.slice('item:'.length));
  if (!Number.isSafeInteger(itemId) || itemId <= 0) return null;
  return {
    month: r.month,
    itemId,
    platform: r.platform,
    channelId: r.channel_id,
    threadRef: r.thread_ref,
    postedAt: r.updated_at,
  };
}

/** The agenda item whose thread this is, or null when it is no item's thread. */
export function itemThread(
  db: Db,
  platform: Platform,
  channelId: string,
  threadRef: string,
): ItemThread | null {
  const row = db
    .prepare(
      `${ITEM_THREADS} AND p.platform = ? AND p.channel_id = ? AND p.thread_ref = ? ORDER BY a.month DESC LIMIT 1`,
    )
    .get(platform, channelId, threadRef) as ThreadRow | undefined;
  return row ? toThread(row) : null;
}

/** Every item thread posted for a month on a platform (catch-up reads these). */
export function itemThreadsForMonth(db: Db, month: string, platform: Platform): ItemThread[] {
  return (
    db
      .prepare(`${ITEM_THREADS} AND a.month = ? AND p.platform = ? ORDER BY p.channel_id, p.id`)
      .all(month, platform) as ThreadRow[]
  ).flatMap((r) => toThread(r) ?? []);
}
