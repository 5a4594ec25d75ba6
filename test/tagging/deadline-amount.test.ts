import { describe, expect, it } from 'vitest';
import { extractAmount } from '../../src/tagging/amount.js';
import { extractDeadline } from '../../src/tagging/deadline.js';
import { fundingCall } from './helpers.js';

const NOW = new Date('2025-06-01T00:00:00Z');

function deadlineOf(id: string, now = NOW) {
  const c = fundingCall(id);
  return extractDeadline(c.title, c.summary, c.publishedAt ? new Date(c.publishedAt) : now);
}

function amountOf(id: string) {
  const c = fundingCall(id);
  return extractAmount(c.title, c.summary);
}

describe('closing dates in real funding calls', () => {
  it.each([
    ['fd-001', '2022-01-13', 'closes at 11am UK time on the 13 January 2022'],
    ['fd-002', '2014-05-02', 'closes at midday on Friday 2 May 2014'],
    ['fd-013', '2020-03-20', 'deadline for bids is midnight on 20 March 2020'],
    ['fd-021', '2023-06-14', 'Closes: 14/6/2023'],
    ['fd-022', '2019-10-09', 'deadline of Wednesday 9 October 2019'],
    ['fd-024', '2019-02-20', 'Deadline: 20 February 2019'],
  ])('%s closes on %s', (id, date, text) => {
    expect(deadlineOf(id)).toEqual({ date, text, kind: 'funding' });
  });

  it('skips the date a notice was updated on (fd-001 was updated 30 November 2021)', () => {
    expect(deadlineOf('fd-001')?.date).not.toBe('2021-11-30');
  });

  it('takes the close of an application window, not its opening (fd-014)', () => {
    expect(deadlineOf('fd-014')).toMatchObject({ date: '2017-07-05', text: 'until 5 July 2017' });
  });

  it('takes the end of a bare date range (fd-018)', () => {
    expect(deadlineOf('fd-018')?.date).toBe('2020-02-04');
  });

  it('resolves a date with no year against the published date (fd-030, fd-039)', () => {
    expect(deadlineOf('fd-030')).toMatchObject({ date: '2016-03-04', text: 'deadline of 4th March' });
    expect(deadlineOf('fd-039')?.date).toBe('2023-10-16');
  });

  it('reads "this year" against the published date (fd-004)', () => {
    expect(deadlineOf('fd-004')).toMatchObject({ date: '2023-10-16', text: 'until 16 October this year' });
  });

  it('skips decision dates and picks the next round after the reference date (fd-023)', () => {
    // Two deadlines are given: the next one (25 August) and the programme's close (30 November).
    expect(deadlineOf('fd-023')?.date).toBe('2020-08-25');
  });

  it('picks the next of several rounds, or the last when all have passed (fd-003)', () => {
    expect(deadlineOf('fd-003', new Date('2024-08-01'))?.date).toBe('2024-10-25');
    expect(deadlineOf('fd-003', new Date('2024-01-01'))?.date).toBe('2024-07-05');
    expect(deadlineOf('fd-003', NOW)?.date).toBe('2025-02-07');
  });

  it('prefers a moved deadline to the original (fd-033)', () => {
    expect(deadlineOf('fd-033')).toMatchObject({ date: '2020-01-27', text: 'moved to Monday, January 27' });
  });

  it('takes the day a funder closes, not the day it reopens (fd-048)', () => {
    expect(deadlineOf('fd-048')?.date).toBe('2022-04-01');
  });

  it('reads the common written forms', () => {
    const ref = new Date('2025-01-10');
    expect(extractDeadline('', 'Closing date 14 March 2025.', ref)?.date).toBe('2025-03-14');
    expect(extractDeadline('', 'Deadline: 31/01/2026', ref)?.date).toBe('2026-01-31');
    expect(extractDeadline('', 'Apply by 5pm on Friday 2 May 2014.', ref)?.date).toBe('2014-05-02');
    expect(extractDeadline('', 'The consultation will end on 2 December.', ref)?.date).toBe('2025-12-02');
  });

  it('rolls a yearless date that has just passed into next year, but not one a few days ago', () => {
    expect(extractDeadline('', 'The deadline is 5 January.', new Date('2025-03-01'))?.date).toBe(
      '2026-01-05',
    );
    expect(extractDeadline('', 'The deadline is 5 January.', new Date('2025-01-10'))?.date).toBe(
      '2025-01-05',
    );
  });

  it('finds nothing where no closing date is given', () => {
    expect(extractDeadline('', 'Funds must be spent by 30 June 2022.', NOW)).toBeNull();
    expect(extractDeadline('', 'The fund opened on 3 May 2022.', NOW)).toBeNull();
    expect(extractDeadline('', 'The deadline is 31 June 2025.', NOW)).toBeNull();
  });
});

describe('amounts in real funding calls', () => {
  it.each([
    ['fd-002', 1000, 'Grants of up to £1,000'],
    ['fd-004', 75000, 'between £10,000 and £75,000'],
    ['fd-024', 20000, 'Maximum Value:£ 20,000'],
    ['fd-046', 550000, 'up to £550,000'],
  ])('%s offers up to £%d', (id, value, text) => {
    expect(amountOf(id)).toEqual({ value, text });
  });

  it('takes the maximum grant, not a quote threshold or the floor of a band (fd-003)', () => {
    expect(amountOf('fd-003')).toEqual({ value: 5000, text: 'maximum grant available is £5,000' });
  });

  it('ignores a turnover band and takes the grant range (fd-004)', () => {
    expect(amountOf('fd-004')?.value).toBe(75000);
  });

  it('takes the maximum, not the minimum grant (fd-033)', () => {
    expect(amountOf('fd-033')?.value).toBe(3000);
  });

  it('ignores a floor: "£1million or more" (fd-027)', () => {
    expect(amountOf('fd-027')).toBeNull();
  });

  it('ignores money given in a past year (fd-022)', () => {
    expect(amountOf('fd-022')).toBeNull();
  });

  it('falls back to the size of the fund when no ceiling is given (fd-050)', () => {
    expect(amountOf('fd-050')).toEqual({ value: 200_000_000, text: '£200 million' });
  });

  it('reads the common written forms', () => {
    expect(extractAmount('', 'A £2.5m fund.')?.value).toBe(2_500_000);
    expect(extractAmount('', 'A £500k pot.')?.value).toBe(500_000);
    expect(extractAmount('', 'Bids of up to £10,000.')).toEqual({ value: 10_000, text: 'up to £10,000' });
    expect(extractAmount('£4.8 Billion fund', '')?.value).toBe(4_800_000_000);
    expect(extractAmount('', 'No money is mentioned.')).toBeNull();
  });
});
