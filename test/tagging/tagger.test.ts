import { describe, expect, it } from 'vitest';
import { createTagger, features } from '../../src/tagging/index.js';
import { fundingCall, item, policyItem } from './helpers.js';

const tagger = createTagger({ now: () => new Date('2025-06-01T00:00:00Z') });
const stageOf = (input: Parameters<typeof tagger.tag>[0]) => tagger.tag(input).stage;

describe('recognising each stage from real headlines', () => {
  it.each([
    ['it-0001', 'trigger', 'Green Paper'],
    ['it-0085', 'trigger', 'consultation'],
    ['it-0165', 'peak', 'launch'],
    ['it-0115', 'trough', 'cuts'],
    ['it-0034', 'slope', 'Prospectus'],
    ['it-0232', 'slope', 'expressions of interest'],
    ['it-0264', 'plateau', 'Standard Contract'],
    ['it-0146', 'plateau', 'code of guidance'],
  ])('%s reads as %s because of "%s"', (id, stage, phrase) => {
    const t = tagger.tag(policyItem(id, { withSummary: false }));
    expect(t.stage).toBe(stage);
    expect(t.reasons).toContainEqual(
      expect.objectContaining({ kind: 'stage', target: stage, text: `"${phrase}" in title` }),
    );
  });

  it('reads a much-delayed bill whose future is in doubt as the trough', () => {
    expect(stageOf(policyItem('it-0226'))).toBe('trough');
  });

  it('leaves an item with no stage words as unknown and says so', () => {
    const t = tagger.tag(item('Annual report of the trustees'));
    expect(t.stage).toBe('unknown');
    expect(t.reasons).toContainEqual(expect.objectContaining({ kind: 'stage', target: 'unknown' }));
  });

  it('matches any form of a word: consults, consulting and consultations', () => {
    for (const title of [
      'Department consults on carers leave',
      'Consulting on carers leave',
      'Two consultations on carers leave',
    ])
      expect(stageOf(item(title))).toBe('trigger');
  });
});

describe('negation and tense', () => {
  it('reads "delayed" as trouble', () => {
    expect(stageOf(item('Social care reforms delayed'))).toBe('trough');
  });

  it('does not read "not delayed" as trouble', () => {
    const t = tagger.tag(item('Social care reforms will not be delayed, minister confirms'));
    expect(t.stage).not.toBe('trough');
    expect(t.reasons.some((r) => r.text.includes('negated'))).toBe(true);
  });

  it('reads "has been scrapped" as the trough', () => {
    expect(stageOf(item('Youth guarantee has been scrapped'))).toBe('trough');
  });

  it('reads "will be scrapped" as a new decision, the trigger', () => {
    const t = tagger.tag(item('Two-child limit will be scrapped'));
    expect(t.stage).toBe('trigger');
    expect(t.reasons).toContainEqual(
      expect.objectContaining({
        target: 'trigger',
        text: expect.stringContaining('"scrapped" in title (future'),
      }),
    );
  });

  it('does not let a negation reach across a sentence', () => {
    expect(stageOf(item('No surprises. Pilot sites named for family hubs'))).toBe('slope');
  });
});

describe('weighing the evidence', () => {
  it('weighs the title above the summary', () => {
    const pilotInTitle = item('New pilot for young carers', 'The programme has been delayed.');
    const delayInTitle = item('Young carers programme delayed', 'It was a pilot.');
    expect(stageOf(pilotInTitle)).toBe('slope');
    expect(stageOf(delayInTitle)).toBe('trough');
  });

  it('lets the source tip a close call', () => {
    const text = item('Councils respond', 'Guidance published alongside a consultation.');
    expect(stageOf({ ...text, feedKind: 'parliament' })).toBe('trigger');
    expect(stageOf({ ...text, feedKind: 'legislation' })).toBe('plateau');
  });

  it('does not let the source decide alone', () => {
    const t = tagger.tag(
      item('The Care Homes (Amendment) Notice', 'Text of the notice.', { feedKind: 'legislation' }),
    );
    expect(t.stage).toBe('unknown');
  });

  it('does not let the source outweigh clear words', () => {
    expect(stageOf(item('Carers strategy delayed again', '', { feedKind: 'legislation' }))).toBe('trough');
  });

  it('names the source when it helped', () => {
    const t = tagger.tag(item('Regulations made', '', { feedKind: 'legislation' }));
    expect(t.reasons).toContainEqual({
      kind: 'source',
      target: 'plateau',
      text: 'from a legislation feed',
      weight: 1,
    });
  });

  it('is more confident with more evidence', () => {
    const one = tagger.tag(item('Care plan', 'A consultation.')).confidence;
    const many = tagger.tag(
      item('Green paper and call for evidence on care', 'The consultation seeks views.'),
    ).confidence;
    expect(many).toBeGreaterThan(one);
    expect(many).toBeLessThanOrEqual(1);
  });
});

describe('themes', () => {
  it('tags themes from keywords and explains each one', () => {
    const t = tagger.tag(
      item('Homelessness code of guidance for councils', 'Rough sleeping and temporary accommodation.'),
    );
    expect(t.themes).toContain('housing');
    expect(t.reasons).toContainEqual(
      expect.objectContaining({ kind: 'theme', target: 'housing', text: '"Homelessness" in title' }),
    );
  });

  it('reads SEND only as the acronym', () => {
    expect(tagger.tag(policyItem('it-0001')).themes).toContain('children-families');
    expect(tagger.tag(item('Councils send letters to residents')).themes).not.toContain('children-families');
  });

  it("does not read The King's Fund as funding", () => {
    const t = tagger.tag(
      item("The King's Fund responds to NHS figures", "The King's Fund said the NHS is under pressure."),
    );
    expect(t.themes).toContain('health-care');
    expect(t.themes).not.toContain('funding');
  });

  it("adds the feed's own themes as a prior that needs some support in the text", () => {
    const base = item('Grants for local groups', 'Community groups may apply.');
    expect(tagger.tag({ ...base, feedThemes: ['housing'] }).themes).not.toContain('housing');
    const weak = item('Grants for groups', 'Open to tenants.');
    expect(tagger.tag(weak).themes).not.toContain('housing');
    expect(tagger.tag({ ...weak, feedThemes: ['housing'] }).themes).toContain('housing');
  });
});

describe('funding calls', () => {
  it('reads a deadline and an amount from a real call', () => {
    const t = tagger.tag(fundingCall('fd-002'));
    expect(t.deadline).toEqual({
      date: '2014-05-02',
      text: 'closes at midday on Friday 2 May 2014',
      kind: 'funding',
    });
    expect(t.amount).toEqual({ value: 1000, text: 'Grants of up to £1,000' });
    expect(t.reasons).toContainEqual(expect.objectContaining({ kind: 'deadline' }));
  });
});

describe('the learned model hook', () => {
  const item1 = item('Councils respond', 'Guidance published alongside a consultation.', {
    feedKind: 'news',
  });

  it('leaves the rules to decide when the model has too little data', () => {
    const withModel = createTagger({ learned: { scoreStage: () => null } });
    expect(withModel.tag(item1)).toEqual(tagger.tag(item1));
  });

  it('blends a confident model with the rules and says so', () => {
    const seen: string[][] = [];
    const withModel = createTagger({
      learned: {
        scoreStage: (f) => {
          seen.push(f);
          return { plateau: 0.05, trigger: 0.05, peak: 0.9 };
        },
        relevance: () => 0.8,
      },
    });
    const t = withModel.tag(item('Flagship scheme', 'A consultation on the flagship scheme.'));
    expect(t.stage).toBe('peak');
    expect(t.relevance).toBe(0.8);
    expect(t.reasons).toContainEqual(expect.objectContaining({ kind: 'model', target: 'peak' }));
    expect(seen[0]).toContain('t:flagship');
  });

  it('does not overturn strong rule evidence when it is unsure', () => {
    const withModel = createTagger({ learned: { scoreStage: () => ({ peak: 0.6, trough: 0.4 }) } });
    expect(withModel.tag(item('Call for evidence launched', 'A green paper and consultation.')).stage).toBe(
      'trigger',
    );
  });
});

describe('features for the learned model', () => {
  it('gives stemmed, title-marked unigrams and bigrams and the source kind, once each', () => {
    const f = features(item('Pilots delayed', 'The pilots were delayed.', { feedKind: 'news' }));
    expect(f).toEqual(
      expect.arrayContaining(['t:pilot', 't:delay', 't:pilot_delay', 'pilot', 'delay', 'src:news']),
    );
    expect(new Set(f).size).toBe(f.length);
    expect(f).not.toContain('delay_.');
  });
});
