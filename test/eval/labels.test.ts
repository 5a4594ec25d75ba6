import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_STAGES } from '../../src/domain.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { loadDataset, loadLabels } from '../../eval/labels.js';
import { isTestId } from '../../eval/split.js';

const { train, test } = loadDataset();
const labels = [...train, ...test];

function labelFile(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'horizon-labels-')), 'labels.jsonl');
  writeFileSync(path, lines.join('\n'));
  return path;
}

describe('the labelled evaluation set', () => {
  it('has the 320 first items and the 869 newer ones, each with a stage', () => {
    expect(labels.length).toBe(320 + 869);
    for (const l of labels) expect(ALL_STAGES).toContain(l.stage);
  });

  it('uses only theme slugs of the shipped taxonomy, at most three per item', () => {
    const slugs = new Set(loadTaxonomy().themes.map((t) => t.slug));
    for (const l of labels) {
      expect(l.themes.length).toBeLessThanOrEqual(3);
      for (const t of l.themes) expect(slugs, `${l.id}: ${t}`).toContain(t);
    }
  });

  it('draws the test slice from the newer items only, by the hash of the id, about 30% of them', () => {
    for (const l of test) expect(l.origin, l.key).toBe('new');
    for (const l of train) if (l.origin === 'new') expect(isTestId(l.id), l.key).toBe(false);
    for (const l of test) expect(isTestId(l.id), l.key).toBe(true);
    expect(test.length / 869).toBeGreaterThan(0.25);
    expect(test.length / 869).toBeLessThan(0.35);
  });

  it('keeps every item of eval/labels.jsonl in training: all of them have been read while writing rules', () => {
    expect(train.filter((l) => l.origin === 'labels')).toHaveLength(320);
  });

  it('tests every stage', () => {
    expect([...new Set(test.map((l) => l.stage))].sort()).toEqual([...ALL_STAGES].sort());
  });

  it('keys items uniquely across the two files', () => {
    expect(new Set(labels.map((l) => l.key)).size).toBe(labels.length);
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

describe('loadDataset', () => {
  const line = (id: string) =>
    JSON.stringify({ id, title: 'T', summary: 'S', source_kind: 'news', stage: 'peak', themes: [] });
  const ids = Array.from({ length: 40 }, (_, i) => `n-${i}`);
  const dir = mkdtempSync(join(tmpdir(), 'horizon-dataset-'));
  const newPath = join(dir, 'new.jsonl');
  writeFileSync(newPath, ids.map(line).join('\n'));
  const listPath = (list: string[]) => {
    const p = join(mkdtempSync(join(tmpdir(), 'horizon-ids-')), 'test-ids.txt');
    writeFileSync(p, list.join('\n') + '\n');
    return p;
  };

  it('splits by the written list when it agrees with the hash', () => {
    const d = loadDataset({ newLabelsPath: newPath, testIdsPath: listPath(ids.filter(isTestId)) });
    expect(d.test.map((l) => l.id)).toEqual(ids.filter(isTestId));
    expect(d.train.filter((l) => l.origin === 'new').map((l) => l.id)).toEqual(
      ids.filter((id) => !isTestId(id)),
    );
  });

  it('refuses a list that moves an item out of the test slice', () => {
    const moved = ids.filter(isTestId).slice(1);
    expect(() => loadDataset({ newLabelsPath: newPath, testIdsPath: listPath(moved) })).toThrow(
      /is not listed but hashes to the test slice/,
    );
  });
});
