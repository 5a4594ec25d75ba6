import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaxonomyCached, taxonomyCacheDir } from '../../src/tagging/taxonomy-cache.js';
import { defaultTaxonomyPath, loadTaxonomy, TaxonomyError } from '../../src/tagging/taxonomy.js';

const shipped = readFileSync(defaultTaxonomyPath(), 'utf8');

function setUp(text = shipped): { path: string; cache: string } {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-taxcache-'));
  const path = join(dir, 'taxonomy.yaml');
  writeFileSync(path, text);
  return { path, cache: join(dir, 'cache') };
}

describe('the taxonomy checked once and kept beside the database', () => {
  it('is the same taxonomy as a fresh parse, read from the kept copy the second time', () => {
    const { path, cache } = setUp();
    const fresh = loadTaxonomy(path);
    expect(loadTaxonomyCached(path, cache)).toEqual(fresh);
    const file = join(cache, 'taxonomy.json');
    expect(existsSync(file)).toBe(true);
    // The second process reads the kept copy: mark it, and the mark comes back.
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { key: string; taxonomy: { source: string } };
    kept.taxonomy.source = 'from the kept copy';
    writeFileSync(file, JSON.stringify(kept));
    expect(loadTaxonomyCached(path, cache).source).toBe('from the kept copy');
  });

  it('reads an edited file afresh, and still reports its mistakes with the line to fix', () => {
    const { path, cache } = setUp();
    loadTaxonomyCached(path, cache);
    writeFileSync(path, shipped.replace('title_weight: 2', 'title_weight: 3'));
    expect(loadTaxonomyCached(path, cache).settings.titleWeight).toBe(3);
    writeFileSync(path, shipped.replace('title_weight: 2', 'title_weight: -1'));
    expect(() => loadTaxonomyCached(path, cache)).toThrow(TaxonomyError);
    expect(() => loadTaxonomyCached(path, cache)).toThrow(/line \d+: settings\.title_weight/);
  });

  it('parses as before when the copy cannot be written or is damaged', () => {
    const { path, cache } = setUp();
    writeFileSync(join(cache, '..', 'cache'), 'a file where the folder should be');
    expect(loadTaxonomyCached(path, cache)).toEqual(loadTaxonomy(path));
    const other = setUp();
    loadTaxonomyCached(other.path, other.cache);
    writeFileSync(join(other.cache, 'taxonomy.json'), '{"key": "');
    expect(loadTaxonomyCached(other.path, other.cache)).toEqual(loadTaxonomy(other.path));
  });

  it('is kept in a cache folder beside the database, and not at all for an in-memory one', () => {
    expect(taxonomyCacheDir('/srv/horizon/data/horizon.db')).toBe('/srv/horizon/data/cache');
    expect(taxonomyCacheDir(':memory:')).toBeNull();
  });
});
