import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Feed, ItemRecord, Stage } from '../../src/domain.js';
import type { Store } from '../../src/store/index.js';
import { addFeedRow, tempDb, topic } from '../topics/helpers.js';

const CARE_ACT = topic('Care Act', 'care-act');

let db: Database.Database;
let store: Store;
let close: () => void;

beforeEach(() => {
  ({ db, store, close } = tempDb());
});
afterEach(() => close());

function feed(n: number): Feed {
  return store.feeds.get(addFeedRow(db, `https://example.org/${n}.xml`))!;
}

function record(n: number, stage: Stage, link = `https://example.org/news/${n}`): ItemRecord {
  return {
    key: link,
    title: `Care Act guidance ${n}`,
    summary: 'The Care Act statutory guidance was updated.',
    link,
    canonicalUrl: link,
    publishedAt: `2026-03-0${n}T09:00:00.000Z`,
    categories: [],
    contentHash: `${n}`.padStart(40, 'a'),
    storyKey: `url:${link}`,
    tagging: { stage, confidence: 0.8, themes: ['social-care'], reasons: [], deadline: null, amount: null },
    retagAt: null,
    topics: [CARE_ACT],
    rankScore: 1,
  };
}

const opts = { now: '2026-03-10T00:00:00.000Z', backfillBefore: null };
const careAct = () => store.topics.forMonth('2026-03').find((t) => t.slug === 'care-act');

describe('storing a batch of feeds in one transaction', () => {
  it('recomputes the topic months the batch touched once it ends, as storing each feed alone would', () => {
    const [a, b] = [feed(1), feed(2)];
    store.transaction(() => {
      store.transaction(() => store.items.upsert(a, [record(1, 'peak')], opts));
      store.transaction(() => store.items.upsert(b, [record(2, 'peak'), record(3, 'trough')], opts));
    });
    expect(careAct()).toMatchObject({ stage: 'peak', itemCount: 3 });

    // The same feed stored outside any transaction refreshes at once.
    store.items.upsert(a, [record(4, 'trough'), record(5, 'trough')], opts);
    expect(careAct()).toMatchObject({ stage: 'trough', itemCount: 5 });
  });

  it('leaves topic months as they were when the batch fails, and a later batch counts only what is stored', () => {
    const a = feed(1);
    expect(() =>
      store.transaction(() => {
        store.items.upsert(a, [record(1, 'peak')], opts);
        throw new Error('disk full');
      }),
    ).toThrow('disk full');
    expect(careAct()).toBeUndefined();
    expect(store.items.count()).toBe(0);
    store.transaction(() => store.items.upsert(a, [record(2, 'slope')], opts));
    expect(careAct()).toMatchObject({ stage: 'slope', itemCount: 1 });
  });

  it('keeps how many feeds carry a story on each of its items', () => {
    const [a, b] = [feed(1), feed(2)];
    const link = 'https://example.org/news/shared';
    store.items.upsert(a, [record(1, 'peak', link)], opts);
    const coverage = () =>
      (db.prepare('SELECT coverage FROM items ORDER BY id').all() as { coverage: number }[]).map(
        (r) => r.coverage,
      );
    expect(coverage()).toEqual([1]);
    store.items.upsert(b, [record(2, 'peak', link)], opts);
    expect(coverage()).toEqual([2, 2]);
    const [first] = store.items.ofFeed(a.id);
    expect(store.items.storyCoverage(first!.storyKey)).toBe(2);
  });
});
