import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_STAGES } from '../../src/domain.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { loadLabels, splitOf } from '../../eval/labels.js';

const labels = loadLabels();

function labelFile(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'horizon-labels-')), 'labels.jsonl');
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('the labelled evaluation set', () => {
  it('has at least 250 items, each with a stage', () => {
    expect(labels.length).toBeGreaterThanOrEqual(250);
    for (const l of labels) expect(ALL_STAGES).toContain(l.stage);
  });

  it('uses only theme slugs of the shipped taxonomy, at most three per item', () => {
    const slugs = new Set(loadTaxonomy().themes.map((t) => t.slug));
    for (const l of labels) {
      expect(l.themes.length).toBeLessThanOrEqual(3);
      for (const t of l.themes) expect(slugs, `${l.id}: ${t}`).toContain(t);
    }
  });

  it('records the split its id hashes to, with about 30% held out', () => {
    for (const l of labels) expect(l.split, l.id).toBe(splitOf(l.id));
    const share = labels.filter((l) => l.split === 'holdout').length / labels.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
  });

  it('holds out examples of every stage', () => {
    const held = new Set(labels.filter((l) => l.split === 'holdout').map((l) => l.stage));
    expect([...held].sort()).toEqual([...ALL_STAGES].sort());
  });
});

describe('loadLabels', () => {
  const good = {
    id: 'x-1',
    title: 'T',
    summary: 'S',
    source_kind: 'news',
    stage: 'peak',
    themes: [],
    split: 'tune',
  };

  it('names the line and field of a bad label', () => {
    const path = labelFile([JSON.stringify(good), JSON.stringify({ ...good, id: 'x-2', stage: 'hype' })]);
    expect(() => loadLabels(path)).toThrow(/labels\.jsonl:2: stage/);
  });

  it('refuses an id used twice', () => {
    const path = labelFile([JSON.stringify(good), JSON.stringify(good)]);
    expect(() => loadLabels(path)).toThrow(/:2: id x-1 is used twice/);
  });

  it('refuses a line that is not JSON', () => {
    expect(() => loadLabels(labelFile(['{"id":']))).toThrow(/:1: not valid JSON/);
  });
});
