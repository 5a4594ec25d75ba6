import { type Db, parseJson } from './db.js';

export function getSetting<T>(db: Db, key: string, fallback: T): T {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row ? parseJson<T>(row.value, fallback) : fallback;
}

export function setSetting(db: Db, key: string, value: unknown, now: string): void {
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, JSON.stringify(value), now);
}

export function settingsWithPrefix<T>(db: Db, prefix: string): { key: string; value: T }[] {
  return (
    db
      .prepare("SELECT key, value FROM settings WHERE key LIKE ? ESCAPE '\\' ORDER BY key")
      .all(prefix.replace(/[%_\\]/g, (c) => `\\${c}`) + '%') as { key: string; value: string }[]
  ).map((r) => ({ key: r.key, value: parseJson<T>(r.value, null as T) }));
}
