import { Cron } from 'croner';
import { DateTime } from 'luxon';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const SHORT_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * When the monthly agenda is due. "first monday 09:00" is the usual rule; a cron expression is accepted for
 * anything else. Every rule becomes one croner pattern ("0 9 * * 1#1" is the first Monday), so the next
 * run is computed directly, in the organisation's time zone, never by trying minute after minute.
 */
export type AgendaRule =
  | {
      kind: 'nth-weekday';
      nth: 1 | 2 | 3 | 4 | 'last';
      weekday: number;
      hour: number;
      minute: number;
      text: string;
      pattern: string;
    }
  | { kind: 'day-of-month'; day: number; hour: number; minute: number; text: string; pattern: string }
  | { kind: 'cron'; expression: string; text: string; pattern: string };

export class ScheduleError extends Error {}

const NTH: Record<string, 1 | 2 | 3 | 4 | 'last'> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  last: 'last',
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
};

/** Cron patterns as people write them: five fields, or six with seconds first. */
const CRON_MODE = '5-or-6-parts' as const;

function parseTime(text: string): { hour: number; minute: number } {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(text);
  const hour = m ? Number(m[1]) : NaN;
  const minute = m?.[2] ? Number(m[2]) : 0;
  if (!m || hour > 23 || minute > 59)
    throw new ScheduleError(`"${text}" is not a time of day; use HH:MM, for example 09:00.`);
  return { hour, minute };
}

function weekdayOf(word: string): number {
  const w = word.replace(/s$/, '');
  const full = WEEKDAYS.indexOf(w);
  return (full >= 0 ? full : SHORT_WEEKDAYS.indexOf(w)) + 1;
}

/**
 * Why a cron expression is not valid, in a person's words, or null when it is. Used for the agenda rule
 * and for HORIZON_POLL_CRON.
 */
export function cronProblem(expression: string): string | null {
  try {
    new Cron(expression.trim(), { mode: CRON_MODE });
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, '');
  }
}

export function parseAgendaRule(spec: string): AgendaRule {
  const text = spec.trim().toLowerCase().replace(/\s+/g, ' ');
  const nth =
    /^(first|second|third|fourth|last|1st|2nd|3rd|4th) (\w+?)(?: of the month| of each month| of every month)?(?: at)? (\d{1,2}(?::\d{2})?)$/.exec(
      text,
    );
  if (nth) {
    const weekday = weekdayOf(nth[2]!);
    if (weekday === 0) throw new ScheduleError(`"${nth[2]}" is not a day of the week.`);
    const n = NTH[nth[1]!]!;
    const { hour, minute } = parseTime(nth[3]!);
    // Cron counts Sunday as 0; luxon (and we) count Monday 1 … Sunday 7.
    const pattern = `${minute} ${hour} * * ${weekday % 7}#${n === 'last' ? 'L' : n}`;
    return { kind: 'nth-weekday', nth: n, weekday, hour, minute, text, pattern };
  }
  const day =
    /^day (\d{1,2})(?: of the month| of each month| of every month)?(?: at)? (\d{1,2}(?::\d{2})?)$/.exec(
      text,
    );
  if (day) {
    const d = Number(day[1]);
    if (d < 1 || d > 28) throw new ScheduleError('Pick a day from 1 to 28, so that every month has it.');
    const { hour, minute } = parseTime(day[2]!);
    return { kind: 'day-of-month', day: d, hour, minute, text, pattern: `${minute} ${hour} ${d} * *` };
  }
  const expression = spec.trim().replace(/\s+/g, ' ');
  if (/^\S+( \S+){4,5}$/.test(expression) && cronProblem(expression) === null)
    return { kind: 'cron', expression, text: expression, pattern: expression };
  const problem = /^\S+( \S+){4,5}$/.test(expression) ? ` (as cron: ${cronProblem(expression)})` : '';
  throw new ScheduleError(
    `"${spec}" is not a schedule I understand${problem}. Try "first monday 09:00", "last friday 16:30", "day 1 09:00" or a cron expression such as "0 9 1 * *".`,
  );
}

// One parsed pattern per rule. Croner walks the pattern over wall-clock fields; it is run at a fixed UTC
// offset of 0 on the zone's wall-clock time, and luxon (whose zone formatters are cached) converts to and
// from the zone. Croner's own time-zone path builds a new Intl formatter for every conversion, which
// alone costs about a millisecond a call on a busy machine.
const crons = new Map<string, Cron>();

function cronFor(rule: AgendaRule): Cron {
  let c = crons.get(rule.pattern);
  if (!c) {
    c = new Cron(rule.pattern, { utcOffset: 0, mode: CRON_MODE });
    if (crons.size > 100) crons.clear();
    crons.set(rule.pattern, c);
  }
  return c;
}

/**
 * The next due moment strictly after `after`, in the given time zone. A wall-clock time that a clock
 * change skips fires when the clocks have gone forward (01:30 on the last Sunday of March is 02:30 BST);
 * one that happens twice fires once.
 */
export function nextDue(rule: AgendaRule, after: Date, zone: string): Date | null {
  const wall = DateTime.fromJSDate(after, { zone });
  if (!wall.isValid) return null;
  let probe = new Date(
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond),
  );
  const cron = cronFor(rule);
  // Twice is enough: only a repeated hour can give a wall time whose instant is not after `after`.
  for (let i = 0; i < 3; i++) {
    const next = cron.nextRun(probe);
    if (!next) return null;
    const instant = DateTime.fromObject(
      {
        year: next.getUTCFullYear(),
        month: next.getUTCMonth() + 1,
        day: next.getUTCDate(),
        hour: next.getUTCHours(),
        minute: next.getUTCMinutes(),
        second: next.getUTCSeconds(),
      },
      { zone },
    ).toJSDate();
    if (instant.getTime() > after.getTime()) return instant;
    probe = next;
  }
  return null;
}

/** The moment the agenda for a month (YYYY-MM) is due, in the given time zone; null when the rule skips it. */
export function dueInMonth(rule: AgendaRule, month: string, zone: string): Date | null {
  const start = DateTime.fromFormat(month, 'yyyy-LL', { zone }).startOf('month');
  if (!start.isValid) return null;
  const due = nextDue(rule, new Date(start.toMillis() - 1000), zone);
  return due && due.getTime() < start.plus({ months: 1 }).toMillis() ? due : null;
}
