import { monthLabel, shortDate } from '../../../src/time.js';

/** `2026-11` → `November 2026`. */
export { monthLabel };

/** An ISO date or time as `12 Jan 2027` (the calendar day as written, so no time zone can move it). */
export function dayLabel(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const m = /^\d{4}-\d{2}-\d{2}/.exec(iso);
  return m ? shortDate(m[0]) : null;
}
