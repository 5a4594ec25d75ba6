import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildAgenda } from '../../src/agenda/build.js';
import { agendaEnrichers } from '../../src/agenda/enrich.js';
import { type Candidate, isCandidate, selectItems } from '../../src/agenda/select.js';
import { guidesOf, themeNamer } from '../../src/agenda/guides.js';
import { type FeedKind, agendaItems } from '../../src/domain.js';
import { projectPath } from '../../src/paths.js';
import { COUNT_SQL, RANKED_SQL, UNRANKED_SQL } from '../../src/store/items.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';

let t: TestHorizon;
afterEach(() => t.close());

const texts = readFileSync(projectPath('eval', 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { title: string; summary: string });

/** A month of real item texts from six feeds of every kind, more than SQL hands over at first. */
function busyMonth(n: number): number[] {
  const kinds: FeedKind[] = ['policy', 'funding', 'news', 'research', 'parliament', 'legislation'];
  const ids: number[] = [];
  kinds.forEach((kind, k) => {
    const f = feed(t.h, { kind, title: `${kind} feed` });
    const list = Array.from({ length: n / kinds.length }, (_, j) => {
      const i = j * kinds.length + k;
      const text = texts[i % texts.length]!;
      return {
        title: `${text.title} (${i})`,
        summary: text.summary,
        // One story in ten is carried by two feeds (the same link).
        link: `https://example.org/story/${i % 10 === 1 ? i - 1 : i}`,
        // Every fiftieth item is undated.
        publishedAt:
          i % 50 === 7
            ? null
            : new Date(Date.parse('2026-03-01T00:00:00Z') + (i % 27) * 86_400_000 + i * 1000).toISOString(),
      };
    });
    ids.push(...items(t.h, f, list).values());
  });
  return ids;
}

/** The agenda's choice made the simple way: every item of the month loaded and ranked in memory. */
function rankingEverything() {
  const h = t.h;
  const month = '2026-03';
  const today = '2026-03-28';
  const edits = h.store.agendas.overrides(month);
  const enrichers = agendaEnrichers(h);
  const guides = guidesOf(h.taxonomy);
  const opts = {
    maxItems: h.config.agendaMaxItems,
    today,
    month,
    deadlineDays: h.config.deadlineDays,
    guide: (s: keyof typeof guides) => guides[s],
    themeName: themeNamer(h.taxonomy),
  };
  // Up to and including now, as the agenda reads it.
  const justAfterNow = new Date(h.now().getTime() + 1).toISOString();
  const window = h.store.items.inWindow('2026-03-01T00:00:00.000Z', justAfterNow);
  const all = [
    ...window.filter((i) => !edits.drop.has(i.id)),
    ...[...edits.add].filter((id) => !window.some((i) => i.id === id)).map((id) => h.store.items.get(id)!),
  ];
  const candidates: Candidate[] = all.map((item) => {
    const c: Candidate = { item, coverage: h.store.items.storyCoverage(item.storyKey) };
    const relevance = enrichers.relevance?.(c);
    return relevance ? { ...c, relevance } : c;
  });
  const chosen = selectItems(candidates, opts, edits.add);
  return {
    ids: chosen.map((i) => i.itemId),
    chosen,
    count: candidates.filter((c) => isCandidate(c, opts, edits.add.has(c.item.id))).length,
  };
}

describe('the agenda reads only what ranks', () => {
  it('chooses exactly what ranking every item of the month would, with a profile, corrections (stage and themes) and edits', () => {
    t = testHorizon({ now: '2026-03-28T12:00:00Z' });
    const ids = busyMonth(900);
    t.h.store.profile.set({ missionKeywords: ['carers'], themes: ['housing'], places: ['London'] });
    t.h.store.items.setCorrectedStage(ids[400]!, 'slope');
    t.h.store.items.setCorrectedStage(ids[401]!, 'plateau');
    t.h.store.items.setCorrectedThemes(ids[402]!, ['housing', 'welfare', 'funding']);
    t.h.store.items.setNotRelevant(ids[3]!, true);
    const reference = rankingEverything();
    t.h.store.agendas.setOverride('2026-03', reference.ids[0]!, 'drop', 'test', t.h.now().toISOString());
    t.h.store.agendas.setOverride('2026-03', ids[850]!, 'add', 'test', t.h.now().toISOString());

    const expected = rankingEverything();
    const agenda = buildAgenda(t.h, '2026-03', agendaEnrichers(t.h));
    // The same items (the agenda lists them by stage, the reference by score).
    const byId = (a: number, b: number) => a - b;
    expect(
      agendaItems(agenda)
        .map((i) => i.itemId)
        .sort(byId),
    ).toEqual([...expected.ids].sort(byId));
    expect(agendaItems(agenda).map((i) => i.itemId)).not.toContain(reference.ids[0]);
    expect(agendaItems(agenda).map((i) => i.itemId)).toContain(ids[850]);
    expect(agenda.candidateCount).toBe(expected.count);
    expect(expected.ids.length).toBe(t.h.config.agendaMaxItems);
    // Each chosen item reads as it would from a full read: its "why" (the stored reasons, decoded only
    // for the chosen), coverage and score.
    const shown = new Map(agendaItems(agenda).map((i) => [i.itemId, i]));
    for (const e of expected.chosen) expect(shown.get(e.itemId)).toEqual(e);
    expect(expected.chosen.some((e) => e.why.some((w) => w.startsWith('Stage signal:')))).toBe(true);
    expect(expected.chosen.some((e) => e.coverage > 1)).toBe(true);
  });

  it('reads candidates for ranking as full items whose reasons are decoded when first read', () => {
    t = testHorizon({ now: '2026-03-28T12:00:00Z' });
    const ids = busyMonth(60);
    const full = t.h.store.items.byIds(ids);
    const forRanking = t.h.store.items.byIdsForRanking(ids);
    expect(forRanking).toEqual(full);
    expect(full.some((i) => i.tagging.reasons.length > 0)).toBe(true);
  });

  it('answers each query from its index: the month by score with no table row read', () => {
    t = testHorizon();
    const plan = (sql: string, params: Record<string, unknown>) =>
      (t.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail);
    const window = { from: '2026-03-01', to: '2026-04-01', today: '2026-03-20' };
    expect(plan(RANKED_SQL, { ...window, coverageWeight: 0.6, limit: 300 })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^SEARCH items USING COVERING INDEX items_month_rank/)]),
    );
    expect(plan(COUNT_SQL, window)).toEqual([
      expect.stringMatching(/^SEARCH items USING COVERING INDEX items_month_rank/),
    ]);
    const unranked = plan(UNRANKED_SQL, {
      from: window.from,
      to: window.to,
      deadlineFrom: '2026-03-20',
      deadlineTo: '2026-04-19',
    }).join('\n');
    for (const index of ['items_month_corrected', 'items_month_undated', 'items_deadline'])
      expect(unranked).toMatch(new RegExp(`USING (COVERING )?INDEX ${index}`));
    expect(unranked).toMatch(/SEARCH i USING INTEGER PRIMARY KEY/);
  });
});
