import type { AgendaItem, FeedItem, FeedKind, Stage, StageGuide } from '../domain.js';
import { whyItMatters } from '../llm/blend.js';
import { shortDate } from '../time.js';

/** How much SMT attention each kind of source tends to deserve, before the item's own signals. */
const SOURCE_WEIGHT: Record<FeedKind, number> = {
  policy: 1,
  funding: 1,
  legislation: 0.9,
  parliament: 0.85,
  research: 0.7,
  news: 0.6,
};

export interface Candidate {
  item: FeedItem;
  /** How many feeds carried the same story. */
  coverage: number;
  /** Extra relevance to this organisation (its profile), with the reasons to show. */
  relevance?: { score: number; reasons: string[] };
}

export interface SelectOptions {
  maxItems: number;
  /** Today's date (YYYY-MM-DD) in the organisation's zone, for "closes in N days". */
  today: string;
  deadlineDays: number;
  guide: (stage: Stage) => StageGuide;
}

export function effectiveStage(item: FeedItem): Stage {
  return item.correctedStage ?? item.tagging.stage;
}

function daysUntil(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** A score that orders candidates: stage signal strength, themes, source kind, coverage, a live deadline. */
export function scoreCandidate(c: Candidate, today: string, deadlineDays: number): number {
  const { item } = c;
  const stage = effectiveStage(item);
  const stageScore = stage === 'unknown' ? 0.2 : item.correctedStage ? 1.5 : 0.5 + item.tagging.confidence;
  const themeScore = Math.min(item.tagging.themes.length, 3) * 0.35;
  const sourceScore = SOURCE_WEIGHT[item.feedKind] ?? 0.6;
  const coverageScore = Math.log2(Math.max(1, c.coverage)) * 0.6;
  const deadline = item.tagging.deadline;
  const days = deadline ? daysUntil(today, deadline.date) : -1;
  const deadlineScore = deadline && days >= 0 && days <= deadlineDays ? 0.8 : 0;
  // What the team has marked "not relevant" before teaches a relevance estimate; 0.5 means no opinion.
  const learned = item.tagging.relevance === undefined ? 0 : (item.tagging.relevance - 0.5) * 2;
  return (
    stageScore +
    themeScore +
    sourceScore +
    coverageScore +
    deadlineScore +
    learned +
    (c.relevance?.score ?? 0)
  );
}

function why(c: Candidate, today: string): string[] {
  const { item } = c;
  const out: string[] = [];
  const matters = whyItMatters(item.tagging.reasons);
  if (matters) out.push(`Why it matters: ${matters}`);
  if (item.correctedStage) out.push(`Stage set by a person: ${item.correctedStage}`);
  else {
    const stageReasons = item.tagging.reasons
      .filter((r) => r.kind === 'stage' || r.kind === 'model')
      .slice(0, 2);
    if (stageReasons.length) out.push(`Stage signal: ${stageReasons.map((r) => r.text).join('; ')}`);
  }
  if (c.coverage > 1) out.push(`Carried by ${c.coverage} feeds`);
  const deadline = item.tagging.deadline;
  if (deadline) {
    const days = daysUntil(today, deadline.date);
    if (days >= 0)
      out.push(`Closes ${shortDate(deadline.date)} (${days === 0 ? 'today' : `in ${days} days`})`);
  }
  if (item.tagging.amount) out.push(`Money: ${item.tagging.amount.text}`);
  for (const r of c.relevance?.reasons ?? []) out.push(r);
  return out;
}

export function toAgendaItem(
  c: Candidate,
  score: number,
  opts: Pick<SelectOptions, 'today' | 'guide'>,
): AgendaItem {
  const { item } = c;
  const stage = effectiveStage(item);
  return {
    itemId: item.id,
    title: item.title,
    link: item.link,
    source: item.feedTitle,
    feedKind: item.feedKind,
    publishedAt: item.publishedAt,
    stage,
    confidence: item.correctedStage ? 1 : item.tagging.confidence,
    themes: item.tagging.themes,
    why: why(c, opts.today),
    prompt: opts.guide(stage).prompt,
    deadline: item.tagging.deadline,
    amount: item.tagging.amount,
    coverage: c.coverage,
    score: Math.round(score * 1000) / 1000,
  };
}

/**
 * Chooses the items worth SMT time: one per story, highest score first, at most a third of the agenda
 * from any one feed (so a busy feed cannot crowd out the rest), capped at maxItems.
 * Items editors added by hand are always kept; items marked not relevant never appear.
 */
export function selectItems(
  candidates: Candidate[],
  opts: SelectOptions,
  pinned: Set<number> = new Set(),
): AgendaItem[] {
  const scored = candidates
    .filter((c) => !c.item.notRelevant)
    .map((c) => ({
      c,
      score: scoreCandidate(c, opts.today, opts.deadlineDays) + (pinned.has(c.item.id) ? 100 : 0),
    }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.c.item.effectiveAt.localeCompare(a.c.item.effectiveAt) ||
        a.c.item.id - b.c.item.id,
    );

  const perFeedCap = Math.max(2, Math.ceil(opts.maxItems / 3));
  const seenStories = new Set<string>();
  const perFeed = new Map<number, number>();
  const chosen: AgendaItem[] = [];
  for (const { c, score } of scored) {
    if (chosen.length >= opts.maxItems) break;
    if (seenStories.has(c.item.storyKey)) continue;
    const fromFeed = perFeed.get(c.item.feedId) ?? 0;
    if (fromFeed >= perFeedCap && !pinned.has(c.item.id)) continue;
    seenStories.add(c.item.storyKey);
    perFeed.set(c.item.feedId, fromFeed + 1);
    chosen.push(toAgendaItem(c, pinned.has(c.item.id) ? score - 100 : score, opts));
  }
  return chosen;
}
