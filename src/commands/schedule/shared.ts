import { DateTime } from 'luxon';

/** A date as the agenda's readers say it: "Monday 6 April 2026 at 09:00 BST". */
export function when(date: Date | null, zone: string): string {
  return date
    ? DateTime.fromJSDate(date, { zone }).toFormat("cccc d LLLL yyyy 'at' HH:mm ZZZZ")
    : 'not scheduled';
}
