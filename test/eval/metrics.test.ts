import { describe, expect, it } from 'vitest';
import { prf, scoreMultiLabel, scoreSingleLabel } from '../../eval/metrics.js';

describe('scoreSingleLabel', () => {
  const labels = ['a', 'b', 'c'] as const;
  // gold a a a b b c ; tagged a a b b c c
  const r = scoreSingleLabel(labels, ['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'a', 'b', 'b', 'c', 'c']);

  it('computes precision, recall and F1 per label', () => {
    expect(r.perClass.a).toMatchObject({ precision: 1, recall: 2 / 3, support: 3, predicted: 2 });
    expect(r.perClass.b).toMatchObject({ precision: 0.5, recall: 0.5 });
    expect(r.perClass.c).toMatchObject({ precision: 0.5, recall: 1 });
    expect(r.perClass.a.f1).toBeCloseTo(0.8, 10);
  });

  it('averages F1 over labels and counts accuracy', () => {
    expect(r.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 10);
    expect(r.accuracy).toBeCloseTo(4 / 6, 10);
  });

  it('builds a confusion matrix with gold rows and tagged columns', () => {
    expect(r.confusion.matrix).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it('leaves labels nobody used out of the macro average', () => {
    const only = scoreSingleLabel(labels, ['a', 'b'], ['a', 'b']);
    expect(only.macroF1).toBe(1);
  });

  it('refuses a label outside the list', () => {
    expect(() => scoreSingleLabel(labels, ['a'], ['z' as 'a'])).toThrow(/unexpected label "z"/);
  });
});

describe('scoreMultiLabel', () => {
  it('pools decisions for micro figures and averages per theme for macro', () => {
    const r = scoreMultiLabel(['x', 'y'], [['x'], ['x', 'y'], []], [['x', 'y'], ['x'], ['y']]);
    // x: tp 2; y: tp 0, fp 2, fn 1
    expect(r.micro).toEqual(prf(2, 2, 1));
    expect(r.perClass.x!.f1).toBe(1);
    expect(r.perClass.y!.f1).toBe(0);
    expect(r.macroF1).toBe(0.5);
  });
});
