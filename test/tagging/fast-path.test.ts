// The trained tagger's fast path (numbered stems, flat phrase and word-pair tables, one pass for the
// reasons) against plain reference implementations of the same definitions, over every real labelled
// item: tagging faster must not change a single tag, confidence or reason.
import { describe, expect, it } from 'vitest';
import { loadLabels, NEW_LABELS_PATH } from '../../eval/labels.js';
import type { TagInput } from '../../src/domain.js';
import { compileTaxonomy } from '../../src/tagging/compile.js';
import { createTagger, TaggerModel } from '../../src/tagging/index.js';
import { tokenize, type PhraseEntry, type Token } from '../../src/tagging/text.js';
import type { Vector } from '../../src/tagging/trained.js';

const model = TaggerModel.load();
const tagger = createTagger({ model });
const inputs: TagInput[] = [...loadLabels(), ...loadLabels(NEW_LABELS_PATH, 'new')].map((it) => ({
  title: it.title,
  summary: it.summary,
  feedKind: it.source_kind,
}));

/** Every phrase tried at every word, compared by stem strings: what the matcher must find. */
function referenceMatch<T>(phrases: readonly PhraseEntry<T>[], tokens: readonly Token[]) {
  const out: { value: T; from: number; to: number }[] = [];
  for (let i = 0; i < tokens.length; i++)
    for (const e of phrases) {
      const n = e.stems.length;
      if (i + n > tokens.length) continue;
      let ok = true;
      for (let k = 0; k < n && ok; k++) {
        const t = tokens[i + k]!;
        ok =
          t.stem === e.stems[k] &&
          (k === 0 || !t.breakBefore) &&
          (!e.capitals || t.upper) &&
          (!e.words || e.words[k] === t.word);
      }
      if (ok) out.push({ value: e.value, from: i, to: i + n });
    }
  return out;
}

/** The features that weighed most for one label, by sorting them all (ties: first seen first). */
function referenceTop(v: Vector, head: 'stage' | 'themes', label: string, n: number) {
  const labels: readonly string[] = head === 'stage' ? model.json.stage.labels : model.json.themes.labels;
  const k = labels.indexOf(label);
  const rows = head === 'stage' ? model.json.stage.weights : model.json.themes.weights;
  return v.idx
    .map((f, pos) => {
      // A stage's weight less the feature's mean stage weight: what singles the stage out.
      let mean = 0;
      for (const row of model.json.stage.weights) mean += row[f]!;
      mean /= model.json.stage.weights.length;
      const w = head === 'stage' ? rows[k]![f]! - mean : rows[k]![f]!;
      return { pos, weight: w * v.val[pos]! };
    })
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.pos - b.pos)
    .slice(0, n);
}

describe('the trained tagger’s fast path, on every real labelled item', () => {
  it('finds the same taxonomy phrases as trying every phrase at every word', () => {
    const matcher = compileTaxonomy(tagger.taxonomy).matcher;
    let found = 0;
    for (const input of inputs)
      for (const text of [input.title ?? '', input.summary ?? '']) {
        const tokens = tokenize(text);
        const fast = matcher.match(tokens);
        found += fast.length;
        expect(fast).toEqual(referenceMatch(matcher.phrases, tokens));
      }
    expect(found).toBeGreaterThan(1000);
  });

  it('adds up exactly the features training reads, by name', () => {
    for (const input of inputs) {
      const fast = tagger.vector(input)!;
      const slow = model.vector(tagger.features(input, model.settings));
      const order = fast.idx.map((_, p) => p).sort((a, b) => fast.idx[a]! - fast.idx[b]!);
      expect(order.map((p) => fast.idx[p])).toEqual(slow.idx);
      // Exactly equal: the same values added in the same order.
      expect(order.map((p) => fast.val[p])).toEqual(slow.val);
    }
  });

  it('gives the same stage, confidence and themes as scoring the features by name', () => {
    for (const input of inputs) {
      const slow = model.predict(model.vector(tagger.features(input, model.settings)));
      const t = tagger.tag(input);
      expect(t.stage).toBe(slow.stage);
      expect(t.confidence).toBe(Math.round(slow.confidence * 100) / 100);
      expect(t.themes).toEqual(slow.themes.map((x) => x.slug));
    }
  });

  it('explains each label by the same features, in the same order, as sorting them all', () => {
    let lists = 0;
    for (const input of inputs) {
      const v = tagger.vector(input)!;
      const p = model.predict(v);
      const wanted = [
        { head: 'stage' as const, label: p.stage },
        ...p.themes.map((t) => ({ head: 'themes' as const, label: t.slug })),
      ];
      const fast = model.topFeaturesOf(v, wanted, 3);
      wanted.forEach((w, j) => {
        const slow = referenceTop(v, w.head, w.label, 3);
        expect(fast[j]!.map((x) => x.pos)).toEqual(slow.map((x) => x.pos));
        for (let q = 0; q < slow.length; q++) expect(fast[j]![q]!.weight).toBeCloseTo(slow[q]!.weight, 12);
        lists++;
      });
    }
    expect(lists).toBeGreaterThan(inputs.length);
  });
});
