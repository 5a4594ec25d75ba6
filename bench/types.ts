export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** A baseline measured in the same run, so figures compare across machines. */
  baseline?: { name: string; value: number };
  /** value / baseline.value */
  ratio?: number;
  /** The goal, in words ("under 0.4 s and within 4× of the baseline"); see `goal()`. */
  goal?: string;
  /** Whether this run met the goal. When it did not, `note` says why and what it would take. */
  met?: boolean;
  /** Anything a reader should know: what was measured, why a goal was missed. */
  note?: string;
}

/** A section of BENCHMARKS.md: rows, or (for figures that are not rows) Markdown of its own. */
export type SectionOutput = BenchResult[] | { markdown: string };

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The value at quantile q (0..1) of the samples, nearest-rank. */
export function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function timeMsAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs each measurement `rounds` times, taking turns (a, b, a, b, …), so a busy moment on a shared
 * machine falls on both sides rather than on one; returns every sample of each.
 */
export async function interleaved<K extends string, T = number>(
  rounds: number,
  measures: Record<K, () => Promise<T>>,
): Promise<Record<K, T[]>> {
  const keys = Object.keys(measures) as K[];
  const out = Object.fromEntries(keys.map((k) => [k, [] as T[]])) as Record<K, T[]>;
  for (let r = 0; r < rounds; r++) for (const k of keys) out[k].push(await measures[k]());
  return out;
}

export const round = (n: number, places = 2): number => Math.round(n * 10 ** places) / 10 ** places;

/**
 * Checks a result against its goal: an absolute bound on the value and/or a bound on the ratio to the
 * same-run baseline. `higherIsBetter` for rates (items/s). Returns the result with `goal` and `met` set.
 */
export function goal(
  r: BenchResult,
  g: { max?: number; min?: number; maxRatio?: number; minRatio?: number },
): BenchResult {
  const parts: string[] = [];
  let met = true;
  if (g.max !== undefined) {
    parts.push(`under ${g.max} ${r.unit}`);
    met &&= r.value < g.max;
  }
  if (g.min !== undefined) {
    parts.push(`at least ${g.min.toLocaleString('en-GB')} ${r.unit}`);
    met &&= r.value >= g.min;
  }
  if (g.maxRatio !== undefined) {
    parts.push(`within ${g.maxRatio}× of the baseline`);
    met &&= r.ratio !== undefined && r.ratio <= g.maxRatio;
  }
  if (g.minRatio !== undefined) {
    parts.push(`at least ${g.minRatio}× the baseline`);
    met &&= r.ratio !== undefined && r.ratio >= g.minRatio;
  }
  return { ...r, goal: parts.join(' and '), met };
}
