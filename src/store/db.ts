import Database from 'better-sqlite3';
import { existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeStorageError, StorageError } from './errors.js';
import { keyHash, shortContentHash, storyHash } from './hashes.js';
import { packBody } from './item-body.js';
import { loadMigrations, migrate } from './migrate.js';
import { decodeReasons } from './reasons-codec.js';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite database and brings its schema up to date.
 * WAL lets the scheduler write while a command reads; foreign keys keep posts and items honest.
 * With `readonly`, an existing database is opened for reading only (no schema change, no write lock), so
 * commands that only look (`feeds list`, `status`) work on a read-only disk or copy.
 */
export function openDb(path: string, opts: { readonly?: boolean } = {}): Db {
  if (path !== ':memory:') {
    // SQLite would silently treat an empty file as a new database: the data it held would look gone.
    if (existsSync(path) && statSync(path).size === 0) {
      throw new StorageError(
        `The database file ${path} is empty (0 bytes): whatever wrote it last did not finish (a full disk, an interrupted copy). Restore it from your latest backup (see docs/operations.md), or delete the file to start with an empty database.`,
        'SQLITE_NOTADB',
      );
    }
    if (!opts.readonly) mkdirSync(dirname(path), { recursive: true });
  }
  let db: Db | null = null;
  try {
    if (!opts.readonly && path !== ':memory:' && !existsSync(path)) createDatabaseFile(path);
    db = new Database(path, opts.readonly ? { readonly: true, fileMustExist: true } : {});
    reuseStatements(db);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (opts.readonly) return db;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrationFunctions(db);
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof StorageError) throw err;
    const e = err as { code?: string };
    throw new StorageError(describeStorageError(err, path), e.code ?? 'SQLITE_CANTOPEN', { cause: err });
  }
}

/**
 * Creates a new database file so that it never exists with 0 bytes: SQLite creates an empty file and
 * writes its header only on the first write, and in that moment a second Horizon starting on the same
 * new path would take the empty file for a damaged one (see the check in openDb). The file is made
 * beside the target with its header written (WAL mode), then linked into place, which fails if another
 * process got there first; then theirs is used.
 */
function createDatabaseFile(path: string): void {
  const temp = `${path}.${process.pid}.${Date.now()}.new`;
  try {
    const db = new Database(temp);
    db.pragma('journal_mode = WAL');
    db.close();
    try {
      linkSync(temp, path);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'EEXIST') return;
      // A file system without hard links: a plain rename, unless another process has made it meanwhile.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
      if (!existsSync(path)) renameSync(temp, path);
    }
  } finally {
    for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
  }
}

/**
 * The store's own SQL functions, for migrations that turn stored values into forms only its code computes
 * (migration 080: hashes, and the compressed item body).
 */
function migrationFunctions(db: Db): void {
  const text = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
  // An item's key slot: its key hash, or the next free one when another key of the same feed already took
  // it (as items.ts `locate` stores a clash), so moving items into hashed keys never stops on a clash.
  // The slots taken are remembered only until the migration says it is done.
  let taken = new Map<number, Set<number>>();
  db.function('horizon_key_slot', { deterministic: false }, (feed: unknown, key: unknown) => {
    const f = Number(feed);
    let slots = taken.get(f);
    if (!slots) taken.set(f, (slots = new Set()));
    let slot = keyHash(text(key));
    while (slots.has(slot)) slot++;
    slots.add(slot);
    return slot;
  });
  db.function('horizon_key_slots_done', { deterministic: false }, () => {
    taken = new Map();
    return null;
  });
  db.function('horizon_story_hash', { deterministic: true }, (v: unknown) => storyHash(text(v)));
  db.function('horizon_short_content_hash', { deterministic: true }, (v: unknown) =>
    shortContentHash(text(v)),
  );
  db.function('horizon_unix_ms', { deterministic: true }, (v: unknown) =>
    v === null ? null : Date.parse(text(v)),
  );
  db.function(
    'horizon_pack_body',
    { deterministic: true, varargs: true },
    (
      key: unknown,
      title: unknown,
      summary: unknown,
      link: unknown,
      canonical: unknown,
      categories: unknown,
      reasons: unknown,
    ) => {
      const words = { title: text(title), summary: text(summary) };
      return packBody({
        key: text(key),
        ...words,
        link: link === null ? null : text(link),
        canonicalUrl: canonical === null ? null : text(canonical),
        categories: parseJson<string[]>(categories as string | null, []),
        reasons: decodeReasons(reasons as string | null, words),
      });
    },
  );
}

const MAX_CACHED_STATEMENTS = 1000;

/**
 * Makes `db.prepare(sql)` compile each SQL text once per connection. The store's modules prepare where they
 * query, which keeps each query beside its use; but compiling is most of the cost of a small query, and
 * ingest runs a handful per item (a tenth of its time went to compiling the same texts again). A statement
 * keeps no state between runs, so handing back the same one is safe; the cache is emptied if generated SQL
 * ever fills it.
 */
function reuseStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  }) as Db['prepare'];
}

export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** SQLite's own integrity check (the quick one: pages, not index contents); 'ok' or what is wrong. */
export function quickCheck(db: Db): string {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  return problems.length ? problems.slice(0, 5).join('; ') : 'ok';
}

/**
 * Read-only when the database exists and its schema is current; otherwise (a first run, an upgrade) it is
 * opened normally, since it must be written once before it can be read.
 */
export function openForReading(path: string): Db {
  if (path === ':memory:' || !existsSync(path)) return openDb(path);
  const db = openDb(path, { readonly: true });
  const newest = Math.max(0, ...loadMigrations().map((m) => m.version));
  let current = 0;
  try {
    current =
      (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  } catch {
    current = 0;
  }
  if (current >= newest) return db;
  db.close();
  return openDb(path);
}
