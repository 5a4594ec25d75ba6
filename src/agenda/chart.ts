import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgendaChart } from '../chat/types.js';
import type { Horizon } from '../context.js';
import { chartTopicsFrom, renderAgendaChart } from '../chart/index.js';

/** This month's topics drawn on the hype cycle, or null when there are none to draw. */
export function agendaChart(h: Horizon, month: string): AgendaChart | null {
  // Only reads: topics were linked when their items were stored, and a replay draws nothing from later.
  const topics = h.store.topics
    .forMonth(month, h.now().toISOString())
    .filter((t) => t.stage !== 'unknown' || t.pinned);
  if (topics.length === 0) return null;
  return renderAgendaChart(month, chartTopicsFrom(topics));
}

/** Writes a chart as SVG and PNG into a folder; returns the PNG's path. */
export function saveChart(chart: AgendaChart, dir: string, month: string): string {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `hype-cycle-${month}`);
  writeFileSync(`${base}.svg`, chart.svg);
  writeFileSync(`${base}.png`, chart.png);
  return `${base}.png`;
}
