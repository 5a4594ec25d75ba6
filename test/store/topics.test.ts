import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import type { Store } from '../../src/store/index.js';

type Db = Database.Database;
import { TopicError } from '../../src/store/index.js';
import { addFeedRow, addItem, type ItemSpec, tempDb, topic } from '../topics/helpers.js';

const BCF = topic('Better Care Fund', 'better-care-fund');
const CARE_ACT = topic('Care Act', 'care-act');
const HSF = topic('Household Support Fund', 'household-support-fund');

let db: Db;
let store: Store;
let close: () => void;
let feedId: number;

beforeEach(() => {
  ({ db, store, close } = tempDb());
  feedId = addFeedRow(db);
});
afterEach(() => close());

function itemAbout(topics: { name: string; slug: string }[], spec: ItemSpec): number {
  const id = addItem(db, feedId, spec);
  store.topics.assign(id, topics);
  return id;
}

function refresh(...months: string[]): void {
  for (const m of months) store.topics.refreshMonth(m);
}

describe('assignTopics', () => {
  it('creates a topic the first time and reuses it for later items', () => {
    itemAbout([BCF], { at: '2026-01-10', stage: 'peak' });
    itemAbout([BCF, CARE_ACT], { at: '2026-01-12', stage: 'peak' });

    expect(store.topics.list().map((t) => [t.slug, t.itemCount])).toEqual([
      ['better-care-fund', 2],
      ['care-act', 1],
    ]);
  });

  it('is safe to repeat for the same item', () => {
    const id = itemAbout([BCF], { at: '2026-01-10' });
    store.topics.assign(id, [BCF, BCF]);

    expect(store.topics.list()[0]!.itemCount).toBe(1);
  });
});

describe('a topic’s stage for a month', () => {
  it('is the confidence-weighted majority of its items that month', () => {
    itemAbout([BCF], { at: '2026-02-03', stage: 'peak', confidence: 0.9 });
    itemAbout([BCF], { at: '2026-02-04', stage: 'trough', confidence: 0.3 });
    itemAbout([BCF], { at: '2026-02-05', stage: 'trough', confidence: 0.4 });
    refresh('2026-02');

    const [bcf] = store.topics.forMonth('2026-02');
    expect(bcf).toMatchObject({ name: 'Better Care Fund', stage: 'peak', itemCount: 3 });
  });

  it('lets a person’s correction outweigh the tagger', () => {
    itemAbout([BCF], { at: '2026-02-03', stage: 'peak', confidence: 0.8 });
    itemAbout([BCF], { at: '2026-02-04', stage: 'peak', confidence: 0.5, correctedStage: 'trough' });
    itemAbout([BCF], { at: '2026-02-05', stage: 'trough', confidence: 0.4 });
    refresh('2026-02');

    expect(store.topics.forMonth('2026-02')[0]!.stage).toBe('trough');
  });

  it('ignores items without a stage signal unless nothing else is known', () => {
    itemAbout([BCF], { at: '2026-02-03', stage: 'unknown', confidence: 0.9 });
    itemAbout([BCF], { at: '2026-02-04', stage: 'slope', confidence: 0.2 });
    itemAbout([HSF], { at: '2026-02-04', stage: 'unknown' });
    refresh('2026-02');

    const stages = Object.fromEntries(store.topics.forMonth('2026-02').map((t) => [t.slug, t.stage]));
    expect(stages).toEqual({ 'better-care-fund': 'slope', 'household-support-fund': 'unknown' });
  });

  it('leaves out items marked not relevant', () => {
    itemAbout([BCF], { at: '2026-02-03', stage: 'peak', confidence: 0.9, notRelevant: true });
    itemAbout([BCF], { at: '2026-02-04', stage: 'plateau', confidence: 0.3 });
    refresh('2026-02');

    expect(store.topics.forMonth('2026-02')[0]).toMatchObject({ stage: 'plateau', itemCount: 1 });
  });

  it('breaks a tie with the stage of the latest item', () => {
    itemAbout([BCF], { at: '2026-02-20', stage: 'trough', confidence: 0.5 });
    itemAbout([BCF], { at: '2026-02-03', stage: 'peak', confidence: 0.5 });
    refresh('2026-02');

    expect(store.topics.forMonth('2026-02')[0]!.stage).toBe('trough');
  });

  it('collects the themes of the month’s items, most frequent first', () => {
    itemAbout([BCF], { at: '2026-02-03', stage: 'peak', themes: ['funding', 'social-care'] });
    itemAbout([BCF], { at: '2026-02-04', stage: 'peak', themes: ['social-care'] });
    refresh('2026-02');

    expect(store.topics.forMonth('2026-02')[0]!.themes).toEqual(['social-care', 'funding']);
  });

  it('refuses a month that is not YYYY-MM', () => {
    expect(() => store.topics.refreshMonth('2026-2')).toThrow(/YYYY-MM/);
  });
});

describe('movements between months', () => {
  it('reports a topic whose stage changed since its last month with items, and new topics', () => {
    itemAbout([BCF], { at: '2026-01-10', stage: 'peak', confidence: 0.8 });
    itemAbout([CARE_ACT], { at: '2026-01-11', stage: 'plateau', confidence: 0.8 });
    // Nothing about either in February: March compares with January.
    itemAbout([BCF], { at: '2026-03-02', stage: 'trough', confidence: 0.7 });
    itemAbout([CARE_ACT], { at: '2026-03-05', stage: 'plateau', confidence: 0.7 });
    itemAbout([HSF], { at: '2026-03-06', stage: 'slope', confidence: 0.7 });
    refresh('2026-01', '2026-02', '2026-03');

    expect(store.topics.movements('2026-03')).toEqual([
      { topic: 'Better Care Fund', from: 'peak', to: 'trough' },
      { topic: 'Household Support Fund', from: null, to: 'slope' },
    ]);
    const march = Object.fromEntries(store.topics.forMonth('2026-03').map((t) => [t.slug, t.movedFrom]));
    expect(march).toEqual({ 'better-care-fund': 'peak', 'care-act': null, 'household-support-fund': null });
  });

  it('does not count a month without a stage signal as a move', () => {
    itemAbout([BCF], { at: '2026-01-10', stage: 'peak', confidence: 0.8 });
    itemAbout([BCF], { at: '2026-02-10', stage: 'unknown' });
    itemAbout([BCF], { at: '2026-03-10', stage: 'peak', confidence: 0.8 });
    refresh('2026-01', '2026-02', '2026-03');

    expect(store.topics.movements('2026-02')).toEqual([]);
    expect(store.topics.movements('2026-03')).toEqual([]);
  });
});

describe('editing topics', () => {
  it('renames a topic, keeping the old slug so new mentions still land on it', () => {
    itemAbout([topic('ICBs', 'icbs')], { at: '2026-01-10', stage: 'peak' });
    const renamed = store.topics.rename('icbs', 'Integrated Care Boards');
    const later = itemAbout([topic('ICBs', 'icbs')], { at: '2026-01-20', stage: 'peak' });

    expect(renamed).toMatchObject({
      name: 'Integrated Care Boards',
      slug: 'integrated-care-boards',
      aliases: ['icbs'],
    });
    expect(store.topics.list()).toHaveLength(1);
    expect(store.topics.list()[0]!.itemCount).toBe(2);
    expect(store.topics.assign(later, [topic('ICBs', 'icbs')])[0]!.slug).toBe('integrated-care-boards');
  });

  it('refuses a rename onto another topic’s name and says to merge instead', () => {
    itemAbout([BCF, HSF], { at: '2026-01-10' });

    expect(() => store.topics.rename('household-support-fund', 'Better Care Fund')).toThrow(
      /merge household-support-fund/,
    );
  });

  it('merges one topic into another: items, months and aliases follow', () => {
    itemAbout([topic('BCF', 'bcf')], { at: '2026-01-10', stage: 'trough', confidence: 0.9 });
    itemAbout([BCF], { at: '2026-01-11', stage: 'peak', confidence: 0.5 });
    itemAbout([BCF], { at: '2026-02-11', stage: 'trough', confidence: 0.5 });
    refresh('2026-01', '2026-02');
    expect(
      store.topics
        .forMonth('2026-01')
        .map((t) => t.slug)
        .sort(),
    ).toEqual(['bcf', 'better-care-fund']);

    const merged = store.topics.merge('bcf', 'better-care-fund');

    expect(merged.aliases).toEqual(['bcf']);
    expect(store.topics.forMonth('2026-01')).toEqual([
      expect.objectContaining({ slug: 'better-care-fund', stage: 'trough', itemCount: 2 }),
    ]);
    expect(store.topics.list().map((t) => t.slug)).toEqual(['better-care-fund']);
    expect(store.topics.find('bcf')!.slug).toBe('better-care-fund');
    const next = itemAbout([topic('BCF', 'bcf')], { at: '2026-02-12' });
    expect(store.topics.assign(next, [topic('BCF', 'bcf')])[0]!.slug).toBe('better-care-fund');
  });

  it('refuses to merge a topic into itself or into one that does not exist', () => {
    itemAbout([BCF], { at: '2026-01-10' });

    expect(() => store.topics.merge('better-care-fund', 'Better Care Fund')).toThrow(TopicError);
    expect(() => store.topics.merge('better-care-fund', 'no-such-topic')).toThrow(
      /There is no topic "no-such-topic"/,
    );
  });

  it('keeps a pinned topic in view in a month without items, at its last known stage', () => {
    itemAbout([BCF], { at: '2026-01-10', stage: 'slope', themes: ['funding'] });
    itemAbout([HSF], { at: '2026-01-10', stage: 'peak' });
    refresh('2026-01', '2026-02');
    store.topics.pin('better-care-fund', true);

    expect(store.topics.forMonth('2026-02')).toEqual([
      expect.objectContaining({
        slug: 'better-care-fund',
        stage: 'slope',
        itemCount: 0,
        pinned: true,
        themes: ['funding'],
      }),
    ]);
    expect(store.topics.list()[0]).toMatchObject({
      slug: 'better-care-fund',
      pinned: true,
      lastStage: 'slope',
    });

    store.topics.pin('better-care-fund', false);
    expect(store.topics.forMonth('2026-02')).toEqual([]);
  });
});
