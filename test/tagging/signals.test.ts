import { describe, expect, it } from 'vitest';
import { createTagger, loadTaxonomy, parseTaxonomy } from '../../src/tagging/index.js';
import { item } from './helpers.js';

const tagger = createTagger({ now: () => new Date('2025-06-01T00:00:00Z') });
const tag = (title: string, summary = '', extra = {}) => tagger.tag(item(title, summary, extra));

describe('names are not news', () => {
  it('does not read "The King\'s Fund" as a fund or a grant round', () => {
    const t = tag("The King's Fund responds to the latest NHS figures", '', { feedKind: 'news' });
    expect(t.stage).not.toBe('plateau');
    expect(t.reasons.some((r) => r.kind === 'stage' && /Fund/.test(r.text))).toBe(false);
  });

  it('still reads the same word as a signal outside the name', () => {
    const t = tag('New fund opens for applications from community groups', '', { feedKind: 'funding' });
    expect(t.stage).toBe('plateau');
  });

  it('takes its list of names from the taxonomy', () => {
    expect(loadTaxonomy().names).toContain('charity commission');
  });
});

describe('phrases marked exact', () => {
  it('keeps "exact: true" from the taxonomy file', () => {
    const housing = loadTaxonomy().themes.find((t) => t.slug === 'housing')!;
    expect(housing.keywords.find((k) => k.phrase === 'housing')?.exact).toBe(true);
  });

  it('does not let an exact stage signal match another form of the word', () => {
    // "providers" is a weak plateau signal written exact; "provide" must not find it.
    const exact = parseTaxonomy(
      [
        'stages:',
        ...['trigger', 'peak', 'trough', 'slope'].map(
          (s) => `  - { slug: ${s}, label: L, tactic: T, prompt: P, signals: [zzz${s}] }`,
        ),
        '  - slug: plateau',
        '    label: L',
        '    tactic: T',
        '    prompt: P',
        '    signals: [{ phrase: providers, weight: 2, exact: true }]',
        '  - { slug: unknown, label: L, tactic: T, prompt: P }',
        'themes: [{ slug: x, label: X, keywords: [x] }]',
      ].join('\n'),
    );
    const t = createTagger({ taxonomy: exact });
    expect(t.tag(item('Councils provide support')).stage).toBe('unknown');
    expect(t.tag(item('Providers named')).stage).toBe('plateau');
  });
});

describe('items that report no policy event', () => {
  it('reads a written question as unknown, even when it mentions contracts', () => {
    const t = tag(
      'Hospices: Finance',
      'To ask the Secretary of State for Health and Social Care, what assessment his Department has made of uplifts to statutory contracts with hospices.',
      { feedKind: 'parliament' },
    );
    expect(t.stage).toBe('unknown');
    expect(t.reasons).toContainEqual(
      expect.objectContaining({
        target: 'unknown',
        text: expect.stringContaining('no policy event'),
      }),
    );
  });

  it('reads a statistics release as unknown', () => {
    expect(
      tag('Housing Benefit caseload: May 2025', 'This statistical release gives the number of awards.').stage,
    ).toBe('unknown');
  });

  it('lets strong stage words outweigh the form of the item', () => {
    const t = tag(
      'Latest figures show targets missed as waiting lists grow',
      'Responding to the latest figures, the charity warned of a crisis this winter.',
    );
    expect(t.stage).toBe('trough');
  });
});

describe('funding rounds: whose money it is', () => {
  it("reads a trust's regular grants round as the plateau", () => {
    const t = tag(
      'Small grants programme reopens',
      'Community groups can apply for grants of up to £10,000.',
      { feedKind: 'funding' },
    );
    expect(t.stage).toBe('plateau');
  });

  it("reads a government's special fund opening for bids as the slope, and says why", () => {
    const t = tag(
      "Government's £50m community recovery fund opens",
      'Charities can apply for grants until 30 June.',
      { feedKind: 'funding' },
    );
    expect(t.stage).toBe('slope');
    expect(t.reasons).toContainEqual(
      expect.objectContaining({
        target: 'slope',
        text: expect.stringContaining("government's special fund"),
      }),
    );
  });

  it('does not take a grant for governance as a sign of government money', () => {
    const t = tag(
      'Community Fund reopens',
      'Capacity building grants of up to £1,000 strengthen operations and governance. Apply now.',
      { feedKind: 'funding' },
    );
    expect(t.stage).toBe('plateau');
  });
});

describe('stage wording from UK policy announcements', () => {
  it.each([
    ['Minister unveils landmark plan to transform community care', 'peak'],
    ['Government to invest £200m in new family hubs', 'peak'],
    ['Watchdog warns reforms are undeliverable and funding is not reaching the front line', 'trough'],
    ['Pathfinder areas named for new integrated care model', 'slope'],
    ['Act receives royal assent', 'plateau'],
    ['Shadow minister sets out party proposals for social care', 'trigger'],
  ])('"%s" reads as %s', (title, stage) => {
    expect(tag(title).stage).toBe(stage);
  });

  it('reads a government response to a review as what it will do next', () => {
    expect(tag('Government response to the committee report on volunteering').stage).toBe('trigger');
  });

  it('does not read the name of a programme as a promise to transform', () => {
    expect(tag('Ministry of Justice announces Transforming Rehabilitation reversal').stage).toBe('trough');
  });

  it('reads money announced in a Budget as the peak, not a new idea', () => {
    expect(tag('Chancellor announces £2bn for social care in the Autumn Budget').stage).toBe('peak');
  });
});
