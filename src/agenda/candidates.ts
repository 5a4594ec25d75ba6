import type { Horizon } from '../context.js';
import type { AgendaItem, FeedItem } from '../domain.js';
import type { AgendaEnrichers } from './build.js';
import { COVERAGE_WEIGHT } from './score.js';
import {
  type Candidate,
  isCandidate,
  isClosed,
  isStaleUndated,
  type SelectOptions,
  selectItems,
} from './select.js';
import { addDays } from '../time.js';

/** How many of the month's best-scored items SQL hands over first; a few times more when that is not enough. */
const FIRST_READ = 300;
const GROWTH = 4;
/**
 * The most SQL hands over. A profile can lift an item by up to 1.5, more than the spread of stored
 * scores among a busy month's best, so proving the choice exact can mean reading the whole month
 * (42,000 full rows at a million items: seconds). Past this many, the best by stored score are taken
 * as they are: an item ranked lower by SQL could only have entered through a strong profile match.
 */
const MOST_READ = 1_200;
// Agenda scores are shown rounded to 3 decimals; compare with that much room.
const ROUNDING = 0.001;

export interface ChooseInput {
  start: string;
  end: string;
  nowIso: string;
  edits: { add: Set<number>; drop: Set<number> };
  /** An item as it stands now (tagged again in memory when its source facts changed by the clock). */
  current: (item: FeedItem) => FeedItem;
  /** Items tagged again in memory: always read, since their stored score is out of date. */
  retagged: FeedItem[];
  enrichers: AgendaEnrichers;
  selectOptions: SelectOptions;
}

/**
 * Chooses the month's agenda items reading only what ranks. SQL hands over the best few hundred items
 * by the score kept at ingest (with coverage); items whose rank the stored score cannot tell (corrected,
 * undated, with a deadline that lifts them, added by an editor, tagged again by the clock) are read
 * too. Only those are loaded in full and ranked exactly in memory (coverage, deadline, the profile).
 *
 * The result is the same as ranking every item of the month: an item SQL did not hand over scores at
 * most the last handed-over score plus what only memory adds (the profile's most), so once every chosen
 * item scores above that, none could have displaced one. Until then SQL is asked for more, up to
 * MOST_READ items.
 */
export function chooseItems(h: Horizon, q: ChooseInput): { chosen: AgendaItem[]; candidateCount: number } {
  const { store } = h;
  const { start, end, edits, selectOptions } = q;
  const { today, deadlineDays, maxItems } = selectOptions;
  const inWindow = (i: FeedItem) => !i.backfill && i.effectiveAt >= start && i.effectiveAt < end;

  const coverageOf = new Map<string, number>();
  // Counted for many stories in one query rather than one query each.
  const countCoverage = (of: FeedItem[]) => {
    const keys = [...new Set(of.map((i) => i.storyKey).filter((k) => !coverageOf.has(k)))];
    for (const [k, n] of store.items.storyCoverageOf(keys)) coverageOf.set(k, n);
  };
  const coverage = (key: string) => {
    let n = coverageOf.get(key);
    if (n === undefined) coverageOf.set(key, (n = store.items.storyCoverage(key)));
    return n;
  };
  // Weighed once per item, though a second read hands the first read's items over again.
  const weighed = new WeakMap<FeedItem, Candidate>();
  const candidate = (item: FeedItem): Candidate => {
    let out = weighed.get(item);
    if (out) return out;
    const c: Candidate = { item, coverage: coverage(item.storyKey) };
    const relevance = q.enrichers.relevance?.(c);
    out = relevance ? { ...c, relevance } : c;
    weighed.set(item, out);
    return out;
  };

  const pinned = store.items
    .byIds([...edits.add])
    .filter((i) => i.effectiveAt <= q.nowIso)
    .map(q.current);
  const unranked = store.items
    .unrankedInWindow({ from: start, to: end, deadlineFrom: today, deadlineTo: addDays(today, deadlineDays) })
    .map(q.current);
  const always = [...unranked, ...q.retagged.filter(inWindow)];
  const relevanceMax = q.enrichers.relevance ? (q.enrichers.relevanceMax ?? Infinity) : 0;

  let chosen: AgendaItem[] = [];
  // Full rows already read: a larger read loads only the items the smaller one did not hand over.
  const loaded = new Map<number, FeedItem>();
  // The ids and scores of every read the loop can make, in one pass over the month's index entries (each
  // read is a prefix of the same order); full rows are loaded a read at a time.
  let most = FIRST_READ;
  while (most < MOST_READ) most *= GROWTH;
  const best = store.items.rankedInWindow({
    from: start,
    to: end,
    today,
    coverageWeight: COVERAGE_WEIGHT,
    limit: most,
  });
  for (let limit = FIRST_READ; ; limit *= GROWTH) {
    const ranked = best.slice(0, limit);
    const unread = ranked.map((r) => r.id).filter((id) => !loaded.has(id));
    // Reasons are decoded only for the items chosen, when their "why" is written.
    for (const i of store.items.byIdsForRanking(unread)) loaded.set(i.id, q.current(i));
    // The index hands over each story's coverage with the score: no count per story for these.
    for (const r of ranked) {
      const key = loaded.get(r.id)?.storyKey;
      if (key !== undefined && !coverageOf.has(key)) coverageOf.set(key, r.coverage);
    }
    const items = new Map<number, FeedItem>();
    for (const i of [...always, ...ranked.flatMap((r) => loaded.get(r.id) ?? [])])
      if (!edits.drop.has(i.id)) items.set(i.id, i);
    for (const i of pinned) items.set(i.id, i);
    countCoverage([...items.values()]);
    chosen = selectItems([...items.values()].map(candidate), selectOptions, edits.add);
    const last = ranked.at(-1);
    if (ranked.length < limit || !last || limit >= MOST_READ) break;
    if (settled(chosen, edits.add, maxItems, last.score + relevanceMax)) break;
  }

  return { chosen, candidateCount: countCandidates(h, q, [...always, ...pinned]) };
}

/** Whether no item SQL has not handed over (scoring at most `bound`) could change the chosen items. */
function settled(chosen: AgendaItem[], pinned: Set<number>, maxItems: number, bound: number): boolean {
  const ranked = chosen.filter((i) => !pinned.has(i.itemId));
  if (chosen.length - ranked.length >= maxItems) return true;
  if (chosen.length < maxItems) return false;
  // An undated item ranks behind every dated one, so a dated item not yet read could go before it.
  if (ranked.some((i) => i.publishedAt === null)) return false;
  return ranked.every((i) => i.score - ROUNDING > bound);
}

/**
 * How many of the month's items could be on its agenda: counted in SQL (not marked not relevant, not
 * closed), less old undated items (which only their text shows), corrected for editors' drops and adds.
 */
function countCandidates(h: Horizon, q: ChooseInput, read: FeedItem[]): number {
  const { start, end, edits, selectOptions } = q;
  const { today } = selectOptions;
  const month = selectOptions.month ?? today.slice(0, 7);
  const inWindow = (i: FeedItem) => !i.backfill && i.effectiveAt >= start && i.effectiveAt < end;
  // What SQL counted for an item: in the window, not marked, not closed.
  const counted = (i: FeedItem) => inWindow(i) && !i.notRelevant && !isClosed(i, today);
  let n = h.store.items.countInWindow({ from: start, to: end, today });
  const seen = new Set<number>();
  for (const i of read) {
    if (seen.has(i.id) || edits.add.has(i.id) || edits.drop.has(i.id)) continue;
    seen.add(i.id);
    if (counted(i) && isStaleUndated(i, month, today)) n -= 1;
  }
  const edited = h.store.items.byIds([...new Set([...edits.add, ...edits.drop])]).map(q.current);
  for (const i of edited) {
    const base = counted(i) && !isStaleUndated(i, month, today) ? 1 : 0;
    const add = edits.add.has(i.id);
    let actual = 0;
    if (edits.drop.has(i.id) && inWindow(i)) actual = 0;
    else if (add && (inWindow(i) || i.effectiveAt <= q.nowIso))
      actual = isCandidate({ item: i, coverage: 1 }, selectOptions, true) ? 1 : 0;
    else if (inWindow(i)) actual = base;
    n += actual - base;
  }
  return n;
}
