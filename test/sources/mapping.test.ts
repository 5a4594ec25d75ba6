import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BillFacts, GovukFacts } from '../../src/domain.js';
import { readGovukContent } from '../../src/sources/govuk-content.js';
import { loadSourceMapping, parseSourceMapping, SourceMappingError } from '../../src/sources/mapping.js';
import { govukSignals, govukState, isMapped, signalsFor } from '../../src/sources/signals.js';
import { API_FIXTURES, apiJson } from './helpers.js';

const mapping = loadSourceMapping();

interface ContentSample {
  base_path: string;
  public_updated_at: string;
  details?: { facets?: { key: string; option_lookup?: Record<string, string[]> }[] };
}

const contentFiles = readdirSync(join(API_FIXTURES, 'govuk-content')).filter((f) => f.endsWith('.json'));

function factsOf(file: string): { facts: GovukFacts; sample: ContentSample } {
  const sample = apiJson<ContentSample>(`govuk-content/${file}`);
  const { facts } = readGovukContent(sample, sample.base_path);
  return { facts: facts!, sample };
}

/** Every document type GOV.UK's own finders group, from the finder samples. */
function finderDocumentTypes(): string[] {
  const out: string[] = [];
  for (const file of contentFiles.filter((f) => f.startsWith('finder--'))) {
    for (const facet of apiJson<ContentSample>(`govuk-content/${file}`).details?.facets ?? [])
      if (facet.key === 'content_store_document_type')
        for (const types of Object.values(facet.option_lookup ?? {})) out.push(...types);
  }
  return out;
}

/** Search result formats in the search samples (the 2016 and 2023 shapes). */
function searchFormats(): string[] {
  const early = apiJson<{ format?: string }[]>('govuk-search/search-results-array--early-years-2016.json');
  const late = apiJson<{ results: { format?: string }[] }>(
    'govuk-search/search-q-tax-count1-suggest-autocomplete.json',
  ).results;
  return [...early, ...late].map((r) => r.format).filter((f): f is string => typeof f === 'string');
}

function billStagesInSamples(): string[] {
  const reference = apiJson<{ items: { name: string }[] }>('parliament-bills/stages-reference.json').items;
  const list = apiJson<{ items: { currentStage: { description: string } }[] }>(
    'parliament-bills/bills-list--snommoc.json',
  ).items;
  const stages = apiJson<{ items: { description: string }[] }>(
    'parliament-bills/bill-2818-stages.json',
  ).items;
  return [
    ...reference.map((s) => s.name),
    ...list.map((b) => b.currentStage.description),
    ...stages.map((s) => s.description),
  ];
}

describe('the source mapping (config/sources.yaml)', () => {
  it('maps every GOV.UK document type in the samples, read at every moment of its life, to a stage or to "no signal"', () => {
    const unmapped: string[] = [];
    for (const file of contentFiles) {
      const { facts, sample } = factsOf(file);
      // Before it opens, while open, after it closes, and as the sample was published.
      const moments = [facts.openingDate, facts.closingDate, sample.public_updated_at]
        .filter((d): d is string => d !== null)
        .flatMap((d) => [new Date(Date.parse(d) - 1000), new Date(Date.parse(d) + 1000)]);
      for (const now of moments.length ? moments : [new Date()])
        if (!isMapped(facts, mapping, now)) unmapped.push(`${file}: ${govukState(facts, now).key}`);
    }
    for (const type of [...finderDocumentTypes(), ...searchFormats()])
      if (!mapping.govukTypes.has(type)) unmapped.push(`document type ${type}`);
    expect(unmapped).toEqual([]);
  });

  it('maps every bill stage in the samples', () => {
    const unmapped = billStagesInSamples().filter((s) => !mapping.billStages.has(s.toLowerCase()));
    expect(unmapped).toEqual([]);
    expect(billStagesInSamples().length).toBeGreaterThanOrEqual(22);
  });

  it('fails on a type it does not know, so a new one is a decision someone makes', () => {
    const { facts } = factsOf('publication--best-practice-policy-paper.json');
    const unknown: GovukFacts = { ...facts, documentType: 'type_not_in_the_file' };
    expect(isMapped(unknown, mapping, new Date())).toBe(false);
    expect(govukSignals(unknown, mapping, new Date())).toEqual([]);
    const bill: BillFacts = {
      source: 'parliament-bill',
      billId: 1,
      shortTitle: 'A Bill',
      stage: 'Stage not in the file',
      house: 'Commons',
      isAct: false,
      withdrawn: false,
      defeated: false,
    };
    expect(isMapped(bill, mapping, new Date())).toBe(false);
  });

  it('refuses a mapping file with a mistake, naming the entry', () => {
    expect(() =>
      parseSourceMapping('govuk:\n  document_types:\n    open_consultation: { stage: soon }\n'),
    ).toThrow(SourceMappingError);
    expect(() =>
      parseSourceMapping(
        'govuk:\n  document_types:\n    open_consultation: { stage: trigger, says: a, b }\n',
      ),
    ).toThrow(/govuk\.document_types\.open_consultation/);
  });
});

describe('what GOV.UK samples say', () => {
  const at = (iso: string) => new Date(iso);

  it('reads each consultation state against the clock, with its closing date as a consultation deadline', () => {
    const open = factsOf('consultation--open_consultation.json').facts;
    expect(signalsFor(open, mapping, at('2016-11-10T09:00:00Z'))).toEqual([
      {
        stage: 'trigger',
        decisive: true,
        text: 'GOV.UK says: open consultation, closes 16 December 2216',
        deadline: { date: '2216-12-16', text: 'closes 16 December 2216', kind: 'consultation' },
      },
    ]);
    const unopened = factsOf('consultation--unopened_consultation.json').facts;
    expect(signalsFor(unopened, mapping, at('2026-01-01T00:00:00Z'))[0]).toMatchObject({
      stage: 'trigger',
      text: 'GOV.UK says: consultation announced, not yet open, opens 5 October 2200',
    });
    const outcome = factsOf('consultation--consultation_outcome_with_feedback.json').facts;
    expect(signalsFor(outcome, mapping, at('2016-09-08T00:00:00Z'))[0]).toMatchObject({
      stage: 'peak',
      decisive: false,
      text: 'GOV.UK says: government response to the consultation published',
    });
    expect(outcome.nations).toEqual(['england']);
    expect(outcome.organisations).toEqual(['Ofqual']);
  });

  it('reads withdrawal before the type, and never calls a withdrawn consultation open', () => {
    const withdrawn = factsOf('consultation--consultation_withdrawn.json').facts;
    expect(withdrawn.withdrawnAt).toBe('2016-11-12T09:52:00Z');
    const [signal] = signalsFor(withdrawn, mapping, at('2016-11-20T00:00:00Z'));
    expect(signal).toMatchObject({ stage: 'trough', decisive: false, text: 'GOV.UK says: withdrawn' });
    expect(signal!.deadline).toBeUndefined();
  });

  it('reads statutory guidance as plateau, statistics as no signal, and a cancelled release as a delay', () => {
    expect(
      signalsFor(factsOf('publication--best-practice-statutory-guidance.json').facts, mapping, new Date()),
    ).toEqual([{ stage: 'plateau', decisive: true, text: 'GOV.UK says: statutory guidance' }]);
    expect(
      signalsFor(
        factsOf('publication--best-practice-national-statistics.json').facts,
        mapping,
        new Date(),
      )[0],
    ).toMatchObject({ stage: null, decisive: false });
    expect(
      signalsFor(
        factsOf('statistics_announcement--cancelled_official_statistics.json').facts,
        mapping,
        new Date(),
      )[0],
    ).toMatchObject({ stage: 'trough', text: 'GOV.UK says: statistics release cancelled' });
    expect(
      signalsFor(factsOf('statistics_announcement--release_date_changed.json').facts, mapping, new Date())[0],
    ).toMatchObject({ stage: 'trough', text: 'GOV.UK says: statistics release delayed' });
  });
});
