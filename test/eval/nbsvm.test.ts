import { describe, expect, it } from 'vitest';
import { averageWithNbsvm, nbRatio, SETTINGS, scaledRows } from '../../eval/train.js';
import { ALL_STAGES } from '../../src/domain.js';
import { fitOneVsRest, fitSoftmax, scoreRow, sparseRows } from '../../src/tagging/logistic.js';

// Features: two words and a source kind. Word "w:consult" comes with trigger items, "w:cut" with
// trough items; "src:news" is on every item and is not a word, so NB ratios never scale it.
const features = ['src:news', 'w:consult', 'w:cut'];
const rows = [
  { idx: [0, 1], val: [1, 1.1] },
  { idx: [0, 1], val: [1, 0.7] },
  { idx: [0, 1, 2], val: [1, 0.7, 0.2] },
  { idx: [0, 2], val: [1, 1.1] },
  { idx: [0, 2], val: [1, 0.7] },
];
const trigger = ALL_STAGES.indexOf('trigger');
const trough = ALL_STAGES.indexOf('trough');
const y = Int32Array.from([trigger, trigger, trigger, trough, trough]);

describe('naive-Bayes log-count ratios', () => {
  it('favour a word seen with the label, count against one seen without it, and ignore how often', () => {
    const x = sparseRows(rows);
    const r = nbRatio(x, Uint8Array.from([1, 1, 1, 0, 0]), features.length, 1);
    expect(r[1]).toBeGreaterThan(0);
    expect(r[2]).toBeLessThan(0);
    // Presence, not value: doubling every value leaves the ratios as they were.
    const doubled = sparseRows(rows.map((row) => ({ idx: row.idx, val: row.val.map((v) => v * 2) })));
    expect(Array.from(nbRatio(doubled, Uint8Array.from([1, 1, 1, 0, 0]), 3, 1))).toEqual(Array.from(r));
  });
});

describe('averaging logistic regression with NBSVM heads', () => {
  it('gives one weight table whose scores are the mean of the two heads’ scores, item by item', () => {
    const x = sparseRows(rows);
    const F = features.length;
    const K = ALL_STAGES.length;
    const fit = { l2: SETTINGS.l2, iterations: 60 };
    const stageLR = fitSoftmax(x, y, F, K, fit);
    const ty = Uint8Array.from([1, 1, 0, 0, 0]); // one theme, on the first two items
    const themeLR = fitOneVsRest(x, ty, F, 1, fit);
    const stageW = Float64Array.from(stageLR);
    const themeW = Float64Array.from(themeLR);
    const s = { ...SETTINGS, iterations: 60, themeIterations: 60, themeL2: SETTINGS.l2, nbsvm: { alpha: 1 } };
    averageWithNbsvm(x, y, ty, features, stageW, themeW, 1, s);

    // The trigger head on its own: a binary model over the rows with the words scaled by their ratios.
    const isTrigger = Uint8Array.from(y, (c) => (c === trigger ? 1 : 0));
    const ratio = nbRatio(x, isTrigger, F, 1);
    const words = Uint8Array.from([0, 1, 1]);
    const head = fitOneVsRest(scaledRows(x, ratio, words), isTrigger, F, 1, fit);
    const score = (w: Float64Array, labels: number, k: number, row: { idx: number[]; val: number[] }) => {
      const out = new Float64Array(labels);
      scoreRow(w, F, labels, row.idx, row.val, 0, row.idx.length, out);
      return out[k]!;
    };
    for (const row of rows) {
      const scaledRow = {
        idx: row.idx,
        val: row.val.map((v, j) => (words[row.idx[j]!] ? v * ratio[row.idx[j]!]! : v)),
      };
      const mean = (score(stageLR, K, trigger, row) + score(head, 1, 0, scaledRow)) / 2;
      expect(score(stageW, K, trigger, row)).toBeCloseTo(mean, 6);
    }
    // And the averaged model still tells the two stages apart.
    expect(score(stageW, K, trigger, rows[0]!)).toBeGreaterThan(score(stageW, K, trough, rows[0]!));
    expect(score(stageW, K, trough, rows[3]!)).toBeGreaterThan(score(stageW, K, trigger, rows[3]!));
  });
});
