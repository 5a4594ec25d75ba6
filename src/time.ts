import { DateTime } from 'luxon';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

/** YYYY-MM-DD naming a day that exists (not 2026-13-45, not 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** The month (YYYY-MM) that an instant falls in, in the organisation's time zone. */
export function monthOf(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-LL');
}

/** The first and last instants of a month in a time zone, as UTC ISO strings: [start, end). */
export function monthBounds(month: string, zone: string): { start: string; end: string } {
  const start = DateTime.fromFormat(month, 'yyyy-LL', { zone }).startOf('month');
  if (!start.isValid) throw new Error(`"${month}" is not a month; use YYYY-MM, for example 2026-03.`);
  return { start: start.toUTC().toISO()!, end: start.plus({ months: 1 }).toUTC().toISO()! };
}

export function previousMonth(month: string): string {
  return DateTime.fromFormat(month, 'yyyy-LL', { zone: 'UTC' }).minus({ months: 1 }).toFormat('yyyy-LL');
}

export function nextMonth(month: string): string {
  return DateTime.fromFormat(month, 'yyyy-LL', { zone: 'UTC' }).plus({ months: 1 }).toFormat('yyyy-LL');
}

/** "March 2026" */
export function monthLabel(month: string): string {
  if (!isMonth(month)) return month;
  return DateTime.fromFormat(month, 'yyyy-LL', { zone: 'UTC' }).toFormat('LLLL yyyy');
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

export function daysBetween(fromDate: string, toDate: string): number {
  const a = DateTime.fromISO(fromDate, { zone: 'UTC' });
  const b = DateTime.fromISO(toDate, { zone: 'UTC' });
  return Math.round(b.diff(a, 'days').days);
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** "3 Mar 2026" */
export function shortDate(isoOrDate: string): string {
  return DateTime.fromISO(isoOrDate, { zone: 'UTC' }).toFormat('d LLL yyyy');
}
