import cron from 'node-cron';
import { DateTime } from 'luxon';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * When the monthly agenda is due. "first monday 09:00" is the usual rule; a cron expression is accepted for
 * anything else. Cron alone cannot say "the first Monday": `0 9 1-7 * 1` means days 1–7 OR any Monday.
 */
export type AgendaRule =
  | {
      kind: 'nth-weekday';
      nth: 1 | 2 | 3 | 4 | 'last';
      weekday: number;
      hour: number;
      minute: number;
      text: string;
    }
  | { kind: 'day-of-month'; day: number; hour: number; minute: number; text: string }
  | { kind: 'cron'; expression: string; text: string };

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

function parseTime(text: string): { hour: number; minute: number } {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(text);
  const hour = m ? Number(m[1]) : NaN;
  const minute = m?.[2] ? Number(m[2]) : 0;
  if (!m || hour > 23 || minute > 59)
    throw new ScheduleError(`"${text}" is not a time of day; use HH:MM, for example 09:00.`);
  return { hour, minute };
}

export function parseAgendaRule(spec: string): AgendaRule {
  const text = spec.trim().toLowerCase().replace(/\s+/g, ' ');
  const nth =
    /^(first|second|third|fourth|last|1st|2nd|3rd|4th) (\w+?)(?: of the month)?(?: at)? (\d{1,2}(?::\d{2})?)$/.exec(
      text,
    );
  if (nth) {
    const weekday = WEEKDAYS.indexOf(nth[2]!.replace(/s$/, '')) + 1;
    if (weekday === 0) throw new ScheduleError(`"${nth[2]}" is not a day of the week.`);
    return { kind: 'nth-weekday', nth: NTH[nth[1]!]!, weekday, ...parseTime(nth[3]!), text };
  }
  const day = /^day (\d{1,2})(?: at)? (\d{1,2}(?::\d{2})?)$/.exec(text);
  if (day) {
    const d = Number(day[1]);
    if (d < 1 || d > 28) throw new ScheduleError('Pick a day from 1 to 28, so that every month has it.');
    return { kind: 'day-of-month', day: d, ...parseTime(day[2]!), text };
  }
  if (cron.validate(spec.trim())) return { kind: 'cron', expression: spec.trim(), text: spec.trim() };
  throw new ScheduleError(
    `"${spec}" is not a schedule I understand. Try "first monday 09:00", "day 1 09:00" or a cron expression such as "0 9 1 * *".`,
  );
}

function nthWeekdayOfMonth(month: DateTime, nth: 1 | 2 | 3 | 4 | 'last', weekday: number): DateTime {
  if (nth === 'last') {
    const last = month.endOf('month').startOf('day');
    return last.minus({ days: (last.weekday - weekday + 7) % 7 });
  }
  const first = month.startOf('month');
  return first.plus({ days: ((weekday - first.weekday + 7) % 7) + (nth - 1) * 7 });
}

/** The moment the agenda for a month (YYYY-MM) is due, in the given time zone. */
export function dueInMonth(rule: AgendaRule, month: string, zone: string): Date | null {
  const start = DateTime.fromFormat(month, 'yyyy-LL', { zone }).startOf('month');
  if (rule.kind === 'nth-weekday') {
    const day = nthWeekdayOfMonth(start, rule.nth, rule.weekday);
    return day.set({ hour: rule.hour, minute: rule.minute }).toJSDate();
  }
  if (rule.kind === 'day-of-month') {
    return start.set({ day: rule.day, hour: rule.hour, minute: rule.minute }).toJSDate();
  }
  // A cron rule: its first firing within the month.
  const task = cron.createTask(rule.expression, () => undefined, { timezone: zone });
  const end = start.plus({ months: 1 });
  for (let t = start; t < end; t = t.plus({ minutes: 1 })) {
    if (task.match(t.toJSDate())) return t.toJSDate();
  }
  return null;
}

/** The next due moment strictly after `after`. */
export function nextDue(rule: AgendaRule, after: Date, zone: string): Date | null {
  let month = DateTime.fromJSDate(after, { zone }).startOf('month');
  for (let i = 0; i < 14; i++, month = month.plus({ months: 1 })) {
    const due = dueInMonth(rule, month.toFormat('yyyy-LL'), zone);
    if (due && due.getTime() > after.getTime()) return due;
  }
  return null;
}

/**
 * The cron expression that wakes the scheduler: every day the rule could fall on, at its time. The
 * scheduler then checks `dueInMonth` itself, which is what makes "first Monday" mean the first Monday.
 */
export function wakeExpression(rule: AgendaRule): string {
  if (rule.kind === 'cron') return rule.expression;
  if (rule.kind === 'day-of-month') return `${rule.minute} ${rule.hour} ${rule.day} * *`;
  const days = rule.nth === 'last' ? '22-31' : `${(rule.nth - 1) * 7 + 1}-${rule.nth * 7}`;
  return `${rule.minute} ${rule.hour} ${days} * *`;
}
