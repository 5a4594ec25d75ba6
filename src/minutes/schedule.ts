import type { AgendaPublisher } from '../chat/types.js';
import type { Horizon } from '../context.js';
import { currentMonth } from '../agenda/build.js';
import { previousMonth } from '../time.js';
import { minutesDueAt } from './month.js';
import { type MinutesReport, postMinutesIfDue } from './post.js';

/**
 * Posts any minutes whose discussion window has closed: last month's (a window that runs past the turn of
 * the month, or minutes missed during downtime) and this month's. Called with each poll.
 */
export async function runMinutesIfDue(h: Horizon, publishers: AgendaPublisher[]): Promise<MinutesReport[]> {
  const month = currentMonth(h);
  const reports: MinutesReport[] = [];
  for (const m of [previousMonth(month), month]) {
    const report = await postMinutesIfDue(h, publishers, m, minutesDueAt(h, m));
    if (report) reports.push(report);
  }
  return reports;
}
