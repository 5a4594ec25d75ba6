import type { Db } from './db.js';

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed';

export function startRun(db: Db, kind: string, now: string): number {
  return Number(
    db.prepare('INSERT INTO runs (kind, started_at) VALUES (?, ?)').run(kind, now).lastInsertRowid,
  );
}

export function finishRun(db: Db, id: number, status: RunStatus, detail: unknown, now: string): void {
  db.prepare('UPDATE runs SET finished_at = ?, status = ?, detail = ? WHERE id = ?').run(
    now,
    status,
    JSON.stringify(detail),
    id,
  );
}

export function lastRun(
  db: Db,
  kind: string,
): { startedAt: string; finishedAt: string | null; status: RunStatus } | null {
  const row = db
    .prepare('SELECT started_at, finished_at, status FROM runs WHERE kind = ? ORDER BY id DESC LIMIT 1')
    .get(kind) as { started_at: string; finished_at: string | null; status: RunStatus } | undefined;
  return row ? { startedAt: row.started_at, finishedAt: row.finished_at, status: row.status } : null;
}
