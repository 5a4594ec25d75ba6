import type Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../paths.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d+)_([\w-]+)\.sql$/;

export function loadMigrations(dir = projectPath('migrations')): Migration[] {
  return readdirSync(dir)
    .map((file) => ({ file, match: FILE.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match }) => ({
      version: Number(match[1]),
      name: match[2]!,
      sql: readFileSync(join(dir, file), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
}

/**
 * Applies every migration newer than the database, each in its own transaction, in order.
 * A database from an older Horizon upgrades in place; one from a newer Horizon is refused rather than damaged.
 */
export function migrate(db: Database.Database, migrations = loadMigrations()): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
      (r) => r.version,
    ),
  );
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const newestApplied = Math.max(0, ...applied);
  if (newestApplied > newest) {
    throw new Error(
      `This database was written by a newer Horizon (schema ${newestApplied}, this version knows ${newest}). ` +
        'Upgrade Horizon, or point --db at another file.',
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const done: number[] = [];
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    // A migration that replaces a table others refer to runs with foreign keys off, or dropping the old
    // table would delete every row that refers to it; they are checked before it commits. SQLite only
    // changes this setting outside a transaction.
    const keysOff = FOREIGN_KEYS_OFF.test(m.sql) && db.pragma('foreign_keys', { simple: true }) === 1;
    // Rows already pointing at nothing (a copy edited by hand) are not this migration's doing.
    const brokenBefore = keysOff ? (db.pragma('foreign_key_check') as unknown[]).length : 0;
    if (keysOff) db.pragma('foreign_keys = OFF');
    try {
      // Two processes may start on a new database at once (the bot and a command): the write lock is taken
      // before looking again, so only one of them applies each migration.
      const ran = db
        .transaction(() => {
          if (isApplied.get(m.version)) return false;
          db.exec(m.sql);
          if (keysOff) {
            const broken = db.pragma('foreign_key_check') as { table: string }[];
            if (broken.length > brokenBefore) {
              throw new Error(
                `Migration ${m.version} (${m.name}) would leave ${broken.length - brokenBefore} rows of ${broken[0]!.table} pointing at nothing; nothing was changed. Report this with a copy of the database.`,
              );
            }
          }
          record.run(m.version, m.name, new Date().toISOString());
          return true;
        })
        .immediate();
      if (ran) done.push(m.version);
    } finally {
      if (keysOff) db.pragma('foreign_keys = ON');
    }
  }
  return done;
}

/** The first-line marker of a migration that must run with foreign keys off (see migrate). */
const FOREIGN_KEYS_OFF = /^-- horizon: foreign keys off$/m;
