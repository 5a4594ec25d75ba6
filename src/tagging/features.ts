import type { FeedKind, TagInput } from '../domain.js';
import { tokenize, type Token } from './text.js';

/**
 * The words of an item as a learned model sees them: stemmed unigrams and bigrams, with title words
 * marked `t:` (a headline says more than a standfirst), and the kind of feed as `src:<kind>`.
 * Bigrams do not cross a sentence break. The list has no duplicates.
 */
export function features(input: TagInput): string[] {
  return featuresOf(tokenize(input.title ?? ''), tokenize(input.summary ?? ''), input.feedKind);
}

/** The same, from tokens the tagger already has, so an item is tokenised once. */
export function featuresOf(
  title: readonly Token[],
  summary: readonly Token[],
  feedKind?: FeedKind,
): string[] {
  const out = new Set<string>();
  addGrams(out, title, 't:');
  addGrams(out, summary, '');
  if (feedKind) out.add(`src:${feedKind}`);
  return [...out];
}

function addGrams(out: Set<string>, tokens: readonly Token[], prefix: string): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out.add(prefix + t.stem);
    const next = tokens[i + 1];
    if (next && !next.breakBefore) out.add(`${prefix}${t.stem}_${next.stem}`);
  }
}
