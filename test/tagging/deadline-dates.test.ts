import { describe, expect, it } from 'vitest';
import { deadlineKind, extractDeadline } from '../../src/tagging/deadline.js';

// Texts from the demo's real snapshot items (feeds/snapshots/source), where the agenda got dates wrong.
const CARE_ACT =
  'The Department of Health is seeking views on how local authorities should deliver the care and support reforms in the 2014 Care Act. For further information on the consultation, which closes on Friday 15 August, visit the website.';
const SPORT_ENGLAND_TITLE = 'Sport England Pauses Applications to Two Programmes';
const SPORT_ENGLAND =
  'Please note the Community Emergency Fund continues to accept applications until 31 July 2020. Sport England anticipates being able to reopen the Small Grants Fund and Community Asset Fund in July.';

describe('year-less closing dates', () => {
  it('takes the year of the item’s own date', () => {
    const d = extractDeadline('Care Act 2014 consultation', CARE_ACT, new Date('2014-07-02T09:00:00Z'));
    expect(d?.date).toBe('2014-08-15');
  });

  it('takes the year whose calendar agrees with a named weekday when the item has no date', () => {
    // Read in 2020, "Friday 15 August" cannot be 2020 (a Saturday): the latest year it was a Friday is 2014.
    const d = extractDeadline('Care Act 2014 consultation', CARE_ACT, new Date('2020-07-06T08:00:00Z'));
    expect(d?.date).toBe('2014-08-15');
    expect(new Date(`${d!.date}T00:00:00Z`).getUTCDay()).toBe(5);
  });

  it('keeps the reference year when the weekday agrees with it', () => {
    const d = extractDeadline('Grants', 'Applications close on Friday 15 August.', new Date('2025-07-01'));
    expect(d?.date).toBe('2025-08-15');
  });

  it('reads "Monday, January 27" in a December item as next January when that is a Monday', () => {
    const d = extractDeadline(
      'Deadline moved',
      'The deadline has been moved to Monday, January 27.',
      new Date('2019-12-20'),
    );
    expect(d?.date).toBe('2020-01-27');
  });
});

describe('pauses are not deadlines', () => {
  it('skips "until" under a headline that says applications are paused', () => {
    expect(extractDeadline(SPORT_ENGLAND_TITLE, SPORT_ENGLAND, new Date('2020-05-04'))).toBeNull();
  });

  it('skips "paused until" and "suspended until" in a sentence', () => {
    expect(
      extractDeadline('Small grants', 'The programme is paused until 31 July 2020.', new Date('2020-05-04')),
    ).toBeNull();
    expect(
      extractDeadline(
        'Small grants',
        'Applications are suspended until 1 September 2020.',
        new Date('2020-05-04'),
      ),
    ).toBeNull();
  });

  it('still reads a plain "open until" as the close', () => {
    const d = extractDeadline(
      'Sport England Launches £20 Million Community Emergency Fund',
      'Sport England expect that the Fund will be open until the 31st July 2020.',
      new Date('2020-04-01'),
    );
    expect(d).toMatchObject({ date: '2020-07-31', kind: 'funding' });
  });
});

describe('what a deadline closes', () => {
  it('tells a consultation from a funding call', () => {
    expect(extractDeadline('Care Act 2014 consultation', CARE_ACT, new Date('2014-07-02'))?.kind).toBe(
      'consultation',
    );
    expect(
      extractDeadline(
        'Call for evidence on approach to Loneliness Strategy',
        'The call for evidence closes on 20 July 2018.',
        new Date('2018-06-01'),
      )?.kind,
    ).toBe('consultation');
    expect(
      extractDeadline(
        'PHA small grants',
        'The deadline for applications is September 12.',
        new Date('2020-07-01'),
      )?.kind,
    ).toBe('funding');
  });

  it('falls back on the headline, then on funding', () => {
    expect(deadlineKind('Have your say on the local plan', 'Closes 3 March.')).toBe('consultation');
    expect(deadlineKind('Notice', 'Closes 3 March.')).toBe('funding');
  });
});
