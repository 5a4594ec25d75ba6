import { afterEach, describe, expect, it } from 'vitest';
import { batchedWrites } from '../../src/ingest/batch.js';
import { openDb, type Db } from '../../src/store/db.js';
import { cleanup, freshDb, tempDbPath } from './helpers.js';

afterEach(cleanup);

function addChannel(db: Db, id: string): void {
  db.prepare(
    "INSERT INTO channels (platform, channel_id, added_by, added_at) VALUES ('slack', ?, 'test', 'now')",
  ).run(id);
}

function channels(db: Db): string[] {
  return (
    db.prepare('SELECT channel_id FROM channels ORDER BY channel_id').all() as { channel_id: string }[]
  ).map((r) => r.channel_id);
}

/** The store's transaction, over a handle the test can also read directly. */
const transactions = (db: Db) => ({ transaction: <T>(fn: () => T): T => db.transaction(fn)() });

describe('batched writes', () => {
  it('commits the writes ready in the same turn together, each answering its own caller', async () => {
    const path = tempDbPath();
    const db = freshDb(path);
    const reader = openDb(path);
    const write = batchedWrites(transactions(db));
    let seenByReaderDuringSecond: string[] = [];
    const [a, b] = await Promise.all([
      write(() => {
        addChannel(db, 'a');
        return 'first';
      }),
      write(() => {
        addChannel(db, 'b');
        seenByReaderDuringSecond = channels(reader);
        return 'second';
      }),
    ]);
    expect([a, b]).toEqual(['first', 'second']);
    expect(seenByReaderDuringSecond).toEqual([]);
    expect(channels(reader)).toEqual(['a', 'b']);
    reader.close();
  });

  it('undoes only the failing write and rejects only its caller', async () => {
    const db = freshDb();
    const write = batchedWrites(transactions(db));
    const results = await Promise.allSettled([
      write(() => addChannel(db, 'kept-1')),
      write(() => {
        addChannel(db, 'undone');
        throw new Error('the tagger failed');
      }),
      write(() => addChannel(db, 'kept-2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('the tagger failed'));
    expect(channels(db)).toEqual(['kept-1', 'kept-2']);
  });

  it('starts a new batch for writes that come after a batch was committed', async () => {
    const db = freshDb();
    const write = batchedWrites(transactions(db));
    await write(() => addChannel(db, 'one'));
    await write(() => addChannel(db, 'two'));
    expect(channels(db)).toEqual(['one', 'two']);
    expect(db.inTransaction).toBe(false);
  });
});
