// The trained tagger: multinomial logistic regression for the stage (with `unknown` as a class, and
// `unknown` again when the model is not sure enough) and one-vs-rest logistic regression for the
// themes, each with its own threshold (training may average each with an NBSVM head: still one linear
// weight table, read here the same way). Trained by `npm run train` (eval/train.ts) and shipped as an
// inspectable JSON file in models/; corrections fine-tune it in place (see `withCorrections`).
import { readFileSync } from 'node:fs';
import { ALL_STAGES, type Stage } from '../domain.js';
import { projectPath } from '../paths.js';
import { fitOneVsRest, fitSoftmax, sigmoid, sparseRows } from './logistic.js';
import { STAGES } from '../domain.js';
import {
  isTermFeature,
  wordScale,
  type FeatureSource,
  type VectorInput,
  type VectorSettings,
} from './vectorize.js';
import { stemId, type Token } from './text.js';

export const MODEL_FORMAT = 'horizon-tagger-model';
export const MODEL_VERSION = 1;

export function defaultModelPath(): string {
  return projectPath('models', 'tagger-v1.json');
}

/** The model file. Weights are per label, aligned with `features`; the last number is the bias. */
export interface TaggerModelJson {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  /** What it was trained on, so the evaluation can refuse a model that saw the test slice. */
  trainedOn: { items: number; keysSha256: string };
  settings: VectorSettings & {
    minCount: number;
    l2: number;
    iterations: number;
    themeL2?: number;
    themeIterations?: number;
    classBalance?: number;
    stageOffsets?: boolean;
    /** The weights are the mean of logistic regression and NBSVM heads with this smoothing (training only). */
    nbsvm?: { alpha: number };
  };
  features: string[];
  /**
   * Per feature, the sum of its squared values over the training items (how much data holds its
   * weights in place when corrections fine-tune the model).
   */
  strength?: number[];
  stage: {
    labels: Stage[];
    unknownBelow: number;
    /** Per-stage shifts chosen by cross-validation, for the record: already added to the biases. */
    offsets?: number[];
    weights: number[][];
  };
  themes: { labels: string[]; thresholds: number[]; maxThemes: number; weights: number[][] };
  /** Cross-validated figures on the training data, for the record. */
  crossValidation?: Record<string, number>;
}

/** One item as the model sees it: feature indices (sorted, distinct) and values. */
export interface Vector {
  idx: number[];
  val: number[];
  /**
   * Per feature, where in the text it was first seen: field * FIELD_SHIFT + first token * 4 + tokens
   * (1 or 2); -1 for a feature with no place in the text (source, signal, rule score).
   */
  at?: number[];
}

/** A stem's features: the word (-1 if none), the title word, and the word pairs it starts. */
interface StemFeatures {
  word: number;
  title: number | undefined;
  next: Map<string, number> | null;
}

/** Field offset in `Vector.at` codes: the summary's positions start here. */
const FIELD_SHIFT = 1 << 24;

/** A labelled example: from the training data, or a person's correction with its weight. */
export interface Example {
  features: ReadonlyMap<string, number>;
  stage?: Stage;
  themes?: readonly string[];
  weight?: number;
}

export interface Prediction {
  stage: Stage;
  /** The model's probability for the stage it chose (for `unknown` by low confidence: 1 - top). */
  confidence: number;
  stageProbs: Float64Array;
  themes: { slug: string; p: number }[];
}

export class TaggerModel {
  readonly json: TaggerModelJson;
  readonly index: Map<string, number>;
  /** Feature-major weights: w[f * K + k], biases at the end. */
  readonly stageW: Float64Array;
  readonly themeW: Float64Array;
  /** Each feature's mean stage weight, taken off a stage's weight in reasons (see `topFeaturesOf`). */
  private readonly stageMean: Float64Array;
  /**
   * Packed weights only: each feature's stage weights summed, in ten-thousandths, so `topFeaturesOf`
   * can pass over a stage weight below its feature's mean with whole numbers alone.
   */
  private readonly stageSumQ: Int32Array | null;
  private readonly stageK: number;
  private readonly themeK: number;
  private readonly scratchS: Float64Array;
  private readonly scratchT: Float64Array;
  private readonly scratchJ: Float64Array;
  /**
   * Stage and theme weights interleaved per feature (stage first), so tagging scores both at once; as
   * whole numbers of 1/`jointPer` where the weights allow (see `compact`).
   */
  private readonly joint: Int16Array | Float64Array;
  private readonly jointPer: number;
  /** Word and word-pair features by stem, so tagging looks words up without building names. */
  private readonly stems = new Map<string, StemFeatures>();
  /**
   * The same by stem number (`stemId`), in flat typed arrays so tagging reads a few compact arrays
   * instead of chasing objects and hashing strings: a stem's word feature (-1 none), and whether it
   * starts any word pair. Word pairs by the two stems' numbers are in an open-addressing table.
   */
  private readonly wordById: Int32Array;
  private readonly pairStartById: Uint8Array;
  private readonly pairs: PairTable;
  /**
   * Where each source and rule feature comes from, worked out once (reasons ask for them often). Shared
   * between items: read, never changed.
   */
  private readonly placeOf = new Map<number, Readonly<FeatureSource>>();
  /** The features that are not words, by what they name. */
  private readonly srcIndex = new Map<string, number>();
  private readonly sigIndex = new Map<string, number>();
  private readonly ruleStageIndex = new Map<string, number>();
  private readonly rulePickIndex = new Map<string, number>();
  private readonly ruleThemeIndex = new Map<string, number>();
  /** 1 for a word or word-pair feature (see `VectorSettings.termWeight`). */
  private readonly isTerm: Uint8Array;
  private readonly acc: Float64Array;
  private readonly probs: Float64Array;
  private readonly mark: Uint8Array;
  /** Scratch for `topFeaturesOf`. */
  private top = topScratch(8, 8);

  constructor(json: TaggerModelJson) {
    checkModel(json);
    this.json = json;
    this.index = new Map(json.features.map((f, i) => [f, i]));
    this.stageK = json.stage.labels.length;
    this.themeK = json.themes.labels.length;
    this.stageW = featureMajor(json.stage.weights, json.features.length);
    this.themeW = featureMajor(json.themes.weights, json.features.length);
    const joint = compact(interleave(this.stageW, this.stageK, this.themeW, this.themeK));
    this.joint = joint.w;
    this.jointPer = joint.per;
    this.stageMean = rowMeans(this.stageW, this.stageK);
    this.stageSumQ = joint.w instanceof Int16Array ? rowSums(joint.w, this.stageK, this.themeK) : null;
    this.scratchJ = new Float64Array(this.stageK + this.themeK);
    this.scratchS = new Float64Array(this.stageK);
    this.scratchT = new Float64Array(this.themeK);
    json.features.forEach((name, i) => {
      if (name.startsWith('w:')) this.stemFeatures(name.slice(2)).word = i;
      else if (name.startsWith('t:')) this.stemFeatures(name.slice(2)).title = i;
      else if (name.startsWith('b:')) {
        const [a, b] = name.slice(2).split('_') as [string, string];
        (this.stemFeatures(a).next ??= new Map()).set(b, i);
      } else if (name.startsWith('src:')) {
        this.srcIndex.set(name.slice(4), i);
        this.placeOf.set(i, { source: name.slice(4) });
      } else if (name.startsWith('sig:')) this.sigIndex.set(name.slice(4), i);
      else if (name.startsWith('rule:stage:')) {
        this.ruleStageIndex.set(name.slice(11), i);
        this.placeOf.set(i, { rule: name.slice(11) });
      } else if (name.startsWith('rule:pick:')) {
        this.rulePickIndex.set(name.slice(10), i);
        this.placeOf.set(i, { rule: name.slice(10), pick: true });
      } else if (name.startsWith('rule:theme:')) {
        this.ruleThemeIndex.set(name.slice(11), i);
        this.placeOf.set(i, { rule: name.slice(11) });
      }
    });
    const ids: [number, StemFeatures][] = [];
    const pairs: [number, number, number][] = [];
    for (const [st, f] of this.stems) {
      const id = stemId(st);
      if (id < 0) continue;
      ids.push([id, f]);
      if (f.next)
        for (const [b, i] of f.next) {
          const idB = stemId(b);
          if (idB >= 0) pairs.push([id, idB, i]);
        }
    }
    const size = ids.reduce((m, [id]) => Math.max(m, id + 1), 0);
    this.wordById = new Int32Array(size).fill(-1);
    this.pairStartById = new Uint8Array(size);
    for (const [id, f] of ids) {
      this.wordById[id] = f.word;
      if (f.next) this.pairStartById[id] = 1;
    }
    this.pairs = pairTable(pairs);
    this.isTerm = Uint8Array.from(json.features, (name) => (isTermFeature(name) ? 1 : 0));
    this.acc = new Float64Array(json.features.length);
    this.probs = new Float64Array(this.stageK);
    this.mark = new Uint8Array(json.features.length);
  }

  /**
   * An item's vector, straight from its tokens and rule scores (the fast path used when tagging): words
   * are looked up in the model's own tables and the other features by precomputed index, so no feature
   * name is built and nothing large is allocated per item. It must add up exactly what `emitFeatures`
   * emits, since that is what the model was trained on.
   */
  vectorOf(vi: VectorInput): Vector {
    const idx: number[] = [];
    const at: number[] = [];
    const s = this.json.settings;
    const scale = wordScale(vi, s);
    this.words(vi.title, 0, s.titleWeight * scale, idx, at);
    this.words(vi.summary, 1, scale, idx, at);
    if (s.titleFeatures)
      for (let k = 0; k < vi.title.length; k++)
        this.put(this.stems.get(vi.title[k]!.stem)?.title, scale, idx, at, k * 4 + 1);
    if (vi.feedKind) this.put(this.srcIndex.get(vi.feedKind), 1, idx, at, -1);
    for (const sig of vi.signals) if (sig.stage) this.put(this.sigIndex.get(sig.stage), 1, idx, at, -1);
    if (s.ruleFeatures && vi.rules) {
      const { scores, stage, themes } = vi.rules;
      for (const st of STAGES) {
        const x = scores.text[st];
        if (x > 0) this.put(this.ruleStageIndex.get(st), Math.log1p(x), idx, at, -1);
      }
      if (scores.unknown > 0)
        this.put(this.ruleStageIndex.get('unknown'), Math.log1p(scores.unknown), idx, at, -1);
      this.put(this.rulePickIndex.get(stage), 1, idx, at, -1);
      for (const [slug, { score }] of themes)
        if (score > 0) this.put(this.ruleThemeIndex.get(slug), Math.log1p(score), idx, at, -1);
    }
    const acc = this.acc;
    const mark = this.mark;
    const val: number[] = [];
    const logTerms = s.termWeight === 'log';
    const term = this.isTerm;
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j]!;
      const x = acc[i]!;
      val.push(logTerms && term[i] === 1 ? log1pOf(x) : x);
      acc[i] = 0;
      mark[i] = 0;
    }
    return { idx, val, at };
  }

  private stemFeatures(stem: string): StemFeatures {
    let f = this.stems.get(stem);
    if (!f) this.stems.set(stem, (f = { word: -1, title: undefined, next: null }));
    return f;
  }

  /** Adds a feature's value; the first place it is seen is kept for reasons (see `Vector.at`). */
  private put(i: number | undefined, value: number, idx: number[], at: number[], where: number): void {
    if (i === undefined) return;
    if (this.mark[i] === 0) {
      this.mark[i] = 1;
      idx.push(i);
      at.push(where);
    }
    this.acc[i]! += value;
  }

  private words(tokens: readonly Token[], field: 0 | 1, weight: number, idx: number[], at: number[]): void {
    const n = tokens.length;
    const base = field * FIELD_SHIFT;
    const words = this.wordById;
    const starts = this.pairStartById;
    const size = words.length;
    for (let k = 0; k < n; k++) {
      // A word is found by its stem's number; a stem numbered after this model was built is one it never
      // saw. A stem with no number (the numbering table filled up) goes by string.
      const t = tokens[k]!;
      const id = t.id;
      if (id < 0) {
        this.wordsByString(tokens, k, base, weight, idx, at);
        continue;
      }
      if (id >= size) continue;
      const w = words[id]!;
      if (w >= 0) this.put(w, weight, idx, at, base + k * 4 + 1);
      if (starts[id] !== 0 && k + 1 < n) {
        const u = tokens[k + 1]!;
        if (u.breakBefore) continue;
        if (u.id >= 0) {
          const i = pairFind(this.pairs, id, u.id);
          if (i >= 0) this.put(i, weight, idx, at, base + k * 4 + 2);
        } else this.put(this.stems.get(t.stem)!.next!.get(u.stem), weight, idx, at, base + k * 4 + 2);
      }
    }
  }

  /** The word at `k` and the pair it starts, looked up by string (a stem with no number). */
  private wordsByString(
    tokens: readonly Token[],
    k: number,
    base: number,
    weight: number,
    idx: number[],
    at: number[],
  ): void {
    const f = this.stems.get(tokens[k]!.stem);
    if (f === undefined) return;
    if (f.word >= 0) this.put(f.word, weight, idx, at, base + k * 4 + 1);
    const u = tokens[k + 1];
    if (f.next !== null && u !== undefined && !u.breakBefore)
      this.put(f.next.get(u.stem), weight, idx, at, base + k * 4 + 2);
  }

  /**
   * Where in the item the feature at position `pos` of its vector was first seen, for a reason in the
   * item's own words; worked out only for the few features a reason quotes.
   */
  whereOf(vi: VectorInput, v: Vector, pos: number): FeatureSource | null {
    const code = v.at?.[pos] ?? -1;
    if (code >= 0) {
      const field = code >= FIELD_SHIFT ? 'summary' : 'title';
      const rest = code % FIELD_SHIFT;
      const from = rest >> 2;
      return { field, from, to: from + (rest & 3) };
    }
    const f = v.idx[pos]!;
    const fixed = this.placeOf.get(f);
    if (fixed) return fixed;
    const name = this.json.features[f]!;
    if (name.startsWith('sig:')) {
      const sig = vi.signals.find((x) => x.stage === name.slice(4));
      return sig ? { signal: sig } : null;
    }
    return null;
  }

  static load(path: string = defaultModelPath()): TaggerModel {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(
        `Cannot read the tagger model ${path}: ${(err as Error).message}. Rebuild it with \`npm run train\`.`,
      );
    }
    return new TaggerModel(json as TaggerModelJson);
  }

  /**
   * The shipped model, when it can serve this taxonomy: it predicts the themes it was trained on, so a
   * taxonomy that lacks one of them (an organisation's own file) is tagged by its rules alone.
   */
  static forTaxonomy(
    taxonomy: { themes: { slug: string }[] },
    path: string = defaultModelPath(),
  ): TaggerModel | null {
    const model = TaggerModel.load(path);
    const slugs = new Set(taxonomy.themes.map((t) => t.slug));
    return model.json.themes.labels.every((t) => slugs.has(t)) ? model : null;
  }

  get settings(): TaggerModelJson['settings'] {
    return this.json.settings;
  }

  predict(v: Vector): Prediction {
    // Both heads in one pass over the item's features: each feature's stage and theme weights sit
    // side by side in `joint`.
    const J = this.stageK + this.themeK;
    const all = this.scratchJ;
    this.score(this.joint, J, v, all);
    const s = this.scratchS;
    const t = this.scratchT;
    for (let k = 0; k < this.stageK; k++) s[k] = all[k]!;
    for (let k = 0; k < this.themeK; k++) t[k] = all[this.stageK + k]!;
    const probs = softmax(s, this.probs);
    let best = 0;
    for (let k = 1; k < this.stageK; k++) if (probs[k]! > probs[best]!) best = k;
    let stage = this.json.stage.labels[best]!;
    let confidence = probs[best]!;
    if (stage !== 'unknown' && confidence < this.json.stage.unknownBelow) {
      stage = 'unknown';
      confidence = 1 - confidence;
    }
    const themes: { slug: string; p: number }[] = [];
    for (let k = 0; k < this.themeK; k++) {
      const p = sigmoid(t[k]!);
      if (p >= this.json.themes.thresholds[k]!) themes.push({ slug: this.json.themes.labels[k]!, p });
    }
    themes.sort((a, b) => b.p - a.p);
    if (themes.length > this.json.themes.maxThemes) themes.length = this.json.themes.maxThemes;
    return { stage, confidence, stageProbs: probs, themes };
  }

  /** Raw scores (bias plus weights times values) for one head: the inner loop of tagging. */
  private score(w: Int16Array | Float64Array, K: number, v: Vector, out: Float64Array): void {
    const bias = this.json.features.length * K;
    const { idx, val } = v;
    // Scaled once at the end: the same sums as the file's weights give, to the last bit or two.
    const unit = 1 / this.jointPer;
    // Label by label, so each sum stays in a register; an item's rows are few enough to stay in the
    // processor's nearest cache across the labels.
    const n = idx.length;
    for (let k = 0; k < K; k++) {
      let sum = w[bias + k]!;
      for (let p = 0; p < n; p++) sum += w[idx[p]! * K + k]! * val[p]!;
      out[k] = sum * unit;
    }
  }

  /**
   * The features that weighed most for each label asked for (tagging explains the stage and each theme
   * it gives), strongest first: each feature's value times its weight for that label, less, for a
   * stage, its average weight over the stages (what singles the stage out).
   */
  topFeaturesOf(
    v: Vector,
    wanted: readonly { head: 'stage' | 'themes'; label: string }[],
    n: number,
  ): { pos: number; weight: number }[][] {
    const J = wanted.length;
    // Scratch kept between items (typed arrays cost more to make than this whole pass), zeroed here.
    if (this.top.col.length < J || this.top.bestW.length < J * n) this.top = topScratch(J, n);
    const { col, isStage, count, bestW, bestP } = this.top;
    count.fill(0, 0, J);
    for (let j = 0; j < J; j++) {
      const w = wanted[j]!;
      isStage[j] = w.head === 'stage' ? 1 : 0;
      col[j] = (w.head === 'stage' ? this.json.stage.labels : this.json.themes.labels).indexOf(w.label);
    }
    // Per label, the n best so far, strongest first (n is small: insertion beats sorting).
    // Read from `joint`, whose rows for this item's features `predict` has just brought into the
    // processor's cache: a theme's weight as it is, a stage's less the mean of its feature's stage
    // weights.
    const sK = this.stageK;
    const JK = sK + this.themeK;
    const joint = this.joint;
    const mean = this.stageMean;
    // Dividing a whole number of ten-thousandths by 1e4 gives exactly the weight the file holds (the
    // division rounds correctly, as parsing the decimal does), so reasons weigh and order as before.
    const per = this.jointPer;
    const sumQ = this.stageSumQ;
    for (let j = 0; j < J; j++) if (isStage[j] === 0 && col[j]! >= 0) col[j] = col[j]! + sK;
    const { idx, val } = v;
    // Label by label (each list built over the features in order, as one pass would), so a label's
    // column, kind and list length stay in registers.
    for (let j = 0; j < J; j++) {
      const k = col[j]!;
      if (k < 0) continue;
      const stage = isStage[j] === 1;
      const o = j * n;
      let c = 0;
      for (let p = 0; p < idx.length; p++) {
        const f = idx[p]!;
        const x = val[p]!;
        const q = joint[f * JK + k]!;
        // Values are positive, so a weight at or below nothing (a theme's) or below its feature's mean
        // (a stage's, told in whole ten-thousandths: K q < the sum) can never be a reason: skip the sums.
        let weight: number;
        if (stage) {
          if (sumQ !== null && x > 0 && sK * q < sumQ[f]!) continue;
          weight = (q / per - mean[f]!) * x;
        } else {
          if (x > 0 && q <= 0) continue;
          weight = (q / per) * x;
        }
        if (weight <= 0 || (c === n && weight <= bestW[o + n - 1]!)) continue;
        let at = c < n ? c : n - 1;
        // Shift the weaker ones down (the last falls off when the list is full).
        while (at > 0 && bestW[o + at - 1]! < weight) {
          bestW[o + at] = bestW[o + at - 1]!;
          bestP[o + at] = bestP[o + at - 1]!;
          at--;
        }
        bestW[o + at] = weight;
        bestP[o + at] = p;
        if (c < n) c++;
      }
      count[j] = c;
    }
    const out: { pos: number; weight: number }[][] = [];
    for (let j = 0; j < J; j++) {
      const list: { pos: number; weight: number }[] = [];
      for (let q = 0; q < count[j]!; q++) list.push({ pos: bestP[j * n + q]!, weight: bestW[j * n + q]! });
      out.push(list);
    }
    return out;
  }

  /** An item's features as the model's indices; features it does not know are dropped. */
  vector(features: ReadonlyMap<string, number>): Vector {
    const pairs: [number, number][] = [];
    for (const [name, value] of features) {
      const i = this.index.get(name);
      if (i !== undefined) pairs.push([i, value]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    return { idx: pairs.map((p) => p[0]), val: pairs.map((p) => p[1]) };
  }

  /**
   * A copy fine-tuned on people's corrections: their features join the vocabulary, and the weights
   * move to fit them while an L2 pull keeps them near this model's (`strength` per unit of weight).
   * Only the corrected items' features move, so a fine-tune over a few hundred corrections takes
   * milliseconds and the model updates without a restart.
   */
  withCorrections(examples: readonly Example[], o: FineTune = FINE_TUNE): TaggerModel {
    if (examples.length === 0) return this;
    const features = [...this.json.features];
    const index = new Map(this.index);
    const rows = examples.map((ex) => {
      const pairs: [number, number][] = [];
      for (const [name, value] of ex.features) {
        let i = index.get(name);
        if (i === undefined) {
          i = features.length;
          features.push(name);
          index.set(name, i);
        }
        pairs.push([i, value]);
      }
      pairs.sort((a, b) => a[0] - b[0]);
      return { idx: pairs.map((p) => p[0]), val: pairs.map((p) => p[1]) };
    });
    const F = features.length;
    const touched = new Set<number>();
    for (const r of rows) for (const i of r.idx) touched.add(i);
    const only = Int32Array.from([...touched].sort((a, b) => a - b));

    const grow = (w: Float64Array, K: number): Float64Array => {
      const oldF = this.json.features.length;
      const out = new Float64Array((F + 1) * K);
      out.set(w.subarray(0, oldF * K));
      out.set(w.subarray(oldF * K), F * K);
      return out;
    };
    const stageIdx = examples.flatMap((ex, i) => (ex.stage ? [i] : []));
    let stageW = grow(this.stageW, this.stageK);
    if (stageIdx.length > 0) {
      const x = sparseRows(stageIdx.map((i) => rows[i]!));
      const y = Int32Array.from(stageIdx.map((i) => this.json.stage.labels.indexOf(examples[i]!.stage!)));
      const weights = Float32Array.from(stageIdx.map((i) => examples[i]!.weight ?? 1));
      stageW = fitSoftmax(x, y, F, this.stageK, this.fineTune(o, stageW, only, weights, F));
    }
    const themeIdx = examples.flatMap((ex, i) => (ex.themes ? [i] : []));
    let themeW = grow(this.themeW, this.themeK);
    if (themeIdx.length > 0) {
      const x = sparseRows(themeIdx.map((i) => rows[i]!));
      const y = new Uint8Array(themeIdx.length * this.themeK);
      themeIdx.forEach((i, r) => {
        for (const t of examples[i]!.themes!) {
          const k = this.json.themes.labels.indexOf(t);
          if (k >= 0) y[r * this.themeK + k] = 1;
        }
      });
      const weights = Float32Array.from(themeIdx.map((i) => examples[i]!.weight ?? 1));
      themeW = fitOneVsRest(x, y, F, this.themeK, this.fineTune(o, themeW, only, weights, F));
    }
    return new TaggerModel({
      ...this.json,
      features,
      stage: { ...this.json.stage, weights: labelMajor(stageW, F, this.stageK) },
      themes: { ...this.json.themes, weights: labelMajor(themeW, F, this.themeK) },
    });
  }

  private fineTune(o: FineTune, prior: Float64Array, only: Int32Array, weights: Float32Array, F: number) {
    // A diagonal estimate of how firmly the original training data holds each weight: the curvature
    // of its logistic loss, at most a quarter of the feature's summed squared values per item.
    const N = this.json.trainedOn.items;
    const precision = new Float64Array(F + 1);
    const strength = this.json.strength ?? [];
    for (let f = 0; f < strength.length && f < F; f++) precision[f] = (CURVATURE * strength[f]!) / N;
    precision[F] = CURVATURE;
    return {
      l2: this.json.settings.l2,
      iterations: o.iterations,
      learningRate: o.learningRate,
      prior,
      only,
      weights: weights.map((w) => w * o.weight),
      normaliser: this.json.trainedOn.items,
      precision,
    };
  }
}

/** p(1 - p) of a logistic output is at most 1/4; trained models sit well inside that. */
const CURVATURE = 0.15;

/** How corrections fine-tune the shipped model. */
export interface FineTune {
  /** How many training items one correction counts as. */
  weight: number;
  iterations: number;
  learningRate: number;
}

/**
 * A correction counts as one training item, fine-tuning for 80 steps. Chosen by simulation on the
 * training data only (`npm run train -- --tune-corrections`: a base model on half of it, a quarter fed
 * in as corrections, scored on the last quarter). Stage macro-F1 with 0, 50, 100 and 256 corrections:
 * 0.644, 0.664, 0.671, 0.687 at weight 1; 0.644, 0.659, 0.674, 0.688 at 3; 0.644, 0.657, 0.663, 0.689
 * at 10 (theme micro-F1 rose from 0.763 to 0.785 at weight 1, less at 3 and 10).
 */
export const FINE_TUNE: FineTune = { weight: 1, iterations: 80, learningRate: 0.05 };

/**
 * log(1 + x), from a table for the small whole numbers that most word weights sum to (a word once or
 * twice in the title and summary): the same numbers `Math.log1p` gives, a few times faster.
 */
function log1pOf(x: number): number {
  return x >= 0 && x < LOG1P.length && x === Math.floor(x) ? LOG1P[x]! : Math.log1p(x);
}
const LOG1P = Float64Array.from({ length: 64 }, (_, n) => Math.log1p(n));

/** Softmax of `s` into `out` (reused between items: read it before the next prediction). */
function softmax(s: Float64Array, out: Float64Array): Float64Array {
  let max = -Infinity;
  for (const x of s) if (x > max) max = x;
  let sum = 0;
  for (let k = 0; k < s.length; k++) sum += out[k] = Math.exp(s[k]! - max);
  for (let k = 0; k < s.length; k++) out[k]! /= sum;
  return out;
}

/** Two feature-major weight arrays (with their bias rows) as one, row by row. */
function interleave(a: Float64Array, ka: number, b: Float64Array, kb: number): Float64Array {
  const rows = a.length / ka;
  const out = new Float64Array(rows * (ka + kb));
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * ka, r * ka + ka), r * (ka + kb));
    out.set(b.subarray(r * kb, r * kb + kb), r * (ka + kb) + ka);
  }
  return out;
}

/**
 * Model files keep weights to four decimals (`labelMajor`), so as whole numbers of 0.0001 they fit in
 * 16 bits when none is beyond ±3.2767: a quarter of the memory, which keeps an item's rows in the
 * processor's cache while tagging. Weights that do not fit stay as they are.
 */
function compact(w: Float64Array): { w: Int16Array | Float64Array; per: number } {
  const q = new Int16Array(w.length);
  for (let i = 0; i < w.length; i++) {
    const x = Math.round(w[i]! * 1e4);
    if (x > 32767 || x < -32767 || x / 1e4 !== w[i]!) return { w, per: 1 };
    q[i] = x;
  }
  return { w: q, per: 1e4 };
}

/** The mean of each row of feature-major weights. */
function rowMeans(w: Float64Array, K: number): Float64Array {
  const out = new Float64Array(w.length / K);
  for (let r = 0; r < out.length; r++) {
    let mean = 0;
    for (let j = 0; j < K; j++) mean += w[r * K + j]!;
    out[r] = mean / K;
  }
  return out;
}

/** JSON's per-label weight lists as one feature-major array. */
function featureMajor(weights: number[][], F: number): Float64Array {
  const K = weights.length;
  const w = new Float64Array((F + 1) * K);
  weights.forEach((row, k) => {
    for (let f = 0; f <= F; f++) w[f * K + k] = row[f]!;
  });
  return w;
}

/** Feature-major weights as per-label lists for the JSON file, rounded so the file stays small. */
export function labelMajor(w: ArrayLike<number>, F: number, K: number): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < K; k++) {
    const row = new Array<number>(F + 1);
    for (let f = 0; f <= F; f++) row[f] = Math.round(w[f * K + k]! * 1e4) / 1e4;
    out.push(row);
  }
  return out;
}

function checkModel(j: TaggerModelJson): void {
  const fail = (why: string): never => {
    throw new Error(`The tagger model file is not usable: ${why}. Rebuild it with \`npm run train\`.`);
  };
  if (!j || j.format !== MODEL_FORMAT) fail(`its format is not "${MODEL_FORMAT}"`);
  if (j.version !== MODEL_VERSION)
    fail(`it is version ${String(j.version)}, this Horizon reads ${MODEL_VERSION}`);
  const F = j.features?.length ?? fail('it lists no features');
  for (const s of j.stage.labels) if (!ALL_STAGES.includes(s)) fail(`"${s}" is not a stage`);
  for (const head of [j.stage, j.themes])
    if (head.weights.length !== head.labels.length || head.weights.some((r) => r.length !== F + 1))
      fail('its weights do not match its features and labels');
  if (j.themes.thresholds.length !== j.themes.labels.length) fail('it has a threshold per theme missing');
}

/**
 * Word pairs by their two stems' numbers, in an open-addressing table: [first, second, feature + 1]
 * per slot (0: empty), a power of two in size and at most half full.
 */
interface PairTable {
  slots: Int32Array;
  mask: number;
}

function pairHash(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
}

function pairTable(pairs: readonly [number, number, number][]): PairTable {
  let size = 16;
  while (size < pairs.length * 2) size *= 2;
  const slots = new Int32Array(size * 3);
  const mask = size - 1;
  for (const [a, b, f] of pairs) {
    let i = pairHash(a, b) & mask;
    while (slots[i * 3 + 2] !== 0) i = (i + 1) & mask;
    slots[i * 3] = a;
    slots[i * 3 + 1] = b;
    slots[i * 3 + 2] = f + 1;
  }
  return { slots, mask };
}

/** The feature of the pair (a, b), or -1. */
function pairFind(t: PairTable, a: number, b: number): number {
  const { slots, mask } = t;
  for (let i = pairHash(a, b) & mask; ; i = (i + 1) & mask) {
    const f = slots[i * 3 + 2]!;
    if (f === 0) return -1;
    if (slots[i * 3] === a && slots[i * 3 + 1] === b) return f - 1;
  }
}

/** Each row's sum over its first `ka` columns, of rows `ka + kb` wide. */
function rowSums(w: Int16Array, ka: number, kb: number): Int32Array {
  const rows = w.length / (ka + kb);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) for (let k = 0; k < ka; k++) out[r]! += w[r * (ka + kb) + k]!;
  return out;
}

function topScratch(labels: number, n: number) {
  const J = Math.max(8, labels);
  return {
    col: new Int32Array(J),
    isStage: new Uint8Array(J),
    count: new Int32Array(J),
    bestW: new Float64Array(J * Math.max(8, n)),
    bestP: new Int32Array(J * Math.max(8, n)),
  };
}
