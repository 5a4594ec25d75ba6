import type { AgendaChart } from '../chat/types.js';
import { STAGES, type Stage } from '../domain.js';
import { drawHypeCycle, layoutHypeCycle } from './hype-cycle.js';
import type { ChartTopic, HypeCycleLayout } from './layout.js';
import { STAGE_LABELS } from './palette.js';
import { svgToPng } from './png.js';

export type { ChartTopic } from './layout.js';
export { renderHypeCycleSvg, layoutHypeCycle } from './hype-cycle.js';
export { svgToPng } from './png.js';

const isKnown = (s: Stage | null | undefined): s is (typeof STAGES)[number] =>
  s != null && (STAGES as readonly string[]).includes(s);

/**
 * This month's topics (as `topicsForMonth` returns them) in the shape the chart takes: each coloured
 * by its most frequent theme.
 */
export function chartTopicsFrom(
  topics: { name: string; stage: Stage; themes: string[]; movedFrom: Stage | null }[],
): ChartTopic[] {
  return topics.map((t) => ({
    name: t.name,
    stage: t.stage,
    movedFrom: t.movedFrom,
    ...(t.themes[0] ? { theme: t.themes[0] } : {}),
  }));
}

/** One sentence describing the chart, for people who cannot see it. */
export function chartAltText(layout: HypeCycleLayout, topics: ChartTopic[]): string {
  const placed = topics.filter((t) => isKnown(t.stage)).slice(0, layout.markers.length);
  const moved = placed.filter((t) => isKnown(t.movedFrom) && t.movedFrom !== t.stage);
  const allPlaced = topics.filter((t) => isKnown(t.stage)).length;
  const unplaced = topics.length - allPlaced;
  const head = `Policy hype cycle for ${layout.monthLabel}`;
  if (placed.length === 0) {
    return unplaced
      ? `${head}: no topics have a stage yet (${unplaced} with no stage signal).`
      : `${head}: no topics this month.`;
  }
  let body: string;
  if (placed.length <= 6) {
    body = placed
      .map((t) => {
        const from =
          isKnown(t.movedFrom) && t.movedFrom !== t.stage
            ? `, moved from ${STAGE_LABELS[t.movedFrom].toLowerCase()}`
            : '';
        return `${t.name} at ${STAGE_LABELS[t.stage].toLowerCase()}${from}`;
      })
      .join('; ');
  } else {
    const counts = STAGES.map((s) => [s, placed.filter((t) => t.stage === s).length] as const)
      .filter(([, c]) => c > 0)
      .map(([s, c]) => `${c} at ${STAGE_LABELS[s].toLowerCase()}`);
    body = `${counts.join(', ')}; ${moved.length} moved since last month`;
  }
  const tail = unplaced ? `; ${unplaced} more with no stage signal yet` : '';
  const shown =
    allPlaced > placed.length
      ? `${placed.length} of ${allPlaced} topics`
      : `${placed.length} ${placed.length === 1 ? 'topic' : 'topics'}`;
  return `${head} with ${shown}: ${body}${tail}.`;
}

/**
 * The agenda's picture: this month's topics on the hype cycle, as SVG (for the console and the web)
 * and PNG (for Slack and Teams), with alt text.
 */
export function renderAgendaChart(month: string, topics: ChartTopic[]): AgendaChart {
  const layout = layoutHypeCycle({ month, topics });
  const svg = drawHypeCycle(layout);
  return { svg, png: svgToPng(svg), alt: chartAltText(layout, topics) };
}
