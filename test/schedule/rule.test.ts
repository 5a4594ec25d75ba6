import { describe, expect, it } from 'vitest';
import { dueInMonth, nextDue, parseAgendaRule, wakeExpression } from '../../src/schedule/rule.js';

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

  it('is woken on days 1–7 and checked, because cron "1-7 * 1" would also fire on every Monday', () => {
    expect(wakeExpression(firstMonday)).toBe('0 9 1-7 * *');
  });

  it('gives the next agenda after a given moment, across a year end', () => {
    expect(nextDue(firstMonday, new Date('2026-12-07T09:00:00Z'), london)?.toISOString()).toBe(
      '2027-01-04T09:00:00.000Z',
    );
  });

  it('understands other wordings and refuses nonsense with an example', () => {
    expect(dueInMonth(parseAgendaRule('last friday 14:30'), '2026-07', london)?.toISOString()).toBe(
      '2026-07-31T13:30:00.000Z',
    );
    expect(dueInMonth(parseAgendaRule('day 3 08:00'), '2026-01', london)?.toISOString()).toBe(
      '2026-01-03T08:00:00.000Z',
    );
    expect(() => parseAgendaRule('every full moon')).toThrow(/first monday 09:00/);
    expect(() => parseAgendaRule('first funday 09:00')).toThrow(/not a day of the week/);
    expect(() => parseAgendaRule('day 31 09:00')).toThrow(/1 to 28/);
  });

  it('takes a cron expression and finds its first firing in the month', () => {
    const rule = parseAgendaRule('30 10 15 * *');
    expect(dueInMonth(rule, '2026-05', london)?.toISOString()).toBe('2026-05-15T09:30:00.000Z');
  });
});
