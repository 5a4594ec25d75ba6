// `npm run eval`: measures the tagger against the hand-labelled items. The figure is the protected
// test slice (eval/test-ids.txt, drawn by a hash of the id from the newer items before any tuning);
// everything else is training data.
//
//   npm run eval                      tables for the training data and the test slice, learning curve, ablation
//   npm run eval -- --json            the same figures as JSON
//   npm run eval -- --check           exit 1 on leakage, or if a test-slice figure falls below eval/baseline.json
//   npm run eval -- --write-baseline  record the figures reached (rounded down a little)
//   --baseline PATH / --labels PATH   use other files
//   npm run eval -- --llm             the optional language model beside the tagger (eval/llm.ts)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ALL_STAGES, type Stage, type Tagger } from '../src/domain.js';
import { features } from '../src/tagging/features.js';
import { createTagger } from '../src/tagging/index.js';
import { CorrectionModel } from '../src/tagging/learned.js';
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

export const DEFAULT_BASELINE_PATH = fileURLToPath(new URL('./baseline.json', import.meta.url));

export interface SliceReport {
  items: number;
  stage: SingleLabelReport<Stage>;
  themes: MultiLabelReport;
}

export interface CurvePoint {
  /** How many training labels were fed to the model as corrections. */
  corrections: number;
  /** Test-slice figures with the rules and that model, averaged over several orders of feeding. */
  stageMacroF1: number;
  stageAccuracy: number;
}

export interface AblationRow {
  name: 'rules only' | 'model only' | 'rules + model';
  stageMacroF1: number;
  stageAccuracy: number;
  /** Null where the variant does not tag themes (the model learns stages only). */
  themeMicroF1: number | null;
}

export interface EvalReport {
  labels: number;
  /** The rules on the data they may be tuned on: for reference only, not the figure. */
  train: SliceReport;
  /** The protected test slice: the figure. */
  test: SliceReport;
  /** Taxonomy phrases that match test-slice items only; must be empty. */
  leaks: Leak[];
  learningCurve: CurvePoint[];
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
  /** Numbers of simulated corrections for the learning curve; `Infinity` means every training label. */
  curve?: number[];
  /** How many feeding orders each curve point averages over. */
  orderings?: number;
  /** Only the gated figures (test slice, leakage): no curves or ablation, so CI stays fast. */
  quick?: boolean;
}

const DEFAULT_CURVE = [0, 25, 100, 400, Infinity];
const DEFAULT_ORDERINGS = 5;

function evaluate(
  tagger: Tagger,
  items: readonly LabelledItem[],
  themeSlugs: readonly string[],
): SliceReport {
  const tags = items.map((it) => tagger.tag(toTagInput(it)));
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

function modelFrom(
  items: readonly LabelledItem[],
  featuresOf: (it: LabelledItem) => string[],
): CorrectionModel {
  const model = new CorrectionModel();
  for (const it of items) model.learnStage(featuresOf(it), it.stage);
  return model;
}

/** A fixed shuffle: the same seed always feeds the corrections in the same order. */
function ordering(items: readonly LabelledItem[], seed: number): LabelledItem[] {
  const key = (id: string) => createHash('sha256').update(`${seed}:${id}`).digest('hex');
  return [...items].sort((a, b) => (key(a.key) < key(b.key) ? -1 : 1));
}

export async function runEval(opts: EvalOptions = {}): Promise<EvalReport> {
  const { train, test } = loadDataset(opts);
  const labels = [...train, ...test];
  const themeSlugs = [...new Set(labels.flatMap((l) => l.themes))].sort();

  const featureCache = new Map<string, string[]>();
  const featuresOf = (it: LabelledItem): string[] => {
    const hit = featureCache.get(it.key);
    if (hit) return hit;
    const f = features(toTagInput(it));
    featureCache.set(it.key, f);
    return f;
  };

  const rules = createTagger();
  const leaks = findLeaks(rules.taxonomy, train, test);
  const trainReport = evaluate(rules, train, themeSlugs);
  const testReport = evaluate(rules, test, themeSlugs);

  if (opts.quick)
    return {
      labels: labels.length,
      train: trainReport,
      test: testReport,
      leaks,
      learningCurve: [],
      ablation: [],
    };
  const orderings = Math.max(1, opts.orderings ?? DEFAULT_ORDERINGS);
  const learningCurve: CurvePoint[] = [];
  for (const k of opts.curve ?? DEFAULT_CURVE) {
    const n = Math.min(k, train.length);
    const runs = n === 0 || n === train.length ? 1 : orderings;
    let f1 = 0;
    let acc = 0;
    for (let seed = 0; seed < runs; seed++) {
      const fed = ordering(train, seed).slice(0, n);
      const tagger = n === 0 ? rules : createTagger({ learned: modelFrom(fed, featuresOf) });
      const r = evaluate(tagger, test, themeSlugs).stage;
      f1 += r.macroF1;
      acc += r.accuracy;
    }
    learningCurve.push({ corrections: n, stageMacroF1: f1 / runs, stageAccuracy: acc / runs });
  }

  const full = modelFrom(train, featuresOf);
  const modelOnly = scoreSingleLabel(
    ALL_STAGES,
    test.map((it) => it.stage),
    test.map((it) => full.stage.predict(featuresOf(it)).label),
  );
  const combined = evaluate(createTagger({ learned: full }), test, themeSlugs);
  const ablation: AblationRow[] = [
    {
      name: 'rules only',
      stageMacroF1: testReport.stage.macroF1,
      stageAccuracy: testReport.stage.accuracy,
      themeMicroF1: testReport.themes.micro.f1,
    },
    {
      name: 'model only',
      stageMacroF1: modelOnly.macroF1,
      stageAccuracy: modelOnly.accuracy,
      themeMicroF1: null,
    },
    {
      name: 'rules + model',
      stageMacroF1: combined.stage.macroF1,
      stageAccuracy: combined.stage.accuracy,
      themeMicroF1: combined.themes.micro.f1,
    },
  ];

  return {
    labels: labels.length,
    train: trainReport,
    test: testReport,
    leaks,
    learningCurve,
    ablation,
  };
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
      `== ${name} slice: ${s.items} items ==`,
      '',
      stageTable(s.stage),
      '',
      confusionTable(s.stage.confusion),
      '',
      themeTable(s.themes),
    ].join('\n');
  const curve = simpleTable(
    ['corrections', 'stage macro-F1', 'accuracy'],
    r.learningCurve.map((p) => [String(p.corrections), fmt(p.stageMacroF1), fmt(p.stageAccuracy)]),
  );
  const ablation = simpleTable(
    ['variant', 'stage macro-F1', 'accuracy', 'theme micro-F1'],
    r.ablation.map((a) => [
      a.name,
      fmt(a.stageMacroF1),
      fmt(a.stageAccuracy),
      a.themeMicroF1 === null ? '-' : fmt(a.themeMicroF1),
    ]),
  );
  const leaks =
    r.leaks.length === 0
      ? 'none: every taxonomy phrase that matches a test-slice item also matches a training item'
      : r.leaks.map((l) => `  ${l.list}: "${l.phrase}"`).join('\n');
  return [
    `Tagger evaluation on ${r.labels} hand-labelled items (eval/labels.jsonl, eval/items/uk-items-labelled.jsonl)`,
    '',
    slice('training (rules may be tuned on these: not the figure)', r.train),
    '',
    slice('TEST (protected: never tuned on)', r.test),
    '',
    ...(r.learningCurve.length === 0
      ? []
      : [
          '== learning from corrections (test slice) ==',
          'Training labels fed to the model as if people had corrected them; rules and model combined.',
          curve,
          '',
          '== ablation (test slice; the model trained on every training label) ==',
          ablation,
          '',
        ]),
    `== leakage: taxonomy phrases matching test-slice items only ==`,
    leaks,
    '',
    `Test slice: stage macro-F1 ${fmt(r.test.stage.macroF1)}, theme micro-F1 ${fmt(r.test.themes.micro.f1)}`,
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
    },
  });
  const baselinePath = values.baseline ?? DEFAULT_BASELINE_PATH;
  // Read the baseline first, so a missing or broken one is reported before the run, not after.
  const baseline = values.check ? readBaseline(baselinePath) : null;
  const quick = values.check || values['write-baseline'];
  const report = await runEval({ quick, ...(values.labels ? { labelsPath: values.labels } : {}) });
  let failed = false;
  if (values.check && report.leaks.length > 0) {
    process.stderr.write(
      `Leakage: ${report.leaks.length} taxonomy phrase(s) match test-slice items and no training item:\n` +
        report.leaks.map((l) => `  - ${l.list}: "${l.phrase}"`).join('\n') +
        '\nA phrase may be chosen on training items only: remove it, or show it on a training item.\n',
    );
    failed = true;
  }
  const reached = baselineOf(report);
  process.stdout.write((values.json ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n');
  if (values['write-baseline']) {
    writeFileSync(baselinePath, JSON.stringify(roundDown(reached), null, 2) + '\n');
    process.stderr.write(`Baseline written to ${baselinePath}.\n`);
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
