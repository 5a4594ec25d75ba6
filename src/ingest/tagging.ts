import type { Feed, ParsedItem, Tagger, Tagging } from '../domain.js';
import { loadSourceMapping } from '../sources/mapping.js';
import { signalsFor } from '../sources/signals.js';

/**
 * Binds a tagger to a feed, so every item is tagged knowing its source's kind and themes, and what a
 * structured source (GOV.UK, Parliament) states about it, read against the clock.
 */
export function tagForFeed(
  tagger: Tagger,
  feed: Pick<Feed, 'kind' | 'themes'>,
  now: () => Date = () => new Date(),
): (p: ParsedItem) => Tagging {
  return (p) =>
    tagger.tag({
      id: p.key,
      title: p.title,
      summary: p.summary,
      feedKind: feed.kind,
      feedThemes: feed.themes,
      categories: p.categories,
      publishedAt: p.publishedAt,
      ...(p.facts ? { signals: signalsFor(p.facts, loadSourceMapping(), now()) } : {}),
    });
}
