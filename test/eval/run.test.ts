import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLabels } from '../../eval/labels.js';
import { baselineOf, regressions, roundDown, runEval, type EvalReport } from '../../eval/run.js';

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
  report = await runEval({ orderings: 2 });
});

const inUnitRange = (x: number) => x >= 0 && x <= 1;

describe('runEval', () => {
  it('scores the tune and holdout slices separately, covering every label once', () => {
    const labels = loadLabels();
    expect(report.labels).toBe(labels.length);
    expect(report.tune.items).toBe(labels.filter((l) => l.split === 'tune').length);
    expect(report.holdout.items).toBe(labels.filter((l) => l.split === 'holdout').length);
  });

  it('gives every figure in [0, 1]', () => {
    for (const s of [report.tune, report.holdout]) {
      expect(inUnitRange(s.stage.macroF1)).toBe(true);
      expect(inUnitRange(s.stage.accuracy)).toBe(true);
      expect(inUnitRange(s.themes.micro.f1)).toBe(true);
      expect(inUnitRange(s.themes.macroF1)).toBe(true);
      for (const c of [...Object.values(s.stage.perClass), ...Object.values(s.themes.perClass)])
        expect([c.precision, c.recall, c.f1].every(inUnitRange)).toBe(true);
    }
    for (const p of report.learningCurve) expect(inUnitRange(p.stageMacroF1)).toBe(true);
  });

  it('has a confusion matrix that sums to the number of items, row by row to each stage’s support', () => {
    for (const s of [report.tune, report.holdout]) {
      const { labels, matrix } = s.stage.confusion;
      expect(matrix.flat().reduce((a, b) => a + b, 0)).toBe(s.items);
      labels.forEach((l, i) =>
        expect(matrix[i]!.reduce((a, b) => a + b, 0)).toBe(s.stage.perClass[l].support),
      );
    }
  });

  it('draws the learning curve from no corrections up to every tune label, starting at the rules alone', () => {
    const ks = report.learningCurve.map((p) => p.corrections);
    expect(ks).toEqual([0, 10, 25, 50, 100, report.tune.items]);
    expect(report.learningCurve[0]!.stageMacroF1).toBe(report.holdout.stage.macroF1);
  });

  it('reports the ablation: rules only, model only, and both', () => {
    expect(report.ablation.map((a) => a.name)).toEqual(['rules only', 'model only', 'rules + model']);
    const both = report.ablation[2]!;
    expect(both.stageMacroF1).toBe(report.learningCurve.at(-1)!.stageMacroF1);
    expect(report.ablation[1]!.themeMicroF1).toBeNull();
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
    expect(r.stderr).toMatch(/got worse on the holdout slice/);
    expect(r.stderr).toMatch(/stageMacroF1 is .* below the baseline/);
  });

  it('--write-baseline records figures that --check then passes, and --json prints the report', () => {
    const path = tempFile('baseline.json');
    const written = runCli('--write-baseline', '--json', '--baseline', path);
    expect(written.code).toBe(0);
    const printed = JSON.parse(written.stdout) as EvalReport;
    expect(printed.holdout.items).toBe(report.holdout.items);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(roundDown(baselineOf(printed)));
    const checked = runCli('--check', '--baseline', path);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/== holdout slice: \d+ items ==/);
  });

  it('--check explains how to record a baseline when there is none', () => {
    const r = runCli('--check', '--baseline', join(tmpdir(), 'no-such-dir-horizon', 'baseline.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no baseline at .*: run `npm run eval -- --write-baseline`/);
  });
});
