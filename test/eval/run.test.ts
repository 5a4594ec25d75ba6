import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, type LabelledItem } from '../../eval/labels.js';
import { findLeaks } from '../../eval/leakage.js';
import { parseTaxonomy } from '../../src/tagging/taxonomy.js';
import {
  baselineOf,
  integrityProblems,
  regressions,
  roundDown,
  runEval,
  type EvalReport,
} from '../../eval/run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function runCli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'eval/run.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(name: string, content?: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'horizon-eval-')), name);
  if (content !== undefined) writeFileSync(path, content);
  return path;
}

let report: EvalReport;
beforeAll(async () => {
  report = await runEval({ quick: true });
});

const inUnitRange = (x: number) => x >= 0 && x <= 1;

describe('runEval', () => {
  it('scores the training data and the test slice separately, covering every label once', () => {
    const { train, test } = loadDataset();
    expect(report.labels).toBe(train.length + test.length);
    expect(report.test.items).toBe(test.length);
    expect(report.rulesTest.items).toBe(test.length);
  });

  it('finds no taxonomy phrase that matches test-slice items only', () => {
    expect(report.leaks).toEqual([]);
  });

  it('gives every figure in [0, 1]', () => {
    for (const s of [report.rulesTest, report.test]) {
      expect(inUnitRange(s.stage.macroF1)).toBe(true);
      expect(inUnitRange(s.stage.accuracy)).toBe(true);
      expect(inUnitRange(s.themes.micro.f1)).toBe(true);
      expect(inUnitRange(s.themes.macroF1)).toBe(true);
      for (const c of [...Object.values(s.stage.perClass), ...Object.values(s.themes.perClass)])
        expect([c.precision, c.recall, c.f1].every(inUnitRange)).toBe(true);
    }
  });

  it('has a confusion matrix that sums to the number of items, row by row to each stage’s support', () => {
    for (const s of [report.rulesTest, report.test]) {
      const { labels, matrix } = s.stage.confusion;
      expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(s.items);
      labels.forEach((l, i) =>
        expect(matrix[i]!.reduce((a, b) => a + b, 0)).toBe(s.stage.perClass[l].support),
      );
    }
  });

  it('tags the test slice with the shipped model, trained on exactly the training data', () => {
    expect(report.model?.trainedOnTrainingData).toBe(true);
    expect(report.model?.features).toBeGreaterThan(1000);
    expect(integrityProblems(report)).toEqual([]);
  });

  it('calls a model trained on anything else a leak', () => {
    const other = { ...report, model: { ...report.model!, trainedOnTrainingData: false } };
    expect(integrityProblems(other)).toEqual([
      expect.stringMatching(/not trained on exactly the training data/),
    ]);
  });
});

describe('the baseline guard', () => {
  it('rounds figures down, never up', () => {
    const reached = baselineOf(report);
    const floor = roundDown(reached);
    for (const k of Object.keys(reached) as (keyof typeof reached)[]) {
      expect(floor[k]).toBeLessThanOrEqual(reached[k]);
      expect(reached[k] - floor[k]).toBeLessThan(0.021);
    }
    expect(regressions(reached, floor)).toEqual([]);
  });

  it('names each figure that fell below its baseline', () => {
    const reached = baselineOf(report);
    const failed = regressions(reached, { ...reached, themeMicroF1: reached.themeMicroF1 + 0.05 });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/^themeMicroF1 is 0\.\d{3}, below the baseline/);
  });

  it('--check exits non-zero when the baseline is above the figures reached', () => {
    const above = Object.fromEntries(
      Object.entries(baselineOf(report)).map(([k, v]) => [k, Math.min(1, v + 0.05)]),
    );
    const r = runCli('--check', '--baseline', tempFile('baseline.json', JSON.stringify(above)));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/got worse on the test slice/);
    expect(r.stderr).toMatch(/stageMacroF1 is .* below the baseline/);
  }, 60_000);

  it('--write-baseline records figures that --check then passes, and --json prints the report', () => {
    const path = tempFile('baseline.json');
    const written = runCli('--write-baseline', '--json', '--baseline', path);
    expect(written.code).toBe(0);
    const printed = JSON.parse(written.stdout) as EvalReport;
    expect(printed.test.items).toBe(report.test.items);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(roundDown(baselineOf(printed)));
    const checked = runCli('--check', '--baseline', path);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/== TEST slice \(protected: never tuned on\): \d+ items ==/);
  }, 60_000);

  it('--check explains how to record a baseline when there is none', () => {
    const r = runCli('--check', '--baseline', join(tmpdir(), 'no-such-dir-horizon', 'baseline.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no baseline at .*: run `npm run eval -- --write-baseline`/);
  }, 60_000);
});

describe('the leakage check', () => {
  const item = (key: string, title: string): LabelledItem => ({
    id: key,
    key,
    origin: 'new',
    title,
    summary: '',
    source_kind: 'news',
    stage: 'unknown',
    themes: [],
  });
  const taxonomy = parseTaxonomy(`
themes:
  - { slug: housing, label: Housing, keywords: [social housing, rough sleeping] }
stages:
  - { slug: trigger, label: T, tactic: t, prompt: p, signals: [consultation] }
  - { slug: peak, label: P, tactic: t, prompt: p, signals: [landmark] }
  - { slug: trough, label: Tr, tactic: t, prompt: p, signals: [much-delayed] }
  - { slug: slope, label: S, tactic: t, prompt: p, signals: [pilot] }
  - { slug: plateau, label: Pl, tactic: t, prompt: p, signals: [regulations] }
  - { slug: unknown, label: U, tactic: t, prompt: p }
names: [Rough Sleeping Initiative]
`);
  const train = [item('a', 'A consultation on social housing'), item('b', 'Pilot of new regulations')];

  it('names each phrase that matches only test-slice items, with its list', () => {
    const test = [item('c', 'A much-delayed landmark bill'), item('d', 'Rough Sleeping Initiative grows')];
    expect(findLeaks(taxonomy, train, test)).toEqual([
      { list: 'stages.peak.signals', phrase: 'landmark', testItems: 1 },
      { list: 'stages.trough.signals', phrase: 'much-delayed', testItems: 1 },
      { list: 'themes.housing.keywords', phrase: 'rough sleeping', testItems: 1 },
      { list: 'names', phrase: 'Rough Sleeping Initiative', testItems: 1 },
    ]);
  });

  it('passes a phrase that a training item also shows', () => {
    expect(findLeaks(taxonomy, train, [item('e', 'Consultation on social housing pilot')])).toEqual([]);
  });
});
