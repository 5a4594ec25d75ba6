import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chartTopicsFrom, layoutHypeCycle, renderAgendaChart } from '../../src/chart/index.js';
import type { Stage } from '../../src/domain.js';
import type Database from 'better-sqlite3';
import type { Store } from '../../src/store/index.js';

type Db = Database.Database;
import { linkItemTopics } from '../../src/topics/index.js';
import { addFeedRow, addItem, tempDb } from './helpers.js';

interface FixtureItem {
  id: string;
  title: string;
  summary?: string;
  text?: string;
}

const fixtures = new Map(
  readFileSync(new URL('../fixtures/topics/items.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FixtureItem)
    .map((item) => [item.id, item]),
);

let db: Db;
let store: Store;
let close: () => void;
let feedId: number;

beforeEach(() => {
  ({ db, store, close } = tempDb());
  feedId = addFeedRow(db);
});
afterEach(() => close());

/** Stores a real item as tagged on a date, and links it to the topics it names. */
function ingest(id: string, at: string, stage: Stage, confidence: number, themes: string[]): void {
  const fixture = fixtures.get(id)!;
  const summary = fixture.summary ?? fixture.text ?? '';
  const itemId = addItem(db, feedId, { title: fixture.title, at, stage, confidence, themes });
  linkItemTopics(store, { id: itemId, title: fixture.title, summary });
}

describe('following policies from month to month', () => {
  it('groups real items by policy, tracks each one’s stage and draws what moved', () => {
    ingest('fd-010', '2026-01-08', 'trigger', 0.8, ['social-care']); // Care Act 2014 consultation
    ingest('fd-045', '2026-01-15', 'peak', 0.7, ['local-government']); // Levelling Up Fund bidding re-opens
    ingest('it-0119', '2026-02-03', 'plateau', 0.9, ['social-care']); // Care and Support regulations (Care Act)
    ingest('fd-012', '2026-02-10', 'trigger', 0.3, ['social-care']); // Care Act consultation
    ingest('it-0168', '2026-02-12', 'peak', 0.6, ['local-government']); // Levelling Up Fund Round 2
    ingest('it-0104', '2026-02-20', 'trigger', 0.7, ['housing']); // Supported Housing (Regulatory Oversight) Bill
    store.topics.refreshMonth('2026-01');
    store.topics.refreshMonth('2026-02');

    const february = store.topics.forMonth('2026-02');
    expect(february.map((t) => [t.name, t.stage, t.itemCount, t.movedFrom])).toEqual([
      ['Care Act', 'plateau', 2, 'trigger'],
      ['Levelling Up Fund', 'peak', 1, null],
      ['Supported Housing (Regulatory Oversight) Bill', 'trigger', 1, null],
    ]);
    expect(store.topics.movements('2026-02')).toEqual([
      { topic: 'Care Act', from: 'trigger', to: 'plateau' },
      { topic: 'Supported Housing (Regulatory Oversight) Bill', from: null, to: 'trigger' },
    ]);

    const topics = chartTopicsFrom(february);
    const layout = layoutHypeCycle({ month: '2026-02', topics });
    expect(layout.markers).toHaveLength(3);
    expect(layout.arrows.map((a) => [a.from, a.to])).toEqual([['trigger', 'plateau']]);
    expect(renderAgendaChart('2026-02', topics).alt).toContain(
      'Care Act at plateau of productivity, moved from policy trigger',
    );
  });
});
