import { describe, expect, it } from 'vitest';
import { readDecisionLine, readDueDate } from '../../src/replies/decision-line.js';

const today = '2026-03-20';
const read = (text: string, mentions: string[] = []) => readDecisionLine(text, { mentions, today });

describe('"Decision:" and "Action:" lines in a thread', () => {
  it('reads the decision, the owner from the first mention and the due date', () => {
    expect(read('Decision: respond to the consultation, due 2026-04-30', ['U1'])).toEqual({
      kind: 'decision',
      text: 'respond to the consultation',
      owner: 'U1',
      dueDate: '2026-04-30',
    });
    expect(read('action: <@U2> drafts the letter by 12 Jan', ['U2'])).toEqual({
      kind: 'action',
      text: '<@U2> drafts the letter',
      owner: 'U2',
      dueDate: '2027-01-12',
    });
    expect(read('*Decision:* we piggy-back on the launch')).toEqual({
      kind: 'decision',
      text: 'we piggy-back on the launch',
      owner: null,
      dueDate: null,
    });
    // "by" that is not followed by a date is just a word.
    expect(read('Decision: led by the finance director')).toMatchObject({
      text: 'led by the finance director',
      dueDate: null,
    });
  });

  it('leaves ordinary replies alone and hints at lines meant as decisions that cannot be read', () => {
    expect(read('I think we should decide next week')).toEqual({ kind: 'none' });
    expect(read('Decisions are hard')).toEqual({ kind: 'none' });
    expect(read('Decision - respond')).toMatchObject({
      kind: 'malformed',
      hint: expect.stringMatching(/start the message with "Decision:"/),
    });
    expect(read('Decision:')).toMatchObject({
      kind: 'malformed',
      hint: expect.stringMatching(/Say what was decided/),
    });
    expect(read('Decision: respond due next-ish')).toMatchObject({
      kind: 'malformed',
      hint: expect.stringMatching(/could not read "next-ish"/),
    });
    expect(read('Decision: respond by 30 Feb 2027')).toMatchObject({
      kind: 'malformed',
      hint: expect.stringMatching(/not a date/),
    });
    expect(read('Action: write to the MP')).toMatchObject({
      kind: 'malformed',
      hint: expect.stringMatching(/needs an owner/),
    });
    expect(read(`Decision: ${'x'.repeat(2001)}`)).toMatchObject({
      kind: 'malformed',
      hint: expect.stringMatching(/too long/),
    });
  });

  it('dates without a year are the next such day', () => {
    expect(readDueDate('12 Jan', today)).toBe('2027-01-12');
    expect(readDueDate('20 March', today)).toBe('2026-03-20');
    expect(readDueDate('April 3rd', today)).toBe('2026-04-03');
    expect(readDueDate('Sept 1', today)).toBe('2026-09-01');
    expect(readDueDate('29 Feb', today)).toBe('2028-02-29');
    expect(readDueDate('31 Feb', today)).toBe('invalid');
    expect(readDueDate('2026-13-01', today)).toBe('invalid');
    expect(readDueDate('the council', today)).toBeNull();
  });
});
