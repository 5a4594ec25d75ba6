import { undecidedLastMonth } from '../minutes/month.js';
import type {
  Agenda,
  AgendaDeadline,
  AgendaItem,
  AgendaSection,
  FeedItem,
  Stage,
  StageGuide,
  TopicMovement,
} from '../domain.js';
import { ALL_STAGES } from '../domain.js';
import type { Horizon } from '../context.js';
import { failingServices } from '../sources/api.js';
import { retaggedNow } from '../sources/retag.js';
import { addDays, dateIn, daysBetween, monthBounds, monthOf, previousMonth } from '../time.js';
import { guidesOf, themeNamer } from './guides.js';
import { chooseItems } from './candidates.js';
import { type Candidate, isStaleUndated } from './select.js';

/** Deadlines of each kind the header lists. */
const DEADLINES_PER_KIND = 10;

export function currentMonth(h: Horizon): string {
  return monthOf(h.now(), h.config.timezone);
}

/** Hooks that enrich an agenda (topic movements, the organisation's profile) without the agenda depending on them. */
export interface AgendaEnrichers {
  relevance?: (c: Candidate) => { score: number; reasons: string[] } | undefined;
  /** The most `relevance` can add to a score; without it every candidate of the month is read. */
  relevanceMax?: number;
  movements?: (month: string) => TopicMovement[];
  /** Extra lines under a chosen item (who recently funded similar work, from 360Giving). */
  notes?: (item: AgendaItem) => string[];
}

/**
 * Builds a month's agenda from what is stored: the month's new items ranked and capped, grouped by stage
 * with each stage's tactic, funding calls and consultations closing soon, feeds that need attention, last
 * month's decisions. Nothing published after now is shown, so a replay of a past moment never shows the
 * future; tactics, prompts and theme names come from the taxonomy the tagger uses.
 */
export function buildAgenda(h: Horizon, month: string, enrichers: AgendaEnrichers = {}): Agenda {
  const { store, config } = h;
  // A consultation that opened or closed since the last scan is read as it stands now, in memory only:
  // building an agenda writes nothing (the next scan or post stores the new tagging).
  const retagged = retaggedNow(h);
  const current = <T extends { id: number }>(item: T): T | FeedItem => retagged.get(item.id) ?? item;
  const bounds = monthBounds(month, config.timezone);
  const nowIso = h.now().toISOString();
  const start = bounds.start;
  // Up to and including now: an item first seen at this very moment is this month's.
  const justAfterNow = new Date(h.now().getTime() + 1).toISOString();
  const end = bounds.end < justAfterNow ? bounds.end : justAfterNow;
  const today = dateIn(h.now(), config.timezone);
  const edits = store.agendas.overrides(month);
  const guides = guidesOf(h.taxonomy);
  const guide = (stage: Stage): StageGuide => guides[stage];

  const selectOptions = {
    maxItems: config.agendaMaxItems,
    today,
    month,
    deadlineDays: config.deadlineDays,
    guide,
    themeName: themeNamer(h.taxonomy),
  };
  const { chosen, candidateCount } = chooseItems(h, {
    start,
    end,
    nowIso,
    edits,
    current,
    retagged: [...retagged.values()],
    enrichers,
    selectOptions,
  });
  if (enrichers.notes) for (const item of chosen) item.why.push(...enrichers.notes(item));

  const sections: AgendaSection[] = ALL_STAGES.map((stage) => ({
    stage,
    guide: guide(stage),
    items: chosen.filter((i) => i.stage === stage),
  })).filter((s) => s.items.length > 0);

  const counts = Object.fromEntries(ALL_STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const item of chosen) counts[item.stage] += 1;

  const seenDeadlineStories = new Set<string>();
  const deadlines: AgendaDeadline[] = [];
  const perKind = new Map<string, number>();
  const lastDay = addDays(today, config.deadlineDays);
  const upcoming = store.items.upcomingDeadlines(today, lastDay, nowIso);
  // Items tagged again by the clock: a deadline can appear (a consultation opened) or go (it closed).
  const known = new Set(upcoming.map((i) => i.id));
  const withDeadlines = [...upcoming.map(current), ...[...retagged.values()].filter((i) => !known.has(i.id))]
    .filter((i) => {
      const d = i.tagging.deadline;
      return d !== null && d.date >= today && d.date <= lastDay && i.effectiveAt <= nowIso;
    })
    .sort((a, b) => a.tagging.deadline!.date.localeCompare(b.tagging.deadline!.date) || a.id - b.id);
  for (const item of withDeadlines) {
    const deadline = item.tagging.deadline;
    if (item.notRelevant || !deadline || seenDeadlineStories.has(item.storyKey)) continue;
    if (isStaleUndated(item, month, today)) continue;
    const n = perKind.get(deadline.kind) ?? 0;
    if (n >= DEADLINES_PER_KIND) continue;
    perKind.set(deadline.kind, n + 1);
    seenDeadlineStories.add(item.storyKey);
    deadlines.push({
      kind: deadline.kind,
      itemId: item.id,
      title: item.title,
      link: item.link,
      source: item.feedTitle,
      deadline,
      amount: item.tagging.amount,
      daysLeft: daysBetween(today, deadline.date),
    });
  }
  deadlines.sort((a, b) => a.deadline.date.localeCompare(b.deadline.date) || a.itemId - b.itemId);

  const feedsNeedingAttention = store.feeds
    .list()
    .filter((f) => f.health.status === 'failing')
    .map((f) => ({ feedId: f.id, title: f.title, reason: f.health.lastError ?? 'failing' }))
    // A structured service (GOV.UK's Content API) that is failing is reported the same way, with no feed id.
    .concat(failingServices(h).map((s) => ({ feedId: 0, title: s.service, reason: s.reason })));

  return {
    month,
    generatedAt: h.now().toISOString(),
    sections,
    deadlines,
    guides,
    feedsNeedingAttention,
    lastMonthDecisions: store.decisions.carried(previousMonth(month)),
    lastMonthUndecided: undecidedLastMonth(h, previousMonth(month)),
    movements: enrichers.movements?.(month) ?? [],
    counts,
    candidateCount,
  };
}
