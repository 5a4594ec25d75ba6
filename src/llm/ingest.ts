import type { Feed, ParsedItem, Tagging } from '../domain.js';
import { blendTagging } from './blend.js';
import type { LlmRound } from './model.js';

/**
 * Asks the language model about a feed's items (those the scan is about to store) before the store's
 * transaction, and returns a tag function that blends each answer into the local tagger's. Items
 * without an answer, and any item not asked about, are tagged by the local tagger alone.
 */
export async function withLanguageModel(
  round: LlmRound,
  feed: Pick<Feed, 'kind'>,
  items: readonly ParsedItem[],
  local: (p: ParsedItem) => Tagging,
  maxThemes: number,
): Promise<(p: ParsedItem) => Tagging> {
  if (items.length === 0) return local;
  const answers = await round.answers(
    items.map((p) => ({ title: p.title, summary: p.summary, feedKind: feed.kind, categories: p.categories })),
  );
  const byItem = new Map(items.map((p, i) => [p, answers[i] ?? null]));
  return (p) => {
    const tagging = local(p);
    const answer = byItem.get(p);
    return answer ? blendTagging(tagging, answer, maxThemes) : tagging;
  };
}
