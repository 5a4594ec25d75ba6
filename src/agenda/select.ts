import type { AgendaItem, FeedItem, Stage, StageGuide } from '../domain.js';
import { coverageScore, itemScore } from './score.js';

/** What a deadline inside the window adds to an item's score. */
export const DEADLINE_SCORE = 0.8;
import { whyItMatters } from '../llm/blend.js';
import { shortDate } from '../time.js';

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
  /** The agenda's month (YYYY-MM); undated items that speak of earlier years are not its news. Default: today's. */
  month?: string;
  deadlineDays: number;
  guide: (stage: Stage) => StageGuide;
  /** A theme's name for people, from the taxonomy; the slug when it has none. */
  themeName?: (slug: string) => string;
}

export function effectiveStage(item: FeedItem): Stage {
  return item.correctedStage ?? item.tagging.stage;
}

function daysUntil(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** A call whose closing date has passed: it is never presented as open. */
export function isClosed(item: FeedItem, today: string): boolean {
  const deadline = item.tagging.deadline;
  return deadline !== null && deadline.date < today;
}

// A year as a year, not money ("£2000") or part of a longer number.
const YEAR = /(?<![£$€\d,.])\b(19[5-9]\d|20\d\d)\b(?![,.]?\d)/g;
const LINK_YEAR = /\/((?:19|20)\d\d)\/(?:[01]?\d\/)?/;

/**
 * An item whose feed gives no date is taken as new when first seen, unless it says it is old: a closed
 * call, a link dated in an earlier year ("/2013/11/"), or text whose latest year is two or more years
 * before the agenda's ("reforms from April 2016" in 2020). A year with no such evidence stays news.
 */
export function isStaleUndated(item: FeedItem, month: string, today: string): boolean {
  if (item.publishedAt) return false;
  if (isClosed(item, today)) return true;
  const year = Number(month.slice(0, 4));
  const linkYear = LINK_YEAR.exec(item.link ?? '');
  if (linkYear && Number(linkYear[1]) < year) return true;
  let latest = 0;
  for (const m of `${item.title} ${item.summary}`.matchAll(YEAR)) latest = Math.max(latest, Number(m[1]));
  return latest > 0 && latest < year - 1;
}

/** A score that orders candidates: stage signal strength, themes, source kind, coverage, a live deadline. */
export function scoreCandidate(c: Candidate, today: string, deadlineDays: number): number {
  const { item } = c;
  const deadline = item.tagging.deadline;
  const days = deadline ? daysUntil(today, deadline.date) : -1;
  const deadlineScore = deadline && days >= 0 && days <= deadlineDays ? DEADLINE_SCORE : 0;
  return (
    itemScore(item.tagging, item.feedKind, item.correctedStage) +
    coverageScore(c.coverage) +
    deadlineScore +
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
    const what = deadline.kind === 'consultation' ? 'Consultation closes' : 'Closes';
    if (days >= 0)
      out.push(`${what} ${shortDate(deadline.date)} (${days === 0 ? 'today' : `in ${days} days`})`);
    else out.push(`Closed ${shortDate(deadline.date)}`);
  }
  if (item.tagging.amount) out.push(`Money: ${item.tagging.amount.text}`);
  for (const r of c.relevance?.reasons ?? []) out.push(r);
  return out;
}

export function toAgendaItem(
  c: Candidate,
  score: number,
  opts: Pick<SelectOptions, 'today' | 'guide' | 'themeName'>,
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
    themeNames: item.tagging.themes.map((t) => opts.themeName?.(t) ?? t),
    why: why(c, opts.today),
    prompt: opts.guide(stage).prompt,
    deadline: item.tagging.deadline,
    ...(isClosed(item, opts.today) ? { closed: true } : {}),
    amount: item.tagging.amount,
    coverage: c.coverage,
    score: Math.round(score * 1000) / 1000,
  };
}

/**
 * Whether an item can be on the agenda at all: not marked not relevant, not a call that has closed, not
 * an undated item that says it is old. Items editors added by hand are kept whatever they say (a closed
 * call then shows "Closed 5 Oct 2018").
 */
export function isCandidate(
  c: Candidate,
  opts: Pick<SelectOptions, 'today' | 'month'>,
  pinned = false,
): boolean {
  if (c.item.notRelevant) return false;
  if (pinned) return true;
  const month = opts.month ?? opts.today.slice(0, 7);
  return !isClosed(c.item, opts.today) && !isStaleUndated(c.item, month, opts.today);
}

/**
 * Chooses the items worth SMT time: one per story, highest score first, at most a third of the agenda
 * from any one feed (so a busy feed cannot crowd out the rest), capped at maxItems.
 * Items editors added by hand come first and are always kept; then items with a real date; items whose
 * feed gives no date (first seen stands in for it) never go ahead of those. Items marked not relevant,
 * closed calls and old undated items never appear.
 */
export function selectItems(
  candidates: Candidate[],
  opts: SelectOptions,
  pinned: Set<number> = new Set(),
): AgendaItem[] {
  const tier = (c: Candidate) => (pinned.has(c.item.id) ? 0 : c.item.publishedAt ? 1 : 2);
  const scored = candidates
    .filter((c) => isCandidate(c, opts, pinned.has(c.item.id)))
    .map((c) => ({ c, tier: tier(c), score: scoreCandidate(c, opts.today, opts.deadlineDays) }))
    .sort(
      (a, b) =>
        a.tier - b.tier ||
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
    chosen.push(toAgendaItem(c, score, opts));
  }
  return chosen;
}
