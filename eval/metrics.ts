// Precision, recall and F1 for the stage (one label per item) and the themes (a set per item).

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface ClassScore extends Prf {
  /** How many items carry this label in the gold labels. */
  support: number;
  /** How many items the tagger gave this label. */
  predicted: number;
}

export interface Confusion<L extends string> {
  labels: L[];
  /** matrix[gold][predicted], in the order of `labels`. */
  matrix: number[][];
}

export interface SingleLabelReport<L extends string> {
  items: number;
  accuracy: number;
  perClass: Record<L, ClassScore>;
  /** Mean F1 over the labels that occur in the gold labels or the predictions. */
  macroF1: number;
  confusion: Confusion<L>;
}

export interface MultiLabelReport {
  items: number;
  perClass: Record<string, ClassScore>;
  /** Pooled over every (item, theme) decision: the share of all theme tags that are right. */
  micro: Prf;
  macroF1: number;
}

export function prf(tp: number, fp: number, fn: number): Prf {
  // An empty denominator means nothing was claimed or nothing was there: count it as perfect, so a
  // label absent from both gold and predictions does not drag averages down (such labels are also
  // left out of macro averages).
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function mean(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function scoreSingleLabel<L extends string>(
  labels: readonly L[],
  gold: readonly L[],
  predicted: readonly L[],
): SingleLabelReport<L> {
  if (gold.length !== predicted.length) throw new Error('gold and predicted labels differ in length');
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  let correct = 0;
  gold.forEach((g, i) => {
    const p = predicted[i]!;
    const gi = index.get(g);
    const pi = index.get(p);
    if (gi === undefined || pi === undefined)
      throw new Error(`unexpected label "${gi === undefined ? g : p}"`);
    matrix[gi]![pi]! += 1;
    if (g === p) correct++;
  });
  const perClass = {} as Record<L, ClassScore>;
  const present: number[] = [];
  labels.forEach((l, i) => {
    const tp = matrix[i]![i]!;
    const support = matrix[i]!.reduce((a, b) => a + b, 0);
    const predictedN = matrix.reduce((a, row) => a + row[i]!, 0);
    const s = prf(tp, predictedN - tp, support - tp);
    perClass[l] = { ...s, support, predicted: predictedN };
    if (support > 0 || predictedN > 0) present.push(s.f1);
  });
  return {
    items: gold.length,
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    perClass,
    macroF1: mean(present),
    confusion: { labels: [...labels], matrix },
  };
}

export function scoreMultiLabel(
  labels: readonly string[],
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): MultiLabelReport {
  if (gold.length !== predicted.length) throw new Error('gold and predicted labels differ in length');
  const counts = new Map(labels.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  const countOf = (l: string) => {
    let c = counts.get(l);
    if (!c) counts.set(l, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  gold.forEach((g, i) => {
    const gs = new Set(g);
    const ps = new Set(predicted[i]);
    for (const l of ps) {
      if (gs.has(l)) countOf(l).tp++;
      else countOf(l).fp++;
    }
    for (const l of gs) if (!ps.has(l)) countOf(l).fn++;
  });
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const perClass: Record<string, ClassScore> = {};
  const present: number[] = [];
  for (const [l, c] of counts) {
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    const s = prf(c.tp, c.fp, c.fn);
    perClass[l] = { ...s, support: c.tp + c.fn, predicted: c.tp + c.fp };
    if (c.tp + c.fn + c.fp > 0) present.push(s.f1);
  }
  return { items: gold.length, perClass, micro: prf(tp, fp, fn), macroF1: mean(present) };
}
