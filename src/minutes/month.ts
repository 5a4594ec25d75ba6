// A month's minutes from what is stored, and when the month's discussion closes.
import type { Horizon } from '../context.js';
import type { Minutes, UndecidedItem } from '../domain.js';
import { nextDue } from '../schedule/rule.js';
import { agendaSchedule } from '../schedule/settings.js';
import { buildMinutes, undecidedItems } from './build.js';

const DAY_MS = 86_400_000;

/** The month's minutes as they stand now, or null when no agenda was posted that month. */
export function currentMinutes(h: Horizon, month: string): Minutes | null {
  const agenda = h.store.agendas.get(month)?.agenda;
  if (!agenda) return null;
  return buildMinutes(
    agenda,
    h.store.replies.statsForMonth(month),
    h.store.decisions.forMonth(month),
    h.now().toISOString(),
  );
}

/**
 * When the month's discussion closes and its minutes are due: HORIZON_MINUTES_AFTER_DAYS after the agenda
 * was posted, or a day before the next agenda is due, whichever comes first. Null before it is posted.
 */
export function minutesDueAt(h: Horizon, month: string): Date | null {
  const record = h.store.agendas.get(month);
  const posted = record?.postedAt ?? record?.frozenAt;
  if (!record?.agenda || !posted) return null;
  const postedAt = new Date(posted);
  const afterDays = new Date(postedAt.getTime() + h.config.minutesAfterDays * DAY_MS);
  const s = agendaSchedule(h);
  const next = nextDue(s.rule, postedAt, s.timezone);
  const dayBefore = next ? new Date(next.getTime() - DAY_MS) : null;
  // An agenda posted late (less than a day before the next) still gets its minutes, at once.
  if (dayBefore && dayBefore > postedAt && dayBefore < afterDays) return dayBefore;
  return afterDays;
}

/** Last month's items that were talked about but not decided, for this month's header. */
export function undecidedLastMonth(h: Horizon, previous: string): UndecidedItem[] {
  const minutes = currentMinutes(h, previous);
  return minutes ? undecidedItems(minutes) : [];
}
