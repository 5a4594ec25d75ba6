import type { AgendaChart } from '../chat/types.js';
import type { Horizon } from '../context.js';
import { chartTopicsFrom, renderAgendaChart } from '../chart/index.js';
import { topicsForMonth } from '../topics/index.js';
import { linkMonthTopics } from './enrich.js';

/** This month's topics drawn on the hype cycle, or null when there are none to draw. */
export function agendaChart(h: Horizon, month: string): AgendaChart | null {
  linkMonthTopics(h, month);
  const topics = topicsForMonth(h.db, month).filter((t) => t.stage !== 'unknown' || t.pinned);
  if (topics.length === 0) return null;
  return renderAgendaChart(month, chartTopicsFrom(topics));
}
