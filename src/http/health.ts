import type { AdapterHealth } from '../chat/types.js';
import type { Horizon } from '../context.js';
import { describeStorageError } from '../store/errors.js';

export interface StoreHealth {
  /** Checks the database for real: its integrity (on a schedule) and that it can still be written. */
  check(): AdapterHealth;
  /** Runs SQLite's quick integrity check now; throws with what to do when the file is damaged. */
  verify(): void;
  stop(): void;
}

/**
 * The store's health: a quick integrity check at start-up and then every `everyMs`, and a small write
 * (at most every `writeEveryMs`), so a full disk, a read-only mount or a damaged file turns /healthz red
 * instead of a `SELECT 1` that answers from the page cache.
 */
export function storeHealth(h: Horizon, opts: { everyMs?: number; writeEveryMs?: number } = {}): StoreHealth {
  let integrity: { ok: boolean; detail: string; at: string } | null = null;
  let lastWrite: { ok: boolean; detail: string; atMs: number } | null = null;

  const verify = () => {
    const at = new Date().toISOString();
    try {
      const result = h.store.quickCheck();
      integrity =
        result === 'ok'
          ? { ok: true, detail: 'integrity ok', at }
          : {
              ok: false,
              detail: `The database ${h.config.dbPath} is damaged (${result}). Stop Horizon and restore it from your latest backup (see docs/operations.md).`,
              at,
            };
    } catch (err) {
      integrity = { ok: false, detail: describeStorageError(err, h.config.dbPath), at };
    }
  };

  const writable = () => {
    const now = Date.now();
    if (lastWrite && now - lastWrite.atMs < (opts.writeEveryMs ?? 30_000)) return lastWrite;
    try {
      h.store.settings.set('health:write-probe', now, new Date(now).toISOString());
      lastWrite = { ok: true, detail: 'writable', atMs: now };
    } catch (err) {
      lastWrite = { ok: false, detail: describeStorageError(err, h.config.dbPath), atMs: now };
    }
    return lastWrite;
  };

  verify();
  const timer = setInterval(verify, opts.everyMs ?? 60 * 60_000);
  timer.unref();

  return {
    verify() {
      verify();
      if (!integrity?.ok) throw new Error(integrity?.detail ?? 'the integrity check did not run');
    },
    check() {
      const w = writable();
      const i = integrity!;
      if (!i.ok) return { ok: false, detail: i.detail };
      if (!w.ok) return { ok: false, detail: w.detail };
      return { ok: true, detail: `SQLite ${h.config.dbPath}: ${i.detail} (checked ${i.at}), writable` };
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/** The last agenda run: red when it failed or stopped part-way, or has been "running" far too long. */
export function agendaHealth(h: Horizon, stuckAfterMs = 2 * 60 * 60_000): AdapterHealth {
  let run: ReturnType<Horizon['store']['runs']['last']>;
  try {
    run = h.store.runs.last('agenda-post');
  } catch (err) {
    return { ok: false, detail: describeStorageError(err, h.config.dbPath) };
  }
  if (!run) return { ok: true, detail: 'no agenda posted yet' };
  if (run.status === 'running') {
    const age = Date.now() - Date.parse(run.startedAt);
    return age > stuckAfterMs
      ? {
          ok: false,
          detail: `the agenda run started ${run.startedAt} never finished (the process stopped?). Run "agenda post" to finish it.`,
        }
      : { ok: true, detail: `posting since ${run.startedAt}` };
  }
  if (run.status === 'ok') return { ok: true, detail: `last agenda posted ${run.finishedAt}` };
  return {
    ok: false,
    detail: `the last agenda run (${run.finishedAt}) ${run.status === 'partial' ? 'reached only some channels' : 'failed'}${run.error ? `: ${run.error}` : ''}. Fix what it says, then run "agenda post": it carries on where it stopped.`,
  };
}
