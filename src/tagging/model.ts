// A small multinomial naive Bayes classifier over the tagger's features, trained on people's corrections.
// Naive Bayes suits the job: it learns from a handful of examples, updates one example at a time
// (learn/forget) without a training pass, and its counts serialise to plain JSON.

export interface NaiveBayesJson {
  labels: string[];
  alpha: number;
  docs: Record<string, number>;
  /** Per label: feature → how many of that label's examples had it. */
  counts: Record<string, Record<string, number>>;
}

export interface NaiveBayesOptions {
  /** Additive (Laplace) smoothing: how much an unseen feature counts. */
  alpha?: number;
}

/**
 * Multinomial naive Bayes with binary features: a feature counts once per example however often it
 * repeats, which works better than raw counts on headlines and short summaries.
 */
export class NaiveBayes<L extends string> {
  readonly labels: readonly L[];
  readonly alpha: number;
  private readonly docs = new Map<L, number>();
  private readonly counts = new Map<L, Map<string, number>>();
  private readonly totals = new Map<L, number>();
  /** Feature → number of examples (any label) that have it, so the vocabulary shrinks on forget. */
  private readonly vocabulary = new Map<string, number>();
  /**
   * Log-probabilities worked out once after learning rather than at every prediction: per feature, one
   * value per label; `unseen` holds the value for a label that never saw a known feature.
   */
  private table: { logs: Map<string, Float64Array>; unseen: Float64Array; prior: Float64Array } | null = null;

  constructor(labels: readonly L[], options: NaiveBayesOptions = {}) {
    if (labels.length < 2) throw new Error('a classifier needs at least two labels');
    this.labels = [...labels];
    this.alpha = options.alpha ?? 1;
    if (!(this.alpha > 0)) throw new Error('alpha must be a positive number');
    for (const l of this.labels) {
      this.docs.set(l, 0);
      this.counts.set(l, new Map());
      this.totals.set(l, 0);
    }
  }

  /** How many examples it has learned, in all or of one label. */
  examples(label?: L): number {
    if (label !== undefined) return this.docs.get(label) ?? 0;
    let n = 0;
    for (const d of this.docs.values()) n += d;
    return n;
  }

  learn(features: readonly string[], label: L): void {
    this.update(features, label, 1);
  }

  /** Undoes one earlier `learn` of the same features and label (a correction withdrawn or changed). */
  forget(features: readonly string[], label: L): void {
    if ((this.docs.get(this.known(label)) ?? 0) === 0) return;
    this.update(features, label, -1);
  }

  /**
   * The probability of each label for these features (summing to 1). Uniform before any learning.
   * `distinct: true` promises the list has no duplicates (as `features()` gives), skipping a check.
   */
  scores(features: readonly string[], distinct = false): Record<L, number> {
    const sums = this.logPosteriors(features, distinct);
    const k = this.labels.length;
    let max = -Infinity;
    for (let j = 0; j < k; j++) if (sums[j]! > max) max = sums[j]!;
    let sum = 0;
    for (let j = 0; j < k; j++) {
      sums[j] = Math.exp(sums[j]! - max);
      sum += sums[j]!;
    }
    const out = {} as Record<L, number>;
    for (let j = 0; j < k; j++) out[this.labels[j]!] = sums[j]! / sum;
    return out;
  }

  /** The most probable label and its probability; ties go to the label listed first. */
  predict(features: readonly string[]): { label: L; probability: number } {
    const s = this.scores(features);
    let best = this.labels[0]!;
    for (const l of this.labels) if (s[l] > s[best]) best = l;
    return { label: best, probability: s[best] };
  }

  toJSON(): NaiveBayesJson {
    const counts: Record<string, Record<string, number>> = {};
    const docs: Record<string, number> = {};
    for (const l of this.labels) {
      docs[l] = this.docs.get(l)!;
      counts[l] = Object.fromEntries(
        [...this.counts.get(l)!].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return { labels: [...this.labels], alpha: this.alpha, docs, counts };
  }

  static fromJSON<L extends string>(json: NaiveBayesJson): NaiveBayes<L> {
    const nb = new NaiveBayes<L>(json.labels as L[], { alpha: json.alpha });
    for (const l of nb.labels) {
      const docs = json.docs[l] ?? 0;
      if (!Number.isInteger(docs) || docs < 0)
        throw new Error(`the example count for "${l}" is not a whole number`);
      nb.docs.set(l, docs);
      const counts = nb.counts.get(l)!;
      let total = 0;
      for (const [f, n] of Object.entries(json.counts[l] ?? {})) {
        if (!Number.isInteger(n) || n <= 0)
          throw new Error(`the count of "${f}" for "${l}" is not a positive whole number`);
        counts.set(f, n);
        total += n;
        nb.vocabulary.set(f, (nb.vocabulary.get(f) ?? 0) + n);
      }
      nb.totals.set(l, total);
    }
    return nb;
  }

  private known(label: L): L {
    if (!this.counts.has(label))
      throw new Error(`"${label}" is not one of this model's labels (${this.labels.join(', ')})`);
    return label;
  }

  private update(features: readonly string[], label: L, delta: 1 | -1): void {
    this.table = null;
    const counts = this.counts.get(this.known(label))!;
    this.docs.set(label, this.docs.get(label)! + delta);
    for (const f of new Set(features)) {
      const before = counts.get(f) ?? 0;
      if (delta < 0 && before === 0) continue;
      if (before + delta > 0) counts.set(f, before + delta);
      else counts.delete(f);
      this.totals.set(label, this.totals.get(label)! + delta);
      const v = (this.vocabulary.get(f) ?? 0) + delta;
      if (v > 0) this.vocabulary.set(f, v);
      else this.vocabulary.delete(f);
    }
  }

  private logTable(): NonNullable<NaiveBayes<L>['table']> {
    if (this.table) return this.table;
    const k = this.labels.length;
    const total = this.examples();
    // One more than the vocabulary leaves room for features no example has shown yet.
    const v = this.vocabulary.size + 1;
    const prior = new Float64Array(k);
    const unseen = new Float64Array(k);
    const denoms = new Float64Array(k);
    this.labels.forEach((l, j) => {
      denoms[j] = Math.log(this.totals.get(l)! + this.alpha * v);
      prior[j] = Math.log((this.docs.get(l)! + 1) / (total + k));
      unseen[j] = Math.log(this.alpha) - denoms[j]!;
    });
    const logs = new Map<string, Float64Array>();
    for (const f of this.vocabulary.keys()) logs.set(f, Float64Array.from(unseen));
    this.labels.forEach((l, j) => {
      for (const [f, n] of this.counts.get(l)!) logs.get(f)![j] = Math.log(n + this.alpha) - denoms[j]!;
    });
    this.table = { logs, unseen, prior };
    return this.table;
  }

  private logPosteriors(features: readonly string[], distinct: boolean): Float64Array {
    const { logs, prior } = this.logTable();
    const k = this.labels.length;
    const sums = Float64Array.from(prior);
    // Features never seen with any label carry no evidence; skipping them keeps short texts comparable.
    const seen = distinct || features.length < 2 ? null : new Set<string>();
    for (const f of features) {
      const row = logs.get(f);
      if (!row) continue;
      if (seen) {
        if (seen.has(f)) continue;
        seen.add(f);
      }
      for (let j = 0; j < k; j++) sums[j]! += row[j]!;
    }
    return sums;
  }
}
