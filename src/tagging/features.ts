import type { TagInput } from '../domain.js';
import { tokenize, type Token } from './text.js';

/**
 * The words of an item as a learned model sees them: stemmed unigrams and bigrams, with title words
 * marked `t:` (a headline says more than a standfirst), and the kind of feed as `src:<kind>`.
 * Bigrams do not cross a sentence break. The list has no duplicates.
 */
export function features(input: TagInput): string[] {
  const out = new Set<string>();
  addGrams(out, tokenize(input.title ?? ''), 't:');
  addGrams(out, tokenize(input.summary ?? ''), '');
  if (input.feedKind) out.add(`src:${input.feedKind}`);
  return [...out];
}

function addGrams(out: Set<string>, tokens: Token[], prefix: string): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    out.add(prefix + t.stem);
    const next = tokens[i + 1];
    if (next && !next.breakBefore) out.add(`${prefix}${t.stem}_${next.stem}`);
  }
}
