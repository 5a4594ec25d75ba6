import type { Horizon } from '../../context.js';
import { loadTaxonomy } from '../../tagging/taxonomy.js';

/** The theme slugs people may use: the taxonomy the running tagger was built from. */
export function knownThemes(h: Horizon): string[] {
  const fromTagger = (h.tagger as { taxonomy?: { themes: { slug: string }[] } }).taxonomy;
  return (fromTagger ?? loadTaxonomy(h.config.taxonomyPath)).themes.map((t) => t.slug);
}
