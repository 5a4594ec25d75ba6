import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEED_KINDS } from '../../src/domain.js';
import { parseOpml } from '../../src/feeds/opml.js';
import { projectPath } from '../../src/paths.js';
import { DOMAIN_THEMES as THEMES } from '../support/domain.js';

describe('the shipped catalogue', () => {
  const { feeds, problems } = parseOpml(readFileSync(projectPath('feeds', 'catalogue.opml'), 'utf8'));

  it('reads without problems and covers every kind of source', () => {
    expect(problems).toEqual([]);
    expect(new Set(feeds.map((f) => f.kind))).toEqual(new Set(FEED_KINDS));
  });

  it('uses public https addresses and only the domain’s theme slugs', () => {
    for (const f of feeds) {
      expect(f.url).toMatch(/^https:\/\//);
      for (const t of f.themes ?? []) expect(THEMES).toContain(t);
    }
  });

  it('includes the sources people watch: GOV.UK, legislation.gov.uk, Parliament bills and the funders', () => {
    const urls = feeds.map((f) => f.url).join('\n');
    for (const host of [
      'www.gov.uk',
      'www.legislation.gov.uk',
      'bills.parliament.uk',
      'www.england.nhs.uk',
      'www.tnlcommunityfund.org.uk',
      'www.threesixtygiving.org',
    ]) {
      expect(urls).toContain(`https://${host}/`);
    }
    expect(feeds.length).toBeGreaterThanOrEqual(25);
  });
});
