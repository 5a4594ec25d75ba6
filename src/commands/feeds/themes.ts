import type { Horizon } from '../../context.js';

/** The theme slugs people may use: the taxonomy the running tagger was built from. */
export async function knownThemes(h: Horizon): Promise<string[]> {
  const fromTagger = (h.tagger as { taxonomy?: { themes: { slug: string }[] } }).taxonomy;
  // The taxonomy file is read only when a feed is added, not by every command.
  const taxonomy =
    fromTagger ?? (await import('../../tagging/taxonomy.js')).loadTaxonomy(h.config.taxonomyPath);
  return taxonomy.themes.map((t) => t.slug);
}
