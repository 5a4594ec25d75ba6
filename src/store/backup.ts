import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Db, openDb, quickCheck } from './db.js';
import { describeStorageError } from './errors.js';
import type { Store } from './index.js';

/**
 * SQLite's online backup, page by page, so it is consistent even while `horizon start` is writing (a plain
 * file copy of a WAL database can miss what is still in the WAL). The copy is then checked with SQLite's
 * integrity check before it is called a backup; on any failure the partial copy is removed.
 */
export async function backupTo(db: Db, file: string): Promise<{ pages: number }> {
  try {
    const { totalPages } = await db.backup(file);
    const copy = openDb(file, { readonly: true });
    try {
      const result = quickCheck(copy);
      if (result !== 'ok') throw new Error(`the copy fails its integrity check (${result})`);
    } finally {
      copy.close();
    }
    return { pages: totalPages };
  } catch (err) {
    rmSync(file, { force: true });
    throw err;
  }
}

/** `horizon backup FILE`: the backup, with a sentence saying what happened and what to do next. */
export async function backupDatabase(
  store: Store,
  dbPath: string,
  file: string,
): Promise<{ ok: boolean; message: string }> {
  const target = resolve(file);
  if (target === resolve(dbPath))
    return { ok: false, message: 'The backup must go to another file than the database itself.' };
  if (existsSync(target))
    return {
      ok: false,
      message: `${file} already exists. Give a new file name (for example one with today's date), so no backup is overwritten.`,
    };
  try {
    const { pages } = await store.backup(target);
    return {
      ok: true,
      message: `Backed up ${dbPath} to ${file} (${pages} pages, integrity checked). To restore it, see docs/operations.md.`,
    };
  } catch (err) {
    return {
      ok: false,
      message: `The backup to ${file} failed: ${describeStorageError(err, dbPath)} Nothing was written.`,
    };
  }
}
