import { describe, expect, it } from 'vitest';
import { NaiveBayes } from '../../src/tagging/model.js';

type Fruit = 'citrus' | 'berry';

/** A toy set that words alone separate: citrus items mention peel and juice, berries seeds and jam. */
const toySet: [string[], Fruit][] = [
  [['peel', 'juice', 'sour'], 'citrus'],
  [['peel', 'zest', 'juice'], 'citrus'],
  [['juice', 'sour', 'zest'], 'citrus'],
  [['seeds', 'jam', 'sweet'], 'berry'],
  [['jam', 'bush', 'seeds'], 'berry'],
  [['sweet', 'bush', 'jam'], 'berry'],
];

function trained(examples = toySet): NaiveBayes<Fruit> {
  const nb = new NaiveBayes<Fruit>(['citrus', 'berry']);
  for (const [f, l] of examples) nb.learn(f, l);
  return nb;
}

describe('NaiveBayes', () => {
  it('learns a separable set and labels unseen mixtures of its words', () => {
    const nb = trained();
    expect(nb.predict(['peel', 'sour']).label).toBe('citrus');
    expect(nb.predict(['seeds', 'bush']).label).toBe('berry');
    expect(nb.predict(['zest', 'juice', 'jam']).label).toBe('citrus');
  });

  it('gives probabilities that sum to one and favour the learned label', () => {
    const s = trained().scores(['jam', 'seeds']);
    expect(s.citrus + s.berry).toBeCloseTo(1, 10);
    expect(s.berry).toBeGreaterThan(0.8);
  });

  it('is uniform before it has learned anything, and for features it has never seen', () => {
    const empty = new NaiveBayes<Fruit>(['citrus', 'berry']);
    expect(empty.scores(['peel'])).toEqual({ citrus: 0.5, berry: 0.5 });
    const balanced = trained();
    expect(balanced.scores(['kiwi', 'mango']).citrus).toBeCloseTo(0.5, 10);
  });

  it('counts a repeated feature once per example', () => {
    const nb = trained();
    expect(nb.scores(['jam', 'jam', 'jam'])).toEqual(nb.scores(['jam']));
  });

  it('learns incrementally: one more example moves a borderline text', () => {
    const nb = trained();
    const before = nb.scores(['tart']).citrus;
    nb.learn(['tart', 'juice'], 'citrus');
    expect(nb.scores(['tart']).citrus).toBeGreaterThan(before);
    expect(nb.examples()).toBe(7);
    expect(nb.examples('citrus')).toBe(4);
  });

  it('forgets an example exactly, as if it had never been learned', () => {
    const nb = trained();
    nb.learn(['tart', 'jam'], 'citrus');
    nb.forget(['tart', 'jam'], 'citrus');
    expect(nb.toJSON()).toEqual(trained().toJSON());
  });

  it('ignores a forget it cannot undo', () => {
    const nb = new NaiveBayes<Fruit>(['citrus', 'berry']);
    nb.forget(['peel'], 'citrus');
    expect(nb.examples()).toBe(0);
    expect(nb.toJSON().counts).toEqual({ citrus: {}, berry: {} });
  });

  it('survives a round trip through JSON with the same scores', () => {
    const nb = trained();
    const copy = NaiveBayes.fromJSON<Fruit>(JSON.parse(JSON.stringify(nb)));
    expect(copy.scores(['peel', 'jam', 'bush'])).toEqual(nb.scores(['peel', 'jam', 'bush']));
    copy.learn(['tart'], 'berry');
    expect(copy.examples('berry')).toBe(4);
  });

  it('refuses a label it was not built with, naming the ones it knows', () => {
    const nb = trained();
    expect(() => nb.learn(['x'], 'stone' as Fruit)).toThrow(
      /"stone" is not one of this model's labels \(citrus, berry\)/,
    );
  });

  it('refuses corrupt saved counts', () => {
    const json = trained().toJSON();
    json.counts.citrus!.peel = -2;
    expect(() => NaiveBayes.fromJSON(json)).toThrow(/count of "peel" for "citrus"/);
  });
});
