import type { Store } from '../store/index.js';
import { isStorageError } from '../store/errors.js';

export type BatchedWrite = <T>(write: () => T) => Promise<T>;

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Commits the writes that become ready in the same turn of the event loop together. Each write still runs
 * in a savepoint of its own, so one feed's failure undoes only that feed's rows and rejects only its promise.
 *
 * Why: most of a small feed's storing time is its commit, because a feed's new items land on scattered pages
 * of several indexes and every commit writes those pages out again. Feeds fetched side by side share pages,
 * so committing them together writes far fewer. The transaction itself stays synchronous: it is never held
 * open across a network wait.
 */
export function batchedWrites(store: Pick<Store, 'transaction'>): BatchedWrite {
  let queue: { write: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];

  const flush = () => {
    const batch = queue;
    queue = [];
    const outcomes: Outcome[] = [];
    try {
      store.transaction(() => {
        for (const w of batch) {
          try {
            outcomes.push({ ok: true, value: store.transaction(w.write) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // On some errors (a full disk) SQLite rolls back the whole transaction at once, and the commit then
      // fails with "no transaction is active": the write that hit the disk's limit is the real cause.
      const cause = outcomes.find(
        (o): o is { ok: false; error: unknown } => !o.ok && isStorageError(o.error),
      );
      for (const w of batch) w.reject(cause ? cause.error : error);
      return;
    }
    batch.forEach((w, i) => {
      const o = outcomes[i]!;
      if (o.ok) w.resolve(o.value);
      else w.reject(o.error);
    });
  };

  return <T>(write: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ write, resolve: resolve as (v: unknown) => void, reject });
    });
}
