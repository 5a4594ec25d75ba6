export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** A baseline measured in the same run, so figures compare across machines. */
  baseline?: { name: string; value: number };
  /** value / baseline.value */
  ratio?: number;
  /** What the goal is, and anything a reader should know. */
  note?: string;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
