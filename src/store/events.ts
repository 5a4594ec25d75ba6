import type { Platform } from '../domain.js';
import type { Db } from './db.js';

/** True the first time an event id is seen; platforms that retry deliveries get each event handled once. */
export function firstTimeSeen(db: Db, platform: Platform, eventId: string, now: string): boolean {
  return (
    db
      .prepare(
        'INSERT INTO processed_events (platform, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(platform, eventId, now).changes > 0
  );
}

/** Forgets events older than `before`; retries never come that late. */
export function pruneEvents(db: Db, before: string): number {
  return db.prepare('DELETE FROM processed_events WHERE received_at < ?').run(before).changes;
}
