// `npm run eval`: measures the tagger against the hand-labelled items. The figure is the protected
// test slice (eval/test-ids.txt, drawn by a hash of the id from the newer items before any tuning),
// tagged by the shipped model (models/tagger-v1.json); everything else is training data.
//
//   npm run eval                      figures, learning curves and ablation
//   npm run eval -- --json            the same figures as JSON
//   npm run eval -- --check           exit 1 on leakage, or if a test-slice figure falls below eval/baseline.json
//   npm run eval -- --write-baseline  record the figures reached (rounded down a little)
//   npm run eval -- --llm             the optional language model beside the tagger (eval/llm.ts)
//   --baseline PATH / --labels PATH / --model PATH   use other files
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ALL_STAGES, type Stage, type Tagger } from '../src/domain.js';
import { createTagger, type HorizonTagger } from '../src/tagging/index.js';
import { TaggerModel, defaultModelPath, type Example } from '../src/tagging/trained.js';
import { loadDataset, toTagInput, type DatasetPaths, type LabelledItem } from './labels.js';
import { findLeaks, type Leak } from './leakage.js';
import { llmMain } from './llm.js';
import {
  scoreMultiLabel,
  scoreSingleLabel,
  type MultiLabelReport,
  type SingleLabelReport,
} from './metrics.js';
import { confusionTable, fmt, simpleTable, stageTable, themeTable } from './report.js';
import { SETTINGS, VECTOR_WEIGHT, decideFromFeatures, featuresOf, keysSha256, trainModel } from './train.js';
import { DEFAULT_VECTORS_PATH, loadVectors, vectorFeatures } from './vectors.js';

export const DEFAULT_BASELINE_PATH = fileURLToPath(new URL('./baseline.json', import.meta.url));

export interface SliceReport {
  items: number;
  stage: SingleLabelReport<Stage>;
  themes: MultiLabelReport;
}

export interface CurvePoint {
  /** Training items (size curve) or corrections fed in (corrections curve). */
  n: number;
  stageMacroF1: number;
  themeMicroF1: number;
}

export interface AblationRow {
  name: string;
  stageMacroF1: number;
  stageAccuracy: number;
  themeMicroF1: number;
}

export interface EvalReport {
  labels: number;
  /** The shipped model's file and whether it was trained on exactly the training data. */
  model: { path: string; trainedOnTrainingData: boolean; features: number } | null;
  /** The protected test slice, tagged as Horizon tags (the shipped model, else the rules): the figure. */
  test: SliceReport;
  /** The taxonomy rules alone on the test slice. */
  rulesTest: SliceReport;
  /** Taxonomy phrases that match test-slice items only; must be empty. */
  leaks: Leak[];
  /** Test-slice figures of models trained from scratch on 100, 200, 400 and all training items. */
  sizeCurve: CurvePoint[];
  /** Test-slice figures as held-back training items arrive as an organisation's corrections. */
  correctionCurve: CurvePoint[];
  /** How many training items the base model of the corrections curve was trained on. */
  correctionBase: number;
  ablation: AblationRow[];
}

/** The test-slice figures the regression guard watches. */
export interface Baseline {
  stageMacroF1: number;
  stageAccuracy: number;
  themeMicroF1: number;
  themeMacroF1: number;
}

export interface EvalOptions extends DatasetPaths {
  modelPath?: string;
  /** Only the gated figures (test slice, leakage): no curves or ablation, so CI stays fast. */
  quick?: boolean;
  /** Feeding orders each point of a curve averages over. */
  orderings?: number;
  /** The distilled word vectors for the ablation (eval/vectors/glove-100d.bin). */
  vectorsPath?: string;
}

const SIZES = [100, 200, 400, Infinity];
const CORRECTIONS = [0, 50, 100, 200, Infinity];
/**
 * Feeding orders each point of the corrections curve averages over. Fine-tuning takes milliseconds, so
 * this can be larger than for the size curve: with 250 test items one decision is 0.4 points, and a
 * single order's curve wanders by about a point from step to step whatever the corrections teach.
 */
const CORRECTION_ORDERINGS = 8;
/** Share of the training data held back, in the corrections curve, to play an organisation's corrections. */
const HELD_BACK_PERCENT = 40;

function evaluate(
  tagger: Tagger,
  items: readonly LabelledItem[],
  themeSlugs: readonly string[],
): SliceReport {
  return sliceOf(
    items,
    items.map((it) => tagger.tag(toTagInput(it))),
    themeSlugs,
  );
}

function sliceOf(
  items: readonly LabelledItem[],
  tags: readonly { stage: Stage; themes: readonly string[] }[],
  themeSlugs: readonly string[],
): SliceReport {
  return {
    items: items.length,
    stage: scoreSingleLabel(
      ALL_STAGES,
      items.map((it) => it.stage),
      tags.map((t) => t.stage),
    ),
    themes: scoreMultiLabel(
      themeSlugs,
      items.map((it) => it.themes),
      tags.map((t) => t.themes),
    ),
  };
}

/** A fixed shuffle: the same seed always gives the same order. */
function ordering(items: readonly LabelledItem[], seed: number): LabelledItem[] {
  const key = (k: string) => createHash('sha256').update(`${seed}:${k}`).digest('hex');
  return [...items].sort((a, b) => (key(a.key) < key(b.key) ? -1 : 1));
}

function average(n: number, rs: SliceReport[]): CurvePoint {
  const mean = (f: (r: SliceReport) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
  return { n, stageMacroF1: mean((r) => r.stage.macroF1), themeMicroF1: mean((r) => r.themes.micro.f1) };
}

export async function runEval(opts: EvalOptions = {}): Promise<EvalReport> {
  const { train, test } = loadDataset(opts);
  const labels = [...train, ...test];
  const rules = createTagger({ model: null });
  const themeSlugs = rules.taxonomy.themes.map((t) => t.slug);
  const leaks = findLeaks(rules.taxonomy, train, test);

  const modelPath = opts.modelPath ?? defaultModelPath();
  const shipped = existsSync(modelPath) ? TaggerModel.load(modelPath) : null;
  const withModel = (m: TaggerModel) => createTagger({ taxonomy: rules.taxonomy, model: m });
  const rulesTest = evaluate(rules, test, themeSlugs);
  const testReport = shipped ? evaluate(withModel(shipped), test, themeSlugs) : rulesTest;
  const model = shipped
    ? {
        path: modelPath,
        trainedOnTrainingData: shipped.json.trainedOn.keysSha256 === keysSha256(train),
        features: shipped.json.features.length,
      }
    : null;
  const base = {
    labels: labels.length,
    model,
    test: testReport,
    rulesTest,
    leaks,
    sizeCurve: [] as CurvePoint[],
    correctionCurve: [] as CurvePoint[],
    correctionBase: 0,
    ablation: [] as AblationRow[],
  };
  if (opts.quick || !shipped) return base;

  const orderings = Math.max(1, opts.orderings ?? 2);
  // The shipped thresholds were chosen by cross-validation on all the training data; the curves reuse
  // them rather than re-running cross-validation for every point.
  const thresholds = {
    unknownBelow: shipped.json.stage.unknownBelow,
    themes: shipped.json.themes.thresholds,
  };
  const trained = (items: readonly LabelledItem[], settings = SETTINGS) =>
    new TaggerModel(trainModel(items, { rules, settings, thresholds }));

  const sizeCurve: CurvePoint[] = [];
  for (const size of SIZES) {
    const n = Math.min(size, train.length);
    const runs = n === train.length ? 1 : orderings;
    const rs: SliceReport[] = [];
    for (let seed = 0; seed < runs; seed++)
      rs.push(
        n === train.length
          ? testReport
          : evaluate(withModel(trained(ordering(train, seed).slice(0, n))), test, themeSlugs),
      );
    sizeCurve.push(average(n, rs));
  }

  const { correctionCurve, correctionBase } = correctionsCurve(
    rules,
    train,
    test,
    themeSlugs,
    trained,
    Math.max(orderings, CORRECTION_ORDERINGS),
  );

  const noRules = trained(train, { ...SETTINGS, ruleFeatures: false });
  const noRulesReport = evaluate(withModel(noRules), test, themeSlugs);
  const row = (name: string, r: SliceReport): AblationRow => ({
    name,
    stageMacroF1: r.stage.macroF1,
    stageAccuracy: r.stage.accuracy,
    themeMicroF1: r.themes.micro.f1,
  });
  const ablation = [
    row('rules only', rulesTest),
    row('model without rule features', noRulesReport),
    row('model with rule features (shipped)', testReport),
  ];
  const vectorsPath = opts.vectorsPath ?? DEFAULT_VECTORS_PATH;
  if (existsSync(vectorsPath)) {
    const vectors = loadVectors(vectorsPath);
    const extra = (it: LabelledItem) => vectorFeatures(vectors, it.title, it.summary, VECTOR_WEIGHT);
    for (const [name, settings] of [
      ['model without rule features, with distilled vectors', { ...SETTINGS, ruleFeatures: false }],
      ['model with rule features and distilled vectors', SETTINGS],
    ] as const) {
      const json = trainModel(train, { rules, settings, thresholds, extra });
      const tags = test.map((it) => decideFromFeatures(json, featuresOf(rules, it, settings, extra)));
      ablation.push(row(name, sliceOf(test, tags, themeSlugs)));
    }
  }
  return { ...base, sizeCurve, correctionCurve, correctionBase, ablation };
}

/**
 * An organisation's corrections arriving: a base model trained on part of the training data, then
 * the held-back part fed in as corrections (the way Slack, Teams and the CLI feed them: fine-tuning
 * the running model), measured on the test slice. Test items are never corrections.
 */
function correctionsCurve(
  rules: HorizonTagger,
  train: readonly LabelledItem[],
  test: readonly LabelledItem[],
  themeSlugs: readonly string[],
  trained: (items: readonly LabelledItem[]) => TaggerModel,
  orderings: number,
): { correctionCurve: CurvePoint[]; correctionBase: number } {
  const held = (it: LabelledItem) =>
    parseInt(createHash('sha256').update(`held:${it.key}`).digest('hex').slice(0, 8), 16) % 100 <
    HELD_BACK_PERCENT;
  const baseItems = train.filter((it) => !held(it));
  const corrections = train.filter(held);
  const baseModel = trained(baseItems);
  const example = (it: LabelledItem): Example => ({
    features: rules.features(toTagInput(it), baseModel.settings),
    stage: it.stage,
    themes: it.themes,
  });
  const curve: CurvePoint[] = [];
  for (const k of CORRECTIONS) {
    const n = Math.min(k, corrections.length);
    const runs = n === 0 || n === corrections.length ? 1 : orderings;
    const rs: SliceReport[] = [];
    for (let seed = 0; seed < runs; seed++) {
      const fed = ordering(corrections, seed).slice(0, n).map(example);
      rs.push(
        evaluate(
          createTagger({ taxonomy: rules.taxonomy, model: baseModel.withCorrections(fed) }),
          test,
          themeSlugs,
        ),
      );
    }
    curve.push(average(n, rs));
  }
  return { correctionCurve: curve, correctionBase: baseItems.length };
}

export function baselineOf(r: EvalReport): Baseline {
  return {
    stageMacroF1: r.test.stage.macroF1,
    stageAccuracy: r.test.stage.accuracy,
    themeMicroF1: r.test.themes.micro.f1,
    themeMacroF1: r.test.themes.macroF1,
  };
}

/** The figures reached, rounded down to the hundredth and one hundredth more, so honest noise passes. */
export function roundDown(b: Baseline): Baseline {
  const down = (x: number) => Math.max(0, Math.floor(x * 100) / 100 - 0.01);
  return Object.fromEntries(
    Object.entries(b).map(([k, v]) => [k, Number(down(v).toFixed(2))]),
  ) as unknown as Baseline;
}

/** Lines naming each figure that fell below its baseline; empty when all hold. */
export function regressions(reached: Baseline, baseline: Partial<Baseline>): string[] {
  const out: string[] = [];
  for (const [k, floor] of Object.entries(baseline) as [keyof Baseline, number][]) {
    if (typeof floor !== 'number' || !(k in reached)) continue;
    if (reached[k] + 1e-9 < floor) out.push(`${k} is ${fmt(reached[k])}, below the baseline ${fmt(floor)}`);
  }
  return out;
}

/** Reasons the figure cannot be trusted: leakage, or a model trained on something else. */
export function integrityProblems(r: EvalReport): string[] {
  const out = r.leaks.map((l) => `${l.list}: "${l.phrase}" matches test-slice items and no training item`);
  if (r.model && !r.model.trainedOnTrainingData)
    out.push(
      `${r.model.path} was not trained on exactly the training data (its trainedOn fingerprint differs): ` +
        'rebuild it with `npm run train`',
    );
  return out;
}

function readBaseline(path: string): Partial<Baseline> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`no baseline at ${path}: run \`npm run eval -- --write-baseline\` to record one`);
  }
  try {
    return JSON.parse(text) as Partial<Baseline>;
  } catch {
    throw new Error(`${path} is not valid JSON: fix it or run \`npm run eval -- --write-baseline\``);
  }
}

export function formatReport(r: EvalReport): string {
  const slice = (name: string, s: SliceReport) =>
    [
      `== ${name}: ${s.items} items ==`,
      '',
      stageTable(s.stage),
      '',
      confusionTable(s.stage.confusion),
      '',
      themeTable(s.themes),
    ].join('\n');
  const curve = (label: string, c: CurvePoint[]) =>
    simpleTable(
      [label, 'stage macro-F1', 'theme micro-F1'],
      c.map((p) => [String(p.n), fmt(p.stageMacroF1), fmt(p.themeMicroF1)]),
    );
  const leaks =
    r.leaks.length === 0
      ? 'none: every taxonomy phrase that matches a test-slice item also matches a training item'
      : r.leaks.map((l) => `  ${l.list}: "${l.phrase}"`).join('\n');
  const who = r.model ? `the shipped model (${r.model.path})` : 'the taxonomy rules (no model file)';
  return [
    `Tagger evaluation on ${r.labels} hand-labelled items; the test slice is tagged by ${who}`,
    '',
    slice('TEST slice (protected: never tuned on)', r.test),
    '',
    ...(r.ablation.length === 0
      ? []
      : [
          '== learning curve: training-set size (test slice; models trained from scratch) ==',
          curve('training items', r.sizeCurve),
          '',
          `== learning curve: an organisation's corrections (test slice; base model on ${r.correctionBase} training items, the other training items fed in as corrections) ==`,
          curve('corrections', r.correctionCurve),
          '',
          '== ablation (test slice) ==',
          simpleTable(
            ['variant', 'stage macro-F1', 'accuracy', 'theme micro-F1'],
            r.ablation.map((a) => [a.name, fmt(a.stageMacroF1), fmt(a.stageAccuracy), fmt(a.themeMicroF1)]),
          ),
          '',
        ]),
    `== leakage: taxonomy phrases matching test-slice items only ==`,
    leaks,
    '',
    `Test slice: stage macro-F1 ${fmt(r.test.stage.macroF1)}, theme micro-F1 ${fmt(r.test.themes.micro.f1)}` +
      ` (rules alone: ${fmt(r.rulesTest.stage.macroF1)}, ${fmt(r.rulesTest.themes.micro.f1)})`,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  // The optional language model is measured on its own (eval/llm.ts): it needs an endpoint, and costs calls.
  if (argv.includes('--llm'))
    return llmMain(argv, (path) => loadDataset(path ? { labelsPath: path } : {}).test);
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: 'boolean', default: false },
      'write-baseline': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      baseline: { type: 'string' },
      labels: { type: 'string' },
      model: { type: 'string' },
    },
  });
  const baselinePath = values.baseline ?? DEFAULT_BASELINE_PATH;
  // Read the baseline first, so a missing or broken one is reported before the run, not after.
  const baseline = values.check ? readBaseline(baselinePath) : null;
  const quick = values.check || values['write-baseline'];
  const report = await runEval({
    quick,
    ...(values.labels ? { labelsPath: values.labels } : {}),
    ...(values.model ? { modelPath: values.model } : {}),
  });
  const reached = baselineOf(report);
  process.stdout.write((values.json ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n');
  if (values['write-baseline']) {
    writeFileSync(baselinePath, JSON.stringify(roundDown(reached), null, 2) + '\n');
    process.stderr.write(`Baseline written to ${baselinePath}.\n`);
  }
  let failed = false;
  if (values.check) {
    const problems = integrityProblems(report);
    if (problems.length > 0) {
      process.stderr.write(
        `The test-slice figure would leak:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
          'Phrases, word lists and models may be chosen on training items only.\n',
      );
      failed = true;
    }
  }
  if (baseline) {
    const worse = regressions(reached, baseline);
    if (worse.length > 0) {
      process.stderr.write(
        `The tagger got worse on the test slice:\n${worse.map((f) => `  - ${f}`).join('\n')}\n` +
          'Find the change that caused it (tune on training items only), or, if the drop is intended, ' +
          'record new figures with `npm run eval -- --write-baseline`.\n',
      );
      failed = true;
    } else process.stderr.write(`All test-slice figures are at or above ${baselinePath}.\n`);
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
