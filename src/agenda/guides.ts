import type { Stage, StageGuide } from '../domain.js';
import { ALL_STAGES } from '../domain.js';
import { guideOf, type Taxonomy } from '../tagging/taxonomy.js';

// The tactic and discussion prompt for each stage live in the taxonomy file, so comms staff can reword them.
// The agenda reads them from the one taxonomy the tagger was built from (HORIZON_TAXONOMY or the shipped one).
import { stageGuide } from '../tagging/index.js';

export { stageGuide };

/** Every stage's guide from the shipped taxonomy, for renderers and tests that have no agenda at hand. */
export function shippedGuides(): Record<Stage, StageGuide> {
  return Object.fromEntries(ALL_STAGES.map((s) => [s, stageGuide(s)])) as Record<Stage, StageGuide>;
}

/** Every stage's guide from a taxonomy. */
export function guidesOf(taxonomy: Taxonomy): Record<Stage, StageGuide> {
  return Object.fromEntries(ALL_STAGES.map((s) => [s, guideOf(taxonomy, s)])) as Record<Stage, StageGuide>;
}

/** A theme's name for people ("Health and care" for `health-care`); the slug itself when the taxonomy has no such theme. */
export function themeNamer(taxonomy: Taxonomy): (slug: string) => string {
  const names = new Map(taxonomy.themes.map((t) => [t.slug, t.label]));
  return (slug) => names.get(slug) ?? slug;
}
