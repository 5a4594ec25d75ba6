// `npm run train`: trains the tagger model from the training data (never the test slice) and writes
// models/tagger-v1.json. Settings are fixed below; they were chosen by five-fold cross-validation on
// the training data (`npm run train -- --tune` prints that grid). The thresholds (unknown below a
// confidence, one per theme) are chosen here, each time, from out-of-fold predictions.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ALL_STAGES, type Stage } from '../src/domain.js';
import { createTagger, type HorizonTagger } from '../src/tagging/index.js';
import {
  fitOneVsRest,
  fitSoftmax,
  scoreRow,
  sigmoid,
  sparseRows,
  type SparseRows,
} from '../src/tagging/logistic.js';
import {
  FINE_TUNE,
  MODEL_FORMAT,
  MODEL_VERSION,
  TaggerModel,
  defaultModelPath,
  labelMajor,
  type Example,
  type TaggerModelJson,
} from '../src/tagging/trained.js';
import { isTermFeature, type VectorSettings } from '../src/tagging/vectorize.js';
import { loadDataset, toTagInput, type LabelledItem } from './labels.js';
import { prf, scoreMultiLabel, scoreSingleLabel } from './metrics.js';
import { DEFAULT_VECTORS_PATH, distilVectors, loadVectors, vectorFeatures } from './vectors.js';

export interface TrainSettings extends VectorSettings {
  /** A word or word pair must occur in at least this many training items to become a feature. */
  minCount: number;
  l2: number;
  iterations: number;
  /** L2 and training steps for the theme head, when they should differ from the stage head's. */
  themeL2?: number;
  themeIterations?: number;
  /**
   * Weigh each stage's training items by the inverse of how common the stage is (to the power given:
   * 1 is fully balanced, 0 plain), since the figure is macro-F1, where a rare stage counts as much as a
   * common one.
   */
  classBalance?: number;
  /** Per-stage offsets to the scores, chosen on out-of-fold predictions to maximise macro-F1. */
  stageOffsets?: boolean;
  /**
   * Average the logistic regression with NBSVM heads (Wang and Manning, 2012): per stage and per theme,
   * a binary logistic regression over the word features scaled by their naive-Bayes log-count ratios
   * for that label (`alpha` smooths the counts). Both are linear, so the mean folds into one weight
   * table and tagging costs the same.
   */
  nbsvm?: { alpha: number };
}

/** Chosen by five-fold cross-validation on the training data (`npm run train -- --tune`). */
export const SETTINGS: TrainSettings = {
  titleWeight: 2,
  ruleFeatures: true,
  minCount: 2,
  l2: 0.003,
  iterations: 150,
  themeIterations: 300,
  // Chosen by eval/experiments.ts: nested five-fold cross-validation on the training data, five
  // independent splits, among about 25 variants; stage macro-F1 0.723 and theme micro-F1 0.840 on the
  // mean of the splits, against 0.707 and 0.822 without these two, and ahead on every split.
  termWeight: 'log',
  nbsvm: { alpha: 1 },
};

/** Weights of the distilled-vector features tried by `--tune`. */
export const VECTOR_WEIGHTS = [0.5, 1, 2];
/**
 * The ablation's weight for the distilled vectors: the best of VECTOR_WEIGHTS by five-fold
 * cross-validation on the training data (stage macro-F1 0.721, 0.720, 0.722; theme micro-F1 0.830,
 * 0.834, 0.832; the shipped settings without vectors score the same within a point), which is why the
 * shipped model does not use them.
 */
export const VECTOR_WEIGHT = 2;

export const FOLDS = 5;
const MAX_THEMES = 3;
const UNKNOWN_GRID = [0, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
const THEME_GRID = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];

/** The fingerprint of a training set: which items, not their order. */
export function keysSha256(items: readonly LabelledItem[]): string {
  const keys = items.map((i) => i.key).sort();
  return createHash('sha256').update(keys.join('\n')).digest('hex');
}

interface Prepared {
  features: string[];
  rows: { idx: number[]; val: number[] }[];
}

/**
 * Builds the vocabulary from these items' features (only from them) and indexes every item. Text
 * features (`text`: words and word pairs unless told) must occur in at least `minCount` of them.
 */
export function prepare(
  feats: readonly Map<string, number>[],
  fit: readonly number[],
  minCount: number,
  text: (name: string) => boolean = isTermFeature,
): Prepared {
  const count = new Map<string, number>();
  for (const i of fit) for (const name of feats[i]!.keys()) count.set(name, (count.get(name) ?? 0) + 1);
  const features = [...count]
    .filter(([name, n]) => n >= minCount || !text(name))
    .map(([name]) => name)
    .sort();
  const index = new Map(features.map((f, i) => [f, i]));
  const rows = feats.map((m) => {
    const pairs: [number, number][] = [];
    for (const [name, v] of m) {
      const i = index.get(name);
      if (i !== undefined) pairs.push([i, v]);
    }
    pairs.sort((a, b) => a[0] - b[0]);
    return { idx: pairs.map((p) => p[0]), val: pairs.map((p) => p[1]) };
  });
  return { features, rows };
}

interface Fitted {
  features: string[];
  stageW: Float64Array;
  themeW: Float64Array;
}

function fitOn(
  items: readonly LabelledItem[],
  feats: readonly Map<string, number>[],
  fit: readonly number[],
  themes: readonly string[],
  s: TrainSettings,
): Fitted & { rows: Prepared['rows']; strength: number[] } {
  const { features, rows } = prepare(feats, fit, s.minCount);
  const F = features.length;
  const x = sparseRows(fit.map((i) => rows[i]!));
  const y = Int32Array.from(fit.map((i) => ALL_STAGES.indexOf(items[i]!.stage)));
  const stageW = fitSoftmax(x, y, F, ALL_STAGES.length, {
    l2: s.l2,
    iterations: s.iterations,
    ...(s.classBalance ? { weights: classWeights(y, ALL_STAGES.length, s.classBalance) } : {}),
  });
  const ty = new Uint8Array(fit.length * themes.length);
  fit.forEach((i, r) => {
    for (const t of items[i]!.themes) {
      const k = themes.indexOf(t);
      if (k >= 0) ty[r * themes.length + k] = 1;
    }
  });
  const themeW = fitOneVsRest(x, ty, F, themes.length, {
    l2: s.themeL2 ?? s.l2,
    iterations: s.themeIterations ?? s.iterations,
  });
  if (s.nbsvm) averageWithNbsvm(x, y, ty, features, stageW, themeW, themes.length, s);
  const strength = new Array<number>(F).fill(0);
  for (const i of fit) {
    const r = rows[i]!;
    r.idx.forEach((f, j) => (strength[f]! += r.val[j]! * r.val[j]!));
  }
  return { features, stageW, themeW, rows, strength: strength.map((x) => Math.round(x * 100) / 100) };
}

/**
 * Replaces each head's weights with their mean with an NBSVM head's (see `TrainSettings.nbsvm`): for
 * each stage and theme, a binary logistic regression over the rows with each word feature scaled by
 * its log-count ratio for that label, whose weights times the ratios are weights over the plain rows.
 * For the stage, averaging scores before the softmax is averaging the two heads' log-probabilities.
 */
export function averageWithNbsvm(
  x: SparseRows,
  y: Int32Array,
  ty: Uint8Array,
  features: readonly string[],
  stageW: Float64Array,
  themeW: Float64Array,
  T: number,
  s: TrainSettings,
): void {
  const F = features.length;
  const term = Uint8Array.from(features, (n) => (isTermFeature(n) ? 1 : 0));
  const alpha = s.nbsvm!.alpha;
  const fold = (w: Float64Array, K: number, k: number, binary: Float64Array, ratio: Float64Array) => {
    for (let f = 0; f < F; f++) w[f * K + k] = (w[f * K + k]! + binary[f]! * (term[f] ? ratio[f]! : 1)) / 2;
    w[F * K + k] = (w[F * K + k]! + binary[F]!) / 2;
  };
  const K = ALL_STAGES.length;
  for (let k = 0; k < K; k++) {
    const yk = Uint8Array.from(y, (c) => (c === k ? 1 : 0));
    const ratio = nbRatio(x, yk, F, alpha);
    const w = fitOneVsRest(scaledRows(x, ratio, term), yk, F, 1, { l2: s.l2, iterations: s.iterations });
    fold(stageW, K, k, w, ratio);
  }
  for (let k = 0; k < T; k++) {
    const yk = Uint8Array.from({ length: y.length }, (_, r) => ty[r * T + k]!);
    const ratio = nbRatio(x, yk, F, alpha);
    const w = fitOneVsRest(scaledRows(x, ratio, term), yk, F, 1, {
      l2: s.themeL2 ?? s.l2,
      iterations: s.themeIterations ?? s.iterations,
    });
    fold(themeW, T, k, w, ratio);
  }
}

/**
 * Naive-Bayes log-count ratio of every feature for one binary split of the rows, on presence:
 * log((α + count in positives) / total) − log((α + count in negatives) / total).
 */
export function nbRatio(x: SparseRows, positive: Uint8Array, F: number, alpha: number): Float64Array {
  const p = new Float64Array(F).fill(alpha);
  const q = new Float64Array(F).fill(alpha);
  for (let r = 0; r < x.ptr.length - 1; r++) {
    const target = positive[r] === 1 ? p : q;
    for (let j = x.ptr[r]!; j < x.ptr[r + 1]!; j++) if (x.val[j]! > 0) target[x.idx[j]!]! += 1;
  }
  let sp = 0;
  let sq = 0;
  for (let f = 0; f < F; f++) {
    sp += p[f]!;
    sq += q[f]!;
  }
  return p.map((v, f) => Math.log(v / sp) - Math.log(q[f]! / sq));
}

/** The rows with each marked feature's value multiplied by its factor (the others unchanged). */
export function scaledRows(x: SparseRows, factor: Float64Array, marked: Uint8Array): SparseRows {
  const val = Float32Array.from(x.val, (v, j) => (marked[x.idx[j]!] ? v * factor[x.idx[j]!]! : v));
  return { ptr: x.ptr, idx: x.idx, val };
}

/** Item weights that give every class the same total weight (power 1), averaging one per item. */
export function classWeights(y: Int32Array, classes: number, power: number): Float32Array {
  const count = new Array<number>(classes).fill(0);
  for (const c of y) count[c]!++;
  const raw = Array.from(y, (c) => Math.pow(y.length / (classes * Math.max(1, count[c]!)), power));
  const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
  return Float32Array.from(raw, (w) => w / mean);
}

/** Out-of-fold probabilities for every item: each fold predicted by a model that never saw it. */
function outOfFold(
  items: readonly LabelledItem[],
  feats: readonly Map<string, number>[],
  themes: readonly string[],
  s: TrainSettings,
  folds = FOLDS,
): { stage: Float64Array[]; themes: Float64Array[] } {
  const fold = items.map((it) => foldOf(it, folds));
  const stage: Float64Array[] = new Array(items.length);
  const th: Float64Array[] = new Array(items.length);
  for (let f = 0; f < folds; f++) {
    const fit = items.flatMap((_, i) => (fold[i] !== f ? [i] : []));
    const m = fitOn(items, feats, fit, themes, s);
    const F = m.features.length;
    items.forEach((_, i) => {
      if (fold[i] !== f) return;
      const r = m.rows[i]!;
      const ss = new Float64Array(ALL_STAGES.length);
      scoreRow(m.stageW, F, ALL_STAGES.length, r.idx, r.val, 0, r.idx.length, ss);
      stage[i] = softmaxOf(ss);
      const ts = new Float64Array(themes.length);
      scoreRow(m.themeW, F, themes.length, r.idx, r.val, 0, r.idx.length, ts);
      th[i] = ts.map(sigmoid);
    });
  }
  return { stage, themes: th };
}

/** Softmax of scores, as a new array. */
export function softmaxOf(s: Float64Array): Float64Array {
  const max = Math.max(...s);
  const e = s.map((x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

export function decideStage(p: Float64Array, unknownBelow: number): Stage {
  let best = 0;
  for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
  const st = ALL_STAGES[best]!;
  return st !== 'unknown' && p[best]! < unknownBelow ? 'unknown' : st;
}

export function decideThemes(
  p: Float64Array,
  themes: readonly string[],
  thresholds: readonly number[],
): string[] {
  return themes
    .map((slug, k) => ({ slug, p: p[k]! }))
    .filter((t, k) => t.p >= thresholds[k]!)
    .sort((a, b) => b.p - a.p)
    .slice(0, MAX_THEMES)
    .map((t) => t.slug);
}

interface Decision {
  /** Added to each stage's score (log-odds) before the softmax: folded into the biases when shipped. */
  offsets: number[];
  unknownBelow: number;
  thresholds: number[];
}

const OFFSET_GRID = [-1, -0.75, -0.5, -0.3, -0.15, 0, 0.15, 0.3, 0.5, 0.75, 1];

/** Stage probabilities shifted by per-stage offsets to the log-odds. */
function shifted(p: Float64Array, offsets: readonly number[]): Float64Array {
  if (offsets.every((o) => o === 0)) return p;
  return softmaxOf(p.map((x, k) => Math.log(Math.max(x, 1e-12)) + offsets[k]!));
}

/** The decision settings (stage offsets, `unknown` threshold, theme thresholds) that do best on these predictions. */
function chooseDecision(
  items: readonly LabelledItem[],
  oof: { stage: Float64Array[]; themes: Float64Array[] },
  themes: readonly string[],
  withOffsets: boolean,
): Decision {
  const gold = items.map((i) => i.stage);
  const macro = (offsets: readonly number[], u: number) =>
    scoreSingleLabel(
      ALL_STAGES,
      gold,
      oof.stage.map((p) => decideStage(shifted(p, offsets), u)),
    ).macroF1;
  const offsets = ALL_STAGES.map(() => 0);
  if (withOffsets) {
    // Coordinate ascent, two passes: small per-stage shifts that trade a common stage's precision for
    // a rarer one's recall, which macro-F1 rewards.
    let best = macro(offsets, 0);
    for (let pass = 0; pass < 2; pass++)
      for (let k = 0; k < offsets.length; k++) {
        const keep = offsets[k]!;
        let bestO = keep;
        for (const o of OFFSET_GRID) {
          offsets[k] = o;
          const f1 = macro(offsets, 0);
          if (f1 > best + 1e-9) {
            best = f1;
            bestO = o;
          }
        }
        offsets[k] = bestO;
      }
  }
  let unknownBelow = 0;
  let bestF1 = -1;
  for (const u of UNKNOWN_GRID) {
    const f1 = macro(offsets, u);
    if (f1 > bestF1 + 1e-9) {
      bestF1 = f1;
      unknownBelow = u;
    }
  }
  const thresholds = themes.map((slug, k) => {
    let best = 0.5;
    let bestThemeF1 = -1;
    for (const t of THEME_GRID) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      items.forEach((it, i) => {
        const has = it.themes.includes(slug);
        const on = oof.themes[i]![k]! >= t;
        if (on && has) tp++;
        else if (on) fp++;
        else if (has) fn++;
      });
      const f1 = prf(tp, fp, fn).f1;
      if (f1 > bestThemeF1 + 1e-9) {
        bestThemeF1 = f1;
        best = t;
      }
    }
    return best;
  });
  return { offsets, unknownBelow, thresholds };
}

/**
 * Cross-validated figures with the decision settings chosen honestly too: each fold is decided by
 * settings chosen on the other folds' out-of-fold predictions, so the figure is not flattered by
 * thresholds tuned on the very items it scores.
 */
export function nestedScore(
  items: readonly LabelledItem[],
  oof: { stage: Float64Array[]; themes: Float64Array[] },
  themes: readonly string[],
  withOffsets: boolean,
  fold: readonly number[] = items.map((it) => foldOf(it, FOLDS)),
): { stageMacroF1: number; themeMicroF1: number } {
  const stage: Stage[] = new Array(items.length);
  const th: string[][] = new Array(items.length);
  for (let f = 0; f < FOLDS; f++) {
    const rest = items.flatMap((_, i) => (fold[i] !== f ? [i] : []));
    const d = chooseDecision(
      rest.map((i) => items[i]!),
      { stage: rest.map((i) => oof.stage[i]!), themes: rest.map((i) => oof.themes[i]!) },
      themes,
      withOffsets,
    );
    items.forEach((_, i) => {
      if (fold[i] !== f) return;
      stage[i] = decideStage(shifted(oof.stage[i]!, d.offsets), d.unknownBelow);
      th[i] = decideThemes(oof.themes[i]!, themes, d.thresholds);
    });
  }
  return {
    stageMacroF1: scoreSingleLabel(
      ALL_STAGES,
      items.map((i) => i.stage),
      stage,
    ).macroF1,
    themeMicroF1: scoreMultiLabel(
      themes,
      items.map((i) => i.themes),
      th,
    ).micro.f1,
  };
}

/** An item's fold: a hash of its key (`seed` other than 0 gives another, independent split). */
export function foldOf(it: LabelledItem, folds: number, seed = 0): number {
  const key = seed === 0 ? `fold:${it.key}` : `fold:${seed}:${it.key}`;
  return parseInt(createHash('sha256').update(key).digest('hex').slice(0, 8), 16) % folds;
}

export interface TrainOptions {
  settings?: TrainSettings;
  /** The rule tagger whose taxonomy gives the rule features; the shipped taxonomy when absent. */
  rules?: HorizonTagger;
  /** Skip cross-validation and use these decision settings (learning curves, where speed matters). */
  thresholds?: { unknownBelow: number; themes: number[]; offsets?: number[] };
  /** Features beyond what the tagger reads (the distilled word vectors of the ablation). */
  extra?: (item: LabelledItem) => ReadonlyMap<string, number>;
}

/** The tagger's features of an item, plus any extra ones. */
export function featuresOf(
  rules: HorizonTagger,
  it: LabelledItem,
  s: TrainSettings,
  extra: TrainOptions['extra'],
): Map<string, number> {
  const m = rules.features(toTagInput(it), s);
  if (extra) for (const [k, v] of extra(it)) m.set(k, (m.get(k) ?? 0) + v);
  return m;
}

/**
 * What a trained model decides from a feature map, the way the shipped tagger decides (the stage
 * offsets are in the biases; `unknown` below the threshold; themes over their thresholds, at most
 * `maxThemes`). For models whose features the tagger cannot compute itself (the ablation's vectors).
 */
export function decideFromFeatures(
  json: TaggerModelJson,
  feats: ReadonlyMap<string, number>,
): { stage: Stage; themes: string[] } {
  const index = new Map(json.features.map((f, i) => [f, i]));
  const F = json.features.length;
  const score = (w: number[][]) =>
    Float64Array.from(w, (row) => {
      let s = row[F]!;
      for (const [name, v] of feats) {
        const i = index.get(name);
        if (i !== undefined) s += row[i]! * v;
      }
      return s;
    });
  const stage = decideStage(softmaxOf(score(json.stage.weights)), json.stage.unknownBelow);
  const themes = decideThemes(
    score(json.themes.weights).map(sigmoid),
    json.themes.labels,
    json.themes.thresholds,
  ).slice(0, json.themes.maxThemes);
  return { stage, themes };
}

/** Trains a model on these items only. */
export function trainModel(items: readonly LabelledItem[], opts: TrainOptions = {}): TaggerModelJson {
  const s = opts.settings ?? SETTINGS;
  const rules = opts.rules ?? createTagger({ model: null });
  const themes = rules.taxonomy.themes.map((t) => t.slug);
  const feats = items.map((it) => featuresOf(rules, it, s, opts.extra));
  let chosen: Decision;
  let crossValidation: Record<string, number> | undefined;
  if (opts.thresholds)
    chosen = {
      unknownBelow: opts.thresholds.unknownBelow,
      thresholds: opts.thresholds.themes,
      offsets: opts.thresholds.offsets ?? ALL_STAGES.map(() => 0),
    };
  else {
    const oof = outOfFold(items, feats, themes, s);
    chosen = chooseDecision(items, oof, themes, s.stageOffsets === true);
    const c = nestedScore(items, oof, themes, s.stageOffsets === true);
    crossValidation = {
      folds: FOLDS,
      stageMacroF1: round3(c.stageMacroF1),
      themeMicroF1: round3(c.themeMicroF1),
    };
  }
  const all = items.map((_, i) => i);
  const m = fitOn(items, feats, all, themes, s);
  const F = m.features.length;
  const K = ALL_STAGES.length;
  // The stage offsets are part of the model: they shift the biases.
  for (let k = 0; k < K; k++) m.stageW[F * K + k]! += chosen.offsets[k]!;
  const json: TaggerModelJson = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    trainedOn: { items: items.length, keysSha256: keysSha256(items) },
    settings: { ...s },
    features: m.features,
    strength: m.strength,
    stage: {
      labels: [...ALL_STAGES],
      unknownBelow: chosen.unknownBelow,
      ...(chosen.offsets.some((o) => o !== 0) ? { offsets: chosen.offsets } : {}),
      weights: labelMajor(m.stageW, F, K),
    },
    themes: {
      labels: themes,
      thresholds: chosen.thresholds,
      maxThemes: MAX_THEMES,
      weights: labelMajor(m.themeW, F, themes.length),
    },
  };
  if (crossValidation) json.crossValidation = crossValidation;
  return json;
}

/**
 * Cross-validated figures for one setting (used to choose SETTINGS): out-of-fold predictions, each
 * fold decided by thresholds chosen on the other folds.
 */
export function crossValidate(
  items: readonly LabelledItem[],
  s: TrainSettings,
  rules?: HorizonTagger,
  extra?: TrainOptions['extra'],
) {
  const r = rules ?? createTagger({ model: null });
  const themes = r.taxonomy.themes.map((t) => t.slug);
  const feats = items.map((it) => featuresOf(r, it, s, extra));
  return nestedScore(items, outOfFold(items, feats, themes, s), themes, s.stageOffsets === true);
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * How much a correction should count, judged on training data only: a base model on half the
 * training items, a quarter fed in as corrections at each weight, scored on the last quarter.
 */
export function simulateCorrections(
  train: readonly LabelledItem[],
  weights: readonly number[],
  counts: readonly number[] = [Infinity],
): { weight: number; corrections: number; stageMacroF1: number; themeMicroF1: number }[] {
  const part = (it: LabelledItem) =>
    parseInt(createHash('sha256').update(`sim:${it.key}`).digest('hex').slice(0, 8), 16) % 4;
  const base = train.filter((it) => part(it) < 2);
  const fed = train.filter((it) => part(it) === 2);
  const scored = train.filter((it) => part(it) === 3);
  const rules = createTagger({ model: null });
  const themes = rules.taxonomy.themes.map((t) => t.slug);
  const model = new TaggerModel(
    trainModel(base, { rules, thresholds: { unknownBelow: 0, themes: themes.map(() => 0.35) } }),
  );
  const examples: Example[] = fed.map((it) => ({
    features: rules.features(toTagInput(it), model.settings),
    stage: it.stage,
    themes: it.themes,
  }));
  return weights.flatMap((weight) =>
    counts.map((count) => {
      const fedNow = examples.slice(0, Math.min(count, examples.length));
      const m = weight === 0 ? model : model.withCorrections(fedNow, { ...FINE_TUNE, weight });
      const tagger = createTagger({ taxonomy: rules.taxonomy, model: m });
      const tags = scored.map((it) => tagger.tag(toTagInput(it)));
      return {
        weight,
        corrections: fedNow.length,
        stageMacroF1: scoreSingleLabel(
          ALL_STAGES,
          scored.map((i) => i.stage),
          tags.map((t) => t.stage),
        ).macroF1,
        themeMicroF1: scoreMultiLabel(
          themes,
          scored.map((i) => i.themes),
          tags.map((t) => t.themes),
        ).micro.f1,
      };
    }),
  );
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      tune: { type: 'boolean', default: false },
      'tune-corrections': { type: 'boolean', default: false },
      distil: { type: 'string' },
    },
  });
  // Training data only: the test slice is never loaded into training.
  const { train } = loadDataset();
  if (values.distil) {
    const n = distilVectors(values.distil, train);
    process.stdout.write(`Distilled ${n} word vectors into ${DEFAULT_VECTORS_PATH}.\n`);
    return 0;
  }
  if (values['tune-corrections']) {
    for (const r of simulateCorrections(train, [1, 3, 10], [0, 50, 100, Infinity]))
      process.stdout.write(
        `correction weight ${r.weight}, ${r.corrections} corrections: stage macro-F1 ${r.stageMacroF1.toFixed(3)}  theme micro-F1 ${r.themeMicroF1.toFixed(3)}\n`,
      );
    return 0;
  }
  if (values.tune) {
    const grid: TrainSettings[] = [
      SETTINGS,
      { ...SETTINGS, ruleFeatures: false },
      { ...SETTINGS, lengthNorm: true },
      { ...SETTINGS, titleFeatures: true },
      { ...SETTINGS, l2: 0.001 },
      { ...SETTINGS, l2: 0.005, themeL2: 0.003 },
      { ...SETTINGS, titleWeight: 1 },
      { ...SETTINGS, titleWeight: 3 },
      { ...SETTINGS, minCount: 1 },
      { ...SETTINGS, minCount: 3 },
      { ...SETTINGS, themeIterations: 150 },
      { ...SETTINGS, themeIterations: 400 },
      { ...SETTINGS, themeL2: 0.002 },
      { ...SETTINGS, classBalance: 0.5 },
      { ...SETTINGS, classBalance: 1 },
      { ...SETTINGS, stageOffsets: true },
    ];
    const print = (name: string, c: { stageMacroF1: number; themeMicroF1: number }) =>
      process.stdout.write(
        `${name}: stage macro-F1 ${c.stageMacroF1.toFixed(3)}  theme micro-F1 ${c.themeMicroF1.toFixed(3)}\n`,
      );
    for (const s of grid) print(JSON.stringify(s), crossValidate(train, s));
    if (existsSync(DEFAULT_VECTORS_PATH)) {
      const vectors = loadVectors();
      for (const weight of VECTOR_WEIGHTS)
        print(
          `shipped settings + distilled vectors × ${weight}`,
          crossValidate(train, SETTINGS, undefined, (it) =>
            vectorFeatures(vectors, it.title, it.summary, weight),
          ),
        );
    }
    return 0;
  }
  const started = Date.now();
  const json = trainModel(train);
  const path = values.out ?? defaultModelPath();
  mkdirSync(dirname(path), { recursive: true });
  const text = JSON.stringify(json) + '\n';
  writeFileSync(path, text);
  process.stdout.write(
    `Trained on ${json.trainedOn.items} items in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${json.features.length} features, ${(text.length / 1e6).toFixed(1)} MB, written to ${path}.\n` +
      `Cross-validated on the training data: stage macro-F1 ${json.crossValidation?.stageMacroF1}, ` +
      `theme micro-F1 ${json.crossValidation?.themeMicroF1}; unknown below ${json.stage.unknownBelow}.\n`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`train: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
