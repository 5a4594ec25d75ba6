import type { Db } from './db.js';

/**
 * Leases in the database, so that several Horizon processes on one database (a CLI post during
 * `horizon start`, two `horizon start` by mistake) never do the same work at once. Times are the real
 * clock in milliseconds, never a test's moved clock: leases coordinate processes that really run.
 */

export interface LeaseHolder {
  owner: string;
  expiresAt: number;
}

/** Takes the lease when it is free, expired or already ours; true when `owner` now holds it. */
export function acquireLease(db: Db, name: string, owner: string, ttlMs: number, now = Date.now()): boolean {
  const changes = db
    .prepare(
      `INSERT INTO leases (name, owner, expires_at, acquired_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at,
         acquired_at = CASE WHEN leases.owner = excluded.owner THEN leases.acquired_at ELSE excluded.acquired_at END
       WHERE leases.owner = excluded.owner OR leases.expires_at < ?`,
    )
    .run(name, owner, now + ttlMs, new Date(now).toISOString(), now).changes;
  return changes > 0;
}

/** Extends a lease we hold; false when it has been lost (it expired and another process took it). */
export function renewLease(db: Db, name: string, owner: string, ttlMs: number, now = Date.now()): boolean {
  return (
    db.prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND owner = ?').run(now + ttlMs, name, owner)
      .changes > 0
  );
}

export function releaseLease(db: Db, name: string, owner: string): void {
  db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?').run(name, owner);
}

export function leaseHolder(db: Db, name: string): LeaseHolder | null {
  const row = db.prepare('SELECT owner, expires_at FROM leases WHERE name = ?').get(name) as
    { owner: string; expires_at: number } | undefined;
  return row ? { owner: row.owner, expiresAt: row.expires_at } : null;
}
