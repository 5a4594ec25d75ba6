import type { Feed, ParsedItem, Tagger, Tagging } from '../domain.js';

/** Binds a tagger to a feed, so every item is tagged knowing its source's kind and themes. */
export function tagForFeed(tagger: Tagger, feed: Pick<Feed, 'kind' | 'themes'>): (p: ParsedItem) => Tagging {
  return (p) =>
    tagger.tag({
      id: p.key,
      title: p.title,
      summary: p.summary,
      feedKind: feed.kind,
      feedThemes: feed.themes,
      categories: p.categories,
      publishedAt: p.publishedAt,
    });
}
