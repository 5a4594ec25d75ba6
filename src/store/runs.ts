import { type Db, parseJson } from './db.js';

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
): { startedAt: string; finishedAt: string | null; status: RunStatus; error: string | null } | null {
  const row = db
    .prepare(
      'SELECT started_at, finished_at, status, detail FROM runs WHERE kind = ? ORDER BY id DESC LIMIT 1',
    )
    .get(kind) as
    { started_at: string; finished_at: string | null; status: RunStatus; detail: string | null } | undefined;
  if (!row) return null;
  // A run's detail names its problem: the run's own error, or the first failing channel's.
  const detail = parseJson<{ error?: string; channels?: { status?: string; error?: string }[] } | null>(
    row.detail,
    null,
  );
  const error = detail?.error ?? detail?.channels?.find((c) => c.status !== 'ok' && c.error)?.error ?? null;
  return { startedAt: row.started_at, finishedAt: row.finished_at, status: row.status, error };
}
