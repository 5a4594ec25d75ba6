import type { Agenda, AgendaDeadline, AgendaSection, Stage, TopicMovement } from '../domain.js';
import { ALL_STAGES } from '../domain.js';
import type { Horizon } from '../context.js';
import { listFeeds } from '../store/feeds.js';
import { getItem, itemsInWindow, storyCoverage, upcomingDeadlines } from '../store/items.js';
import { decisionsForMonth } from '../store/decisions.js';
import { overrides } from '../store/agendas.js';
import { storyCoverageInWindow } from '../store/stories.js';
import { addDays, dateIn, daysBetween, monthBounds, monthOf, previousMonth } from '../time.js';
import { stageGuide } from './guides.js';
import { type Candidate, selectItems } from './select.js';

export function currentMonth(h: Horizon): string {
  return monthOf(h.now(), h.config.timezone);
}

/** Hooks that enrich an agenda (topic movements, the organisation's profile) without the agenda depending on them. */
export interface AgendaEnrichers {
  relevance?: (c: Candidate) => { score: number; reasons: string[] } | undefined;
  movements?: (month: string) => TopicMovement[];
}

/**
 * Builds a month's agenda from what is stored: the month's new items ranked and capped, grouped by stage
 * with each stage's tactic, funding deadlines coming up, feeds that need attention, last month's decisions.
 */
export function buildAgenda(h: Horizon, month: string, enrichers: AgendaEnrichers = {}): Agenda {
  const { db, config } = h;
  const { start, end } = monthBounds(month, config.timezone);
  const today = dateIn(h.now(), config.timezone);
  const edits = overrides(db, month);

  const coverageByStory = storyCoverageInWindow(db, start, end);
  const coverage = (key: string) => {
    let n = coverageByStory.get(key);
    if (n === undefined) coverageByStory.set(key, (n = storyCoverage(db, key)));
    return n;
  };

  const inWindow = itemsInWindow(db, start, end).filter((i) => !edits.drop.has(i.id));
  const added = [...edits.add]
    .filter((id) => !inWindow.some((i) => i.id === id))
    .map((id) => getItem(db, id))
    .filter((i): i is NonNullable<typeof i> => i !== null);
  const candidates: Candidate[] = [...inWindow, ...added].map((item) => {
    const c: Candidate = { item, coverage: coverage(item.storyKey) };
    const relevance = enrichers.relevance?.(c);
    return relevance ? { ...c, relevance } : c;
  });

  const chosen = selectItems(
    candidates,
    { maxItems: config.agendaMaxItems, today, deadlineDays: config.deadlineDays, guide: stageGuide },
    edits.add,
  );

  const sections: AgendaSection[] = ALL_STAGES.map((stage) => ({
    stage,
    guide: stageGuide(stage),
    items: chosen.filter((i) => i.stage === stage),
  })).filter((s) => s.items.length > 0);

  const counts = Object.fromEntries(ALL_STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const item of chosen) counts[item.stage] += 1;

  const seenDeadlineStories = new Set<string>();
  const deadlines: AgendaDeadline[] = [];
  for (const item of upcomingDeadlines(db, today, addDays(today, config.deadlineDays))) {
    if (item.notRelevant || !item.tagging.deadline || seenDeadlineStories.has(item.storyKey)) continue;
    seenDeadlineStories.add(item.storyKey);
    deadlines.push({
      itemId: item.id,
      title: item.title,
      link: item.link,
      source: item.feedTitle,
      deadline: item.tagging.deadline,
      amount: item.tagging.amount,
      daysLeft: daysBetween(today, item.tagging.deadline.date),
    });
  }
  deadlines.sort((a, b) => a.deadline.date.localeCompare(b.deadline.date) || a.itemId - b.itemId);

  const feedsNeedingAttention = listFeeds(db)
    .filter((f) => f.health.status === 'failing')
    .map((f) => ({ feedId: f.id, title: f.title, reason: f.health.lastError ?? 'failing' }));

  return {
    month,
    generatedAt: h.now().toISOString(),
    sections,
    deadlines: deadlines.slice(0, 10),
    feedsNeedingAttention,
    lastMonthDecisions: decisionsForMonth(db, previousMonth(month)),
    movements: enrichers.movements?.(month) ?? [],
    counts,
    candidateCount: candidates.filter((c) => !c.item.notRelevant).length,
  };
}
