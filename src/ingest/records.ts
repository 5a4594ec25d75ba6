import type { Feed, ItemRecord, ParsedItem, Tagging } from '../domain.js';
import { factsChangeAt } from '../sources/signals.js';
import type { Store, UpsertResult } from '../store/index.js';
import { extractTopics } from '../topics/index.js';
import { itemScore } from '../agenda/score.js';
import { contentHash, storyKey } from './identity.js';

/** A parsed item with the hash of its content, so the store can say whether it holds this version. */
export type HashedItem = ParsedItem & { contentHash: string };

/**
 * A feed's items that the store does not hold in this version: new ones, and known ones whose content
 * changed upstream. Only these are tagged and stored; the rest cost one indexed look-up each.
 */
export function changedItems(store: Store, feedId: number, items: readonly ParsedItem[]): HashedItem[] {
  const hashed = items.map((p) => ({ ...p, contentHash: contentHash(p) }));
  const changed = store.items.changedKeys(feedId, hashed);
  return hashed.filter((p) => changed.has(p.key));
}

/**
 * The finished record the store writes: the pipeline's last step before storing. Tagging, the story key,
 * the topics the item names and when its source facts next change meaning are all worked out here.
 */
export function toRecord(
  p: HashedItem,
  feed: Pick<Feed, 'kind'>,
  tag: (p: ParsedItem) => Tagging,
  now: Date,
): ItemRecord {
  const tagging = tag(p);
  return {
    ...p,
    storyKey: storyKey(p),
    tagging,
    retagAt: factsChangeAt(p.facts, now),
    topics: extractTopics(p.title, p.summary),
    rankScore: itemScore(tagging, feed.kind),
  };
}

/** Tags and stores a feed's new and changed items in one go (for callers with no write batching). */
export function storeItems(
  store: Store,
  feed: Feed,
  items: readonly ParsedItem[],
  tag: (p: ParsedItem) => Tagging,
  opts: { now: Date; backfillBefore: string | null },
): UpsertResult {
  const records = changedItems(store, feed.id, items).map((p) => toRecord(p, feed, tag, opts.now));
  return store.items.upsert(feed, records, {
    now: opts.now.toISOString(),
    backfillBefore: opts.backfillBefore,
  });
}
