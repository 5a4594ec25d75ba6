import type { Store } from '../store/index.js';
import { extractTopics } from './extract.js';

/** Items linked per transaction: short enough that a command waiting on the write lock is not held up. */
const BATCH = 500;

/**
 * The writer's backfill: links the topics of items stored before topics were linked at ingest, newest
 * first (this month and last matter most), in batches, yielding between them so the process keeps
 * answering. At most `max` items per call, so one scan round is never held up for long; the next round
 * goes on where this one stopped. Readers never do this. Returns how many items were linked.
 */
export async function linkUnlinkedTopics(
  store: Store,
  opts: { now: () => Date; max?: number; batch?: number },
): Promise<number> {
  const max = opts.max ?? 20_000;
  const batch = Math.max(1, Math.min(opts.batch ?? BATCH, max));
  let done = 0;
  while (done < max) {
    const rows = store.items.unlinked(Math.min(batch, max - done));
    if (rows.length === 0) break;
    store.items.linkTopics(
      rows.map((r) => ({ id: r.id, topics: extractTopics(r.title, r.summary) })),
      opts.now().toISOString(),
    );
    done += rows.length;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return done;
}
