import type { FeedKind, Stage, Tagging } from '../domain.js';

/** How much SMT attention each kind of source tends to deserve, before the item's own signals. */
export const SOURCE_WEIGHT: Record<FeedKind, number> = {
  policy: 1,
  funding: 1,
  legislation: 0.9,
  parliament: 0.85,
  research: 0.7,
  news: 0.6,
};

/** Coverage's part of the score: how many feeds carried the story, on a log scale. */
export const COVERAGE_WEIGHT = 0.6;

/**
 * The part of an item's score that depends on the item alone (stage signal, themes, source kind, what
 * the team's "not relevant" marks taught), without a person's correction. Ingest stores it with the item
 * (`rank_score`) so SQL can hand the agenda the month's best candidates; migrations/011_rank_score.sql
 * computes the same for items stored before.
 */
export function itemScore(tagging: Tagging, feedKind: FeedKind, correctedStage: Stage | null = null): number {
  const stage = correctedStage ?? tagging.stage;
  const stageScore = stage === 'unknown' ? 0.2 : correctedStage ? 1.5 : 0.5 + tagging.confidence;
  const themeScore = Math.min(tagging.themes.length, 3) * 0.35;
  const sourceScore = SOURCE_WEIGHT[feedKind] ?? 0.6;
  // 0.5 means no opinion.
  const learned = tagging.relevance === undefined ? 0 : (tagging.relevance - 0.5) * 2;
  return stageScore + themeScore + sourceScore + learned;
}

export function coverageScore(coverage: number): number {
  return Math.log2(Math.max(1, coverage)) * COVERAGE_WEIGHT;
}
