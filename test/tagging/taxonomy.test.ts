import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_STAGES } from '../../src/domain.js';
import { stageGuide } from '../../src/tagging/index.js';
import { loadTaxonomy, parseTaxonomy, TaxonomyError } from '../../src/tagging/taxonomy.js';
import { DOMAIN_THEMES } from '../support/domain.js';

function writeTemp(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'horizon-tax-')), 'taxonomy.yaml');
  writeFileSync(path, text);
  return path;
}

const shipped = readFileSync(new URL('../../config/taxonomy.yaml', import.meta.url), 'utf8');

describe('the shipped taxonomy', () => {
  const tax = loadTaxonomy();

  it('has every theme slug from the domain theme table', () => {
    const slugs = tax.themes.map((t) => t.slug);
    for (const slug of DOMAIN_THEMES) expect(slugs).toContain(slug);
  });

  it('defines every stage, including unknown, with a label, tactic and question', () => {
    for (const stage of ALL_STAGES) {
      const s = tax.stages[stage];
      expect(s.label.length).toBeGreaterThan(3);
      expect(s.tactic.length).toBeGreaterThan(10);
      expect(s.prompt).toMatch(/\?$/);
    }
  });

  it('carries the typical signals of each stage from the domain table', () => {
    const phrases = (stage: keyof typeof tax.stages) => tax.stages[stage].signals.map((s) => s.phrase);
    expect(phrases('trigger')).toEqual(
      expect.arrayContaining(['consultation', 'call for evidence', 'green paper']),
    );
    expect(phrases('peak')).toEqual(expect.arrayContaining(['flagship', 'landmark', 'unveils']));
    expect(phrases('trough')).toEqual(
      expect.arrayContaining(['delayed', 'scrapped', 'u-turn', 'watchdog warns']),
    );
    expect(phrases('slope')).toEqual(
      expect.arrayContaining(['pilot', 'pathfinder', 'trailblazer', 'prospectus']),
    );
    expect(phrases('plateau')).toEqual(
      expect.arrayContaining(['comes into force', 'statutory guidance', 'invitation to tender']),
    );
  });

  it('gives the agenda a guide for unknown items without building a tagger', () => {
    expect(stageGuide('unknown').prompt).toBe('Worth watching: what would make this matter to us?');
    expect(stageGuide('slope').tactic).toMatch(/special funding/);
  });
});

describe('a bad taxonomy file', () => {
  it('names the line and field of a wrong value', () => {
    const bad = shipped.replace('  title_weight: 2 #', '  title_weight: heavy #');
    const line = bad.split('\n').findIndex((l) => l.includes('title_weight: heavy')) + 1;
    expect(() => loadTaxonomy(writeTemp(bad))).toThrow(
      new RegExp(`line ${line}: settings\\.title_weight: .*number`),
    );
  });

  it('says which stage is missing', () => {
    const text = 'themes:\n  - slug: housing\n    label: Housing\n    keywords: [housing]\nstages: []\n';
    expect(() => parseTaxonomy(text, 'tax.yaml')).toThrow(/stage "trigger" is missing/);
  });

  it('reports broken YAML with its line', () => {
    expect(() => parseTaxonomy('themes:\n  - slug: housing\n   label: [unclosed\n', 'tax.yaml')).toThrow(
      /tax\.yaml, line \d+: the file is not valid YAML/,
    );
  });

  it('says when the file cannot be read and what to check', () => {
    expect(() => loadTaxonomy('/nonexistent/taxonomy.yaml')).toThrow(TaxonomyError);
    expect(() => loadTaxonomy('/nonexistent/taxonomy.yaml')).toThrow(/HORIZON_TAXONOMY/);
  });

  it('refuses a theme listed twice', () => {
    const dup = shipped.replace('  - slug: welfare\n', '  - slug: housing\n');
    expect(() => parseTaxonomy(dup, 'tax.yaml')).toThrow(/theme "housing" is listed twice/);
  });
});
