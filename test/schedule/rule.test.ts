import { describe, expect, it } from 'vitest';
import { cronProblem, dueInMonth, nextDue, parseAgendaRule } from '../../src/schedule/rule.js';

const london = 'Europe/London';
const firstMonday = parseAgendaRule('first monday 09:00');

describe('the first-Monday rule', () => {
  it.each([
    ['2026-01', '2026-01-05T09:00:00.000Z'], // 1 Jan is a Thursday
    ['2026-02', '2026-02-02T09:00:00.000Z'],
    ['2026-03', '2026-03-02T09:00:00.000Z'], // still GMT
    ['2026-04', '2026-04-06T08:00:00.000Z'], // BST after the clocks go forward on 29 March
    ['2026-06', '2026-06-01T08:00:00.000Z'], // the 1st is itself a Monday
    ['2026-09', '2026-09-07T08:00:00.000Z'], // the 7th: the latest a first Monday can be
    ['2026-11', '2026-11-02T09:00:00.000Z'], // GMT again after 25 October
  ])('falls in %s at 09:00 London time (%s)', (month, expected) => {
    expect(dueInMonth(firstMonday, month, london)?.toISOString()).toBe(expected);
  });

  it('is the first Monday only, not every Monday nor days 1–7 (which cron "0 9 1-7 * 1" would mean)', () => {
    expect(firstMonday.pattern).toBe('0 9 * * 1#1');
    expect(nextDue(firstMonday, new Date('2026-03-02T09:00:00Z'), london)?.toISOString()).toBe(
      '2026-04-06T08:00:00.000Z',
    );
  });

  it('gives the next agenda after a given moment, across a year end', () => {
    expect(nextDue(firstMonday, new Date('2026-12-07T09:00:00Z'), london)?.toISOString()).toBe(
      '2027-01-04T09:00:00.000Z',
    );
  });
});

// Every form "schedule set" takes, each with the next run after 10:00 UTC on Tuesday 10 March 2026.
const AFTER = new Date('2026-03-10T10:00:00Z');

describe('every rule form a person can type', () => {
  it.each([
    // nth weekday, in words and in figures, with and without "at" and "of the month"
    ['first monday 09:00', '2026-04-06T08:00:00.000Z'],
    ['First Monday at 9', '2026-04-06T08:00:00.000Z'],
    ['first monday of the month 09:00', '2026-04-06T08:00:00.000Z'],
    ['1st mon 09:00', '2026-04-06T08:00:00.000Z'],
    ['second tuesday 10:30', '2026-03-10T10:30:00.000Z'], // later the same day
    ['2nd tuesday 09:00', '2026-04-14T08:00:00.000Z'], // earlier the same day: next month
    ['third wednesday 14:00', '2026-03-18T14:00:00.000Z'],
    ['3rd wednesdays at 14:00', '2026-03-18T14:00:00.000Z'],
    ['fourth thursday 08:15', '2026-03-26T08:15:00.000Z'],
    ['4th thu of every month 08:15', '2026-03-26T08:15:00.000Z'],
    ['last friday 16:30', '2026-03-27T16:30:00.000Z'],
    ['last sunday 23:59', '2026-03-29T22:59:00.000Z'], // BST from 01:00 that morning
    ['first saturday 00:00', '2026-04-03T23:00:00.000Z'], // midnight BST is 23:00 UTC the day before
    // a day of the month
    ['day 1 09:00', '2026-04-01T08:00:00.000Z'],
    ['day 10 at 11', '2026-03-10T11:00:00.000Z'],
    ['day 28 of the month 8:05', '2026-03-28T08:05:00.000Z'],
    // cron expressions: five fields, or six with seconds
    ['0 9 1 * *', '2026-04-01T08:00:00.000Z'],
    ['30 10 15 * *', '2026-03-15T10:30:00.000Z'],
    ['0 9 * * 1', '2026-03-16T09:00:00.000Z'],
    ['0 9 * * MON', '2026-03-16T09:00:00.000Z'],
    ['0 9 1-7 * 1', '2026-03-16T09:00:00.000Z'], // cron's OR: days 1–7 or any Monday
    ['0 9 31 * *', '2026-03-31T08:00:00.000Z'],
    ['0 9 29 2 *', '2028-02-29T09:00:00.000Z'], // the next leap day
    ['*/15 * * * *', '2026-03-10T10:15:00.000Z'],
    ['0 0 9 1 * *', '2026-04-01T08:00:00.000Z'],
    ['0 9 * * 1#2', '2026-04-13T08:00:00.000Z'], // the second Monday of March has passed
    ['0 17 * * 5#L', '2026-03-27T17:00:00.000Z'],
  ])('"%s" next runs at %s', (spec, expected) => {
    const rule = parseAgendaRule(spec!);
    expect(nextDue(rule, AFTER, london)?.toISOString()).toBe(expected);
  });

  it('computes the next run in the schedule’s own time zone', () => {
    const rule = parseAgendaRule('first monday 09:00');
    expect(nextDue(rule, AFTER, 'America/New_York')?.toISOString()).toBe('2026-04-06T13:00:00.000Z');
    expect(nextDue(rule, AFTER, 'Australia/Sydney')?.toISOString()).toBe('2026-04-05T23:00:00.000Z');
  });

  it('fires once across the clock changes', () => {
    const rule = parseAgendaRule('last sunday 01:30');
    // 29 March 2026: 01:30 does not exist in London (clocks go 01:00 → 02:00); it fires at 02:30 BST.
    expect(nextDue(rule, new Date('2026-03-20T00:00:00Z'), london)?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 25 October 2026: 01:30 happens twice; it fires once, then not until November.
    const october = nextDue(rule, new Date('2026-10-20T00:00:00Z'), london)!;
    expect(october.toISOString()).toMatch(/^2026-10-25T0[01]:30/);
    expect(nextDue(rule, october, london)?.toISOString()).toBe('2026-11-29T01:30:00.000Z');
  });

  it('finds a month with no firing as null, and a rule that skips months', () => {
    const leap = parseAgendaRule('0 9 29 2 *');
    expect(dueInMonth(leap, '2026-03', london)).toBeNull();
    expect(dueInMonth(leap, '2028-02', london)?.toISOString()).toBe('2028-02-29T09:00:00.000Z');
    expect(dueInMonth(parseAgendaRule('30 10 15 * *'), '2026-05', london)?.toISOString()).toBe(
      '2026-05-15T09:30:00.000Z',
    );
  });

  it('refuses nonsense with an example, and says what is wrong with a cron expression', () => {
    expect(() => parseAgendaRule('every full moon')).toThrow(/first monday 09:00/);
    expect(() => parseAgendaRule('first funday 09:00')).toThrow(/not a day of the week/);
    expect(() => parseAgendaRule('day 31 09:00')).toThrow(/1 to 28/);
    expect(() => parseAgendaRule('first monday 25:00')).toThrow(/not a time of day/);
    expect(() => parseAgendaRule('61 9 * * *')).toThrow(/minute/);
    expect(cronProblem('0 * * * *')).toBeNull();
    expect(cronProblem('0 * * *')).toMatch(/five, six, or seven/);
  });
});
