import type { Db } from './db.js';

/** A stored answer from the language model: the validated JSON, or why it was rejected. */
export interface StoredLlmAnswer {
  status: 'ok' | 'invalid';
  /** The validated answer as JSON when `ok`; the rejection reason when `invalid`. */
  answer: string;
}

export function getLlmAnswer(db: Db, key: string): StoredLlmAnswer | null {
  const row = db.prepare('SELECT status, answer FROM llm_answers WHERE key = ?').get(key) as
    StoredLlmAnswer | undefined;
  return row ?? null;
}

export function putLlmAnswer(
  db: Db,
  key: string,
  entry: StoredLlmAnswer & { model: string; createdAt: string },
): void {
  db.prepare(
    `INSERT INTO llm_answers (key, model, status, answer, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET model = excluded.model, status = excluded.status,
       answer = excluded.answer, created_at = excluded.created_at`,
  ).run(key, entry.model, entry.status, entry.answer, entry.createdAt);
}

export function countLlmAnswers(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM llm_answers').get() as { n: number }).n;
}
