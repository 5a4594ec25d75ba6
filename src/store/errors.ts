/**
 * What to tell a person when the database fails: which file, what went wrong and what to do about it,
 * instead of SQLite's bare "database or disk is full".
 */

/** A storage failure whose message already says which file and what to do. */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

interface SqliteLike {
  code?: unknown;
  message?: unknown;
}

/** SQLite's error code (SQLITE_FULL, SQLITE_BUSY, …) when `err` came from the database; else null. */
export function sqliteCode(err: unknown): string | null {
  const code = (err as SqliteLike | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

export function isStorageError(err: unknown): boolean {
  return sqliteCode(err) !== null;
}

/** True when the disk (or the volume the database is on) has no room left. */
export function isDiskFull(err: unknown): boolean {
  const code = sqliteCode(err);
  return (
    code === 'SQLITE_FULL' ||
    code === 'SQLITE_IOERR_WRITE' ||
    (err as NodeJS.ErrnoException)?.code === 'ENOSPC'
  );
}

/** A sentence naming the database, the problem and the fix; other errors keep their own message. */
export function describeStorageError(err: unknown, dbPath: string): string {
  if (err instanceof StorageError) return err.message;
  const code = sqliteCode(err) ?? ((err as NodeJS.ErrnoException)?.code === 'ENOSPC' ? 'SQLITE_FULL' : null);
  const detail = String((err as SqliteLike | null)?.message ?? err);
  if (!code) return detail;
  const db = `the database ${dbPath}`;
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR'))
    return code === 'SQLITE_FULL'
      ? `The disk holding ${db} is full. Free some disk space (or move the database with HORIZON_DB), then try again; nothing already stored was lost.`
      : `Writing ${db} failed (${code}: ${detail}). The disk may be full or failing: free some space or check the disk, then try again.`;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return `${capital(db)} is locked by another process (${code}). Stop the other process holding it (another "horizon" command, a backup tool or a SQLite shell), then try again.`;
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY'))
    return `${capital(db)} is read-only (${code}). Give the Horizon user write access to the file and its folder (or remount the disk read-write); read-only commands such as "feeds list" still work.`;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
    return `${capital(db)} is damaged (${code}: ${detail}). Stop Horizon and restore the file from your latest backup ("horizon backup FILE" makes one; see docs/operations.md).`;
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN'))
    return `${capital(db)} cannot be opened (${code}). Check that the folder exists and that the Horizon user may read and write it.`;
  return `${capital(db)} failed (${code}: ${detail}).`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
