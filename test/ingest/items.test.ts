import { afterEach, describe, expect, it } from 'vitest';
import type { ParsedItem, Tagging } from '../../src/domain.js';
import { canonicalUrl } from '../../src/ingest/normalise.js';
import { storeItems } from '../../src/ingest/records.js';
import { itemScore } from '../../src/agenda/score.js';
import { cleanup, feedAt, testHorizon } from './helpers.js';

afterEach(cleanup);

function parsed(key: string, over: Partial<ParsedItem> = {}): ParsedItem {
  const link = over.link ?? `https://example.org/${key}`;
  return {
    key,
    title: `Item ${key}`,
    summary: '',
    link,
    canonicalUrl: canonicalUrl(link),
    publishedAt: null,
    categories: [],
    ...over,
  };
}

function tagging(over: Partial<Tagging> = {}): Tagging {
  return { stage: 'unknown', confidence: 0, themes: [], reasons: [], deadline: null, amount: null, ...over };
}

describe('the item store', () => {
  it('stores deadlines and amounts and finds deadlines in a date range, leaving out items marked not relevant', () => {
    const h = testHorizon();
    const feed = feedAt(h, 'https://funder.example/feed', 'funding');
    const deadlineOf: Record<string, string> = { a: '2026-03-20', b: '2026-04-15', c: '2026-06-01' };
    storeItems(
      h.store,
      feed,
      ['a', 'b', 'c'].map((k) => parsed(k)),
      (p: ParsedItem) =>
        tagging({
          deadline: { date: deadlineOf[p.key]!, text: `closes ${deadlineOf[p.key]}`, kind: 'funding' },
          amount: { value: 5000, text: '£5,000' },
        }),
      { now: new Date('2026-03-10T09:00:00.000Z'), backfillBefore: '2026-03-01T00:00:00.000Z' },
    );
    const [a, b] = h.store.items.ofFeed(feed.id).sort((x, y) => x.key.localeCompare(y.key));
    h.store.items.setNotRelevant(b!.id, true);
    const found = h.store.items.upcomingDeadlines('2026-03-10', '2026-05-09');
    expect(found.map((i) => i.key)).toEqual(['a']);
    expect(h.store.items.get(a!.id)!.tagging).toMatchObject({
      deadline: { date: '2026-03-20' },
      amount: { value: 5000, text: '£5,000' },
    });
    expect(h.store.items.get(b!.id)!.notRelevant).toBe(true);
    expect(h.store.items.get(99_999)).toBeNull();
  });

  it('retags every item with the feed’s kind and themes and keeps people’s corrections', () => {
    const h = testHorizon();
    const feed = feedAt(h, 'https://news.example/feed', 'news', ['housing']);
    storeItems(h.store, feed, [parsed('x'), parsed('y')], () => tagging(), {
      now: new Date('2026-03-10T09:00:00.000Z'),
      backfillBefore: null,
    });
    const [x] = h.store.items.ofFeed(feed.id);
    h.store.items.setCorrectedStage(x!.id, 'slope');
    const seen: string[] = [];
    const count = h.store.items.retagAll((item, f) => {
      seen.push(`${item.key}:${f.kind}:${f.themes.join(',')}`);
      const t = tagging({ stage: 'peak', themes: f.themes });
      return { tagging: t, rankScore: itemScore(t, f.kind) };
    });
    expect(count).toBe(2);
    expect(seen.sort()).toEqual(['x:news:housing', 'y:news:housing']);
    const after = h.store.items.ofFeed(feed.id);
    expect(after.every((i) => i.tagging.stage === 'peak' && i.tagging.themes[0] === 'housing')).toBe(true);
    expect(h.store.items.get(x!.id)!.correctedStage).toBe('slope');
    expect(h.store.items.count()).toBe(2);
  });

  it('stores into each database it is given, when several are open at once', () => {
    const a = testHorizon();
    const b = testHorizon();
    const opts = { now: new Date('2026-03-10T09:00:00.000Z'), backfillBefore: null };
    const store = (h: ReturnType<typeof testHorizon>, keys: string[]) =>
      storeItems(
        h.store,
        feedAt(h, 'https://example.org/feed'),
        keys.map((k) => parsed(k)),
        () => tagging(),
        opts,
      );
    expect(store(a, ['x', 'y'])).toEqual({ inserted: 2, updated: 0 });
    expect(store(b, ['z'])).toEqual({ inserted: 1, updated: 0 });
    expect(store(a, ['x', 'y'])).toEqual({ inserted: 0, updated: 0 });
    expect([a.store.items.count(), b.store.items.count()]).toEqual([2, 1]);
  });
});
