import type { KnownStage } from '../domain.js';

/** Where the plot sits on the canvas, in pixels. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * The hype-cycle shape as height (0..1) over time (0..1): a quick rise to the peak, a fall into the
 * trough, then a slow climb to a plateau below the peak. Built from smooth pieces so it has no kinks.
 */
export function curveHeight(t: number): number {
  const peak = 0.74 * Math.exp(-(((t - 0.2) / 0.085) ** 2));
  const base = 0.16 * (1 - Math.exp(-t / 0.1));
  const climb = 0.42 / (1 + Math.exp(-(t - 0.62) / 0.075));
  return peak + base + climb;
}

/** The part of the time axis each stage covers, and the narrower stretch where its topics are placed. */
export const STAGE_SPANS: Record<KnownStage, { band: [number, number]; place: [number, number] }> = {
  trigger: { band: [0, 0.14], place: [0.04, 0.13] },
  peak: { band: [0.14, 0.28], place: [0.15, 0.26] },
  trough: { band: [0.28, 0.48], place: [0.31, 0.46] },
  slope: { band: [0.48, 0.76], place: [0.5, 0.74] },
  plateau: { band: [0.76, 1], place: [0.78, 0.98] },
};

export interface CurveSample extends Point {
  t: number;
  /** Distance along the curve from its start, in pixels. */
  s: number;
  /** Unit normal pointing up, away from the axis. */
  nx: number;
  ny: number;
}

/** The curve in canvas pixels, sampled finely enough to draw and to measure along. */
export function sampleCurve(plot: PlotArea, steps = 400): CurveSample[] {
  const toPoint = (t: number): Point => ({
    x: plot.left + t * plot.width,
    y: plot.top + plot.height * (1 - curveHeight(t) / 0.95),
  });
  const samples: CurveSample[] = [];
  let s = 0;
  let prev: Point | null = null;
  for (let i = 0; i <= steps; i += 1) {
    const t = i / steps;
    const p = toPoint(t);
    if (prev) s += Math.hypot(p.x - prev.x, p.y - prev.y);
    const a = toPoint(Math.max(0, t - 0.001));
    const b = toPoint(Math.min(1, t + 0.001));
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    samples.push({ t, x: p.x, y: p.y, s, nx: (b.y - a.y) / len, ny: -(b.x - a.x) / len });
    prev = p;
  }
  return samples;
}

/** The sample nearest to time t. */
export function atTime(samples: CurveSample[], t: number): CurveSample {
  const i = Math.round(Math.min(1, Math.max(0, t)) * (samples.length - 1));
  return samples[i]!;
}

/** The sample at distance s along the curve (nearest sample). */
export function atDistance(samples: CurveSample[], s: number): CurveSample {
  let lo = 0;
  let hi = samples.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.s < s) lo = mid + 1;
    else hi = mid;
  }
  return samples[lo]!;
}
