import type { Horizon } from '../context.js';
import type { FeedItem, ParsedItem } from '../domain.js';
import { tagForFeed } from '../ingest/tagging.js';
import { itemScore } from '../agenda/score.js';
import { factsChangeAt } from './signals.js';

/** When an item's facts next change meaning by the clock; for the store's `retag_at`. */
export function retagAtFor(now: () => Date): (p: ParsedItem) => string | null {
  return (p) => factsChangeAt(p.facts, now());
}

/**
 * Tags again the items whose source facts have changed meaning since they were tagged: a consultation
 * that has closed is never shown as open. Cheap when nothing is due (one indexed query).
 */
export function retagDueItems(h: Horizon): number {
  const now = h.now();
  const due = h.store.items.dueRetag(now.toISOString());
  if (due.length === 0) return 0;
  const at = retagAtFor(() => now);
  h.store.transaction(() => {
    for (const { item, feedThemes } of due) {
      const tagging = tagForFeed(h.tagger, { kind: item.feedKind, themes: feedThemes }, () => now)(item);
      const { relevance } = item.tagging;
      // Stored as saveRetag keeps it: the learned relevance stays the stored one.
      const score = itemScore(
        { ...tagging, ...(relevance !== undefined ? { relevance } : { relevance: undefined }) },
        item.feedKind,
      );
      h.store.items.saveRetag(item.id, tagging, at(item), now.toISOString(), score);
    }
  });
  h.log.info({ items: due.length }, 'retagged items whose consultation opened or closed');
  return due.length;
}

/**
 * The items whose source facts have changed meaning since they were stored, tagged again in memory only:
 * what an agenda built now (a preview, which writes nothing) must show instead of the stored tagging.
 */
export function retaggedNow(h: Horizon): Map<number, FeedItem> {
  const now = h.now();
  const out = new Map<number, FeedItem>();
  for (const { item, feedThemes } of h.store.items.dueRetag(now.toISOString())) {
    const { relevance: _fresh, ...tagging } = tagForFeed(
      h.tagger,
      { kind: item.feedKind, themes: feedThemes },
      () => now,
    )(item);
    // As saveRetag stores it: the amount and the learned relevance stay the stored ones.
    const { relevance } = item.tagging;
    out.set(item.id, {
      ...item,
      tagging: { ...tagging, amount: item.tagging.amount, ...(relevance !== undefined ? { relevance } : {}) },
    });
  }
  return out;
}
