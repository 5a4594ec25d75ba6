import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { openDb } from '../../src/store/db.js';

describe('schema migrations', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const path = () => join((dir = mkdtempSync(join(tmpdir(), 'horizon-migrate-'))), 'h.db');

  it('applies every numbered file in order and records it', () => {
    const db = openDb(path());
    const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as {
      version: number;
    }[];
    expect(applied.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('upgrades a database made by an older version, keeping its data', () => {
    const file = path();
    const all = loadMigrations();
    const old = new Database(file);
    migrate(old, all.slice(0, 1));
    old
      .prepare(
        "INSERT INTO feeds (url, added_by, added_at) VALUES ('https://example.org/a.xml', 'x', '2026-01-01')",
      )
      .run();
    old.close();
    const db = openDb(file);
    expect((db.prepare('SELECT COUNT(*) AS n FROM feeds').get() as { n: number }).n).toBe(1);
    expect((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(
      all.at(-1)!.version,
    );
    db.close();
  });

  it('refuses a database from a newer version rather than damaging it', () => {
    const file = path();
    const db = openDb(file);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')").run();
    db.close();
    expect(() => openDb(file)).toThrow(/newer Horizon \(schema 999/);
  });

  it('rolls back a migration that fails, leaving the database as it was', () => {
    const db = new Database(path());
    const broken = [
      ...loadMigrations().slice(0, 1),
      { version: 2, name: 'broken', sql: 'CREATE TABLE t (x); INSERT INTO nope VALUES (1);' },
    ];
    expect(() => migrate(db, broken)).toThrow(/no such table: nope/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 't'").get()).toBeUndefined();
    expect((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(1);
    db.close();
  });
});

describe('a migration that replaces a table others refer to', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const open = () => {
    const db = new Database(join((dir = mkdtempSync(join(tmpdir(), 'horizon-migrate-fk-'))), 'h.db'));
    db.pragma('foreign_keys = ON');
    return db;
  };
  const base = {
    version: 1,
    name: 'base',
    sql: `CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);
      INSERT INTO parent VALUES (1, 'a'), (2, 'b'); INSERT INTO child VALUES (10, 1), (20, 2);`,
  };
  const rebuild = (keep: string) => ({
    version: 2,
    name: 'rebuild',
    sql: `-- horizon: foreign keys off
      CREATE TABLE parent_new (id INTEGER PRIMARY KEY, label TEXT);
      INSERT INTO parent_new SELECT id, upper(name) FROM parent WHERE ${keep};
      DROP TABLE parent;
      ALTER TABLE parent_new RENAME TO parent;`,
  });

  it('keeps the rows that refer to it (dropping the old table deletes nothing through them)', () => {
    const db = open();
    migrate(db, [base, rebuild('1')]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM child').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT label FROM parent ORDER BY id').all()).toEqual([
      { label: 'A' },
      { label: 'B' },
    ]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('is refused, changing nothing, when it would leave rows pointing at nothing', () => {
    const db = open();
    migrate(db, [base]);
    expect(() => migrate(db, [base, rebuild('id = 1')])).toThrow(
      /would leave 1 rows of child pointing at nothing/,
    );
    expect(db.prepare('SELECT name FROM parent ORDER BY id').all()).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});
