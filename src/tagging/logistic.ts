// Logistic regression over sparse features, written with typed arrays: small, fast and deterministic
// (full-batch Adam from zero or from given weights, so the same data always gives the same model).
//
// Weights are stored feature-major: w[f * K + k] is feature f's weight for output k, and the bias of
// output k sits at w[F * K + k]. Scoring an item touches only its own features' rows.

/** Items as sparse rows: the features of item i are idx[ptr[i] .. ptr[i+1]) with values val[...]. */
export interface SparseRows {
  ptr: Int32Array;
  idx: Int32Array;
  val: Float32Array;
}

export function sparseRows(items: readonly { idx: readonly number[]; val: readonly number[] }[]): SparseRows {
  let nnz = 0;
  for (const it of items) nnz += it.idx.length;
  const ptr = new Int32Array(items.length + 1);
  const idx = new Int32Array(nnz);
  const val = new Float32Array(nnz);
  let p = 0;
  items.forEach((it, i) => {
    ptr[i] = p;
    for (let j = 0; j < it.idx.length; j++) {
      idx[p] = it.idx[j]!;
      val[p] = it.val[j]!;
      p++;
    }
  });
  ptr[items.length] = p;
  return { ptr, idx, val };
}

export interface FitOptions {
  /** L2 penalty per unit of example weight, pulling weights towards `prior` (or zero). */
  l2: number;
  iterations: number;
  learningRate?: number;
  /** Per-item weight (corrections count more than background data); 1 when absent. */
  weights?: Float32Array;
  /** Start from, and shrink towards, these weights (fine-tuning on corrections). */
  prior?: Float64Array;
  /** Only these features move (with the biases); the others keep the prior's weights. */
  only?: Int32Array;
  /**
   * Divide the summed loss by this rather than by the total example weight: fine-tuning on a few
   * corrections divides by the size of the original training set, so each correction counts as
   * `weight` training items against the pull of the prior, however few corrections there are.
   */
  normaliser?: number;
  /**
   * Extra pull towards the prior per feature row (and the bias, last): how much the data the prior was
   * trained on holds that weight in place. A word seen in hundreds of training items should not move
   * as far for one correction as a word never seen before.
   */
  precision?: Float64Array;
}

/**
 * Multinomial logistic regression (softmax over K classes). `y[i]` is item i's class. Returns the
 * weights, (F + 1) * K numbers.
 */
export function fitSoftmax(
  x: SparseRows,
  y: Int32Array,
  features: number,
  classes: number,
  o: FitOptions,
): Float64Array {
  return fit(x, features, classes, o, (i, scores, grad) => {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) if (scores[k]! > max) max = scores[k]!;
    let sum = 0;
    for (let k = 0; k < classes; k++) sum += grad[k] = Math.exp(scores[k]! - max);
    for (let k = 0; k < classes; k++) grad[k] = grad[k]! / sum - (y[i] === k ? 1 : 0);
  });
}

/** K independent binary logistic regressions (one-vs-rest). `y[i * K + k]` is 1 when item i has label k. */
export function fitOneVsRest(
  x: SparseRows,
  y: Uint8Array,
  features: number,
  labels: number,
  o: FitOptions,
): Float64Array {
  return fit(x, features, labels, o, (i, scores, grad) => {
    for (let k = 0; k < labels; k++) grad[k] = sigmoid(scores[k]!) - y[i * labels + k]!;
  });
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Raw scores of one sparse item: bias plus the sum of its features' weights, for every output. */
export function scoreRow(
  w: ArrayLike<number>,
  features: number,
  k: number,
  idx: ArrayLike<number>,
  val: ArrayLike<number>,
  from: number,
  to: number,
  out: Float64Array,
): void {
  const b = features * k;
  for (let j = 0; j < k; j++) out[j] = w[b + j]!;
  for (let p = from; p < to; p++) {
    const base = idx[p]! * k;
    const v = val[p]!;
    for (let j = 0; j < k; j++) out[j]! += w[base + j]! * v;
  }
}

function fit(
  x: SparseRows,
  features: number,
  k: number,
  o: FitOptions,
  lossGrad: (i: number, scores: Float64Array, grad: Float64Array) => void,
): Float64Array {
  const n = x.ptr.length - 1;
  const size = (features + 1) * k;
  const w = o.prior ? Float64Array.from(o.prior) : new Float64Array(size);
  const prior = o.prior ?? null;
  const g = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const scores = new Float64Array(k);
  const grad = new Float64Array(k);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += o.weights ? o.weights[i]! : 1;
  if (totalWeight === 0) return w;
  if (o.normaliser) totalWeight = o.normaliser;
  // The rows that move: every feature, or the listed ones plus the biases.
  let rows: Int32Array;
  if (o.only) {
    rows = new Int32Array(o.only.length + 1);
    rows.set(o.only);
    rows[o.only.length] = features;
  } else rows = Int32Array.from({ length: features + 1 }, (_, i) => i);
  const lr = o.learningRate ?? 0.1;
  const b1 = 0.9;
  const b2 = 0.999;
  for (let t = 1; t <= o.iterations; t++) {
    for (const r of rows) g.fill(0, r * k, r * k + k);
    for (let i = 0; i < n; i++) {
      const wi = (o.weights ? o.weights[i]! : 1) / totalWeight;
      if (wi === 0) continue;
      const from = x.ptr[i]!;
      const to = x.ptr[i + 1]!;
      scoreRow(w, features, k, x.idx, x.val, from, to, scores);
      lossGrad(i, scores, grad);
      for (let j = 0; j < k; j++) g[features * k + j]! += wi * grad[j]!;
      for (let p = from; p < to; p++) {
        const base = x.idx[p]! * k;
        const xv = x.val[p]! * wi;
        for (let j = 0; j < k; j++) g[base + j]! += xv * grad[j]!;
      }
    }
    const c1 = 1 - Math.pow(b1, t);
    const c2 = 1 - Math.pow(b2, t);
    for (const r of rows) {
      // Fine-tuning pulls the biases towards the prior too: otherwise a handful of corrections would
      // reset the class balance to their own, whatever the base model learned from all its data.
      const penalised = r < features || prior !== null;
      for (let j = r * k; j < r * k + k; j++) {
        let gj = g[j]!;
        if (penalised) gj += (o.l2 + (o.precision ? o.precision[r]! : 0)) * (w[j]! - (prior ? prior[j]! : 0));
        m[j] = b1 * m[j]! + (1 - b1) * gj;
        v[j] = b2 * v[j]! + (1 - b2) * gj * gj;
        w[j]! -= (lr * (m[j]! / c1)) / (Math.sqrt(v[j]! / c2) + 1e-8);
      }
    }
  }
  return w;
}
