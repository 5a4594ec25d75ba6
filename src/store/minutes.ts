import type { Minutes } from '../domain.js';
import { type Db, parseJson } from './db.js';

export interface MinutesRecord {
  month: string;
  minutes: Minutes;
  frozenAt: string;
  postedAt: string | null;
}

interface MinutesRow {
  month: string;
  data: string;
  frozen_at: string;
  posted_at: string | null;
}

export function getMinutesRecord(db: Db, month: string): MinutesRecord | null {
  const row = db.prepare('SELECT * FROM minutes WHERE month = ?').get(month) as MinutesRow | undefined;
  if (!row) return null;
  const minutes = parseJson<Minutes | null>(row.data, null);
  return minutes ? { month: row.month, minutes, frozenAt: row.frozen_at, postedAt: row.posted_at } : null;
}

/**
 * Keeps the minutes as first posted, so every channel, and a resumed or repeated post, sends the same
 * text. The first caller's minutes win; later callers get those.
 */
export function freezeMinutes(db: Db, minutes: Minutes, now: string): MinutesRecord {
  db.prepare(
    'INSERT INTO minutes (month, data, frozen_at) VALUES (?, ?, ?) ON CONFLICT (month) DO NOTHING',
  ).run(minutes.month, JSON.stringify(minutes), now);
  return getMinutesRecord(db, minutes.month)!;
}

export function markMinutesPosted(db: Db, month: string, now: string): void {
  db.prepare('UPDATE minutes SET posted_at = COALESCE(posted_at, ?) WHERE month = ?').run(now, month);
}
