import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_PROFILE, type OrgProfile, ProfileError, profileRelevance } from '../../src/profile/profile.js';
import { createStore, type Store } from '../../src/store/index.js';

const profile = (p: Partial<OrgProfile>): OrgProfile => ({ ...EMPTY_PROFILE, ...p });
const item = (title: string, summary = '', themes: string[] = []) => ({ title, summary, themes });

describe('the stored profile', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-profile-'));
    store = createStore(join(dir, 'horizon.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is empty until an admin sets it', () => {
    expect(store.profile.get()).toEqual(EMPTY_PROFILE);
  });

  it('replaces only the lists given, cleaned of blanks, repeats and stray spacing', () => {
    store.profile.set({ missionKeywords: ['carers', 'digital inclusion'], places: ['Leeds'] });
    const stored = store.profile.set({
      missionKeywords: ['  carers ', 'Carers', '', 'respite   care'],
      themes: ['Social Care', 'housing'],
    });

    expect(stored).toEqual({
      missionKeywords: ['carers', 'respite care'],
      beneficiaryGroups: [],
      themes: ['social-care', 'housing'],
      places: ['Leeds'],
    });
    expect(store.profile.get()).toEqual(stored);
  });

  it('refuses an entry that is too long, saying how long it may be', () => {
    expect(() => store.profile.set({ missionKeywords: ['x'.repeat(200)] })).toThrow(ProfileError);
    expect(() => store.profile.set({ missionKeywords: ['x'.repeat(200)] })).toThrow(/at most 80 characters/);
    expect(store.profile.get().missionKeywords).toEqual([]);
  });
});

describe('relevance of an item to the organisation', () => {
  const carersCharity = profile({
    missionKeywords: ['carers', 'respite care'],
    beneficiaryGroups: ['young carers', 'older people'],
    themes: ['social-care'],
    places: ['Leeds', 'Reading'],
  });

  it('scores nothing in common as zero, with no reasons', () => {
    expect(
      profileRelevance(carersCharity, item('Local audit backlog consultation', '', ['local-government'])),
    ).toEqual({
      score: 0,
      reasons: [],
    });
  });

  it('explains each match, strongest first', () => {
    const result = profileRelevance(
      carersCharity,
      item(
        'Carers Action Plan 2018-20: Supporting Carers Today',
        'The plan sets out support for young carers and for older people in Leeds.',
        ['social-care'],
      ),
    );

    expect(result.reasons).toEqual([
      "matches mission keyword 'carers'",
      "matches beneficiary group 'young carers'",
      "matches beneficiary group 'older people'",
      "matches priority theme 'social-care'",
      "matches place 'Leeds'",
    ]);
    expect(result.score).toBeGreaterThan(0.9);
    expect(result.score).toBeLessThan(1);
  });

  it('weighs a match in the title above one in the summary', () => {
    const inTitle = profileRelevance(carersCharity, item('Respite care funding for councils'));
    const inSummary = profileRelevance(
      carersCharity,
      item('Funding for councils', 'It pays for respite care.'),
    );

    expect(inTitle.score).toBeGreaterThan(inSummary.score);
    expect(inSummary.reasons).toEqual(["matches mission keyword 'respite care'"]);
  });

  it('matches whole words, singular or plural, and possessives', () => {
    const p = profile({ missionKeywords: ['carer'] });

    expect(profileRelevance(p, item("Carer's Allowance")).reasons).toEqual([
      "matches mission keyword 'carer'",
    ]);
    expect(profileRelevance(p, item('Support for carers’ breaks')).score).toBeGreaterThan(0);
    expect(profileRelevance(p, item('Careers advice for young people')).score).toBe(0);
    expect(
      profileRelevance(profile({ missionKeywords: ['carers'] }), item('A carer speaks')).score,
    ).toBeGreaterThan(0);
  });

  it('matches places with their capitals, so "reading" the verb is not Reading the town', () => {
    expect(profileRelevance(carersCharity, item('Reading Borough Council budget')).reasons).toEqual([
      "matches place 'Reading'",
    ]);
    expect(profileRelevance(carersCharity, item('Further reading on the budget')).score).toBe(0);
  });

  it('treats profile text as words, not patterns', () => {
    const p = profile({ missionKeywords: ['(a+)+$', 'c.a.r.e'] });

    expect(profileRelevance(p, item('care aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')).score).toBe(0);
  });
});
