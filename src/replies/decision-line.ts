// "Decision: …" and "Action: …" lines in an agenda item's thread, read as a decision for that item.
// The owner comes from a mention, which only the platform can read, so the adapter passes the people
// mentioned; the due date is written "by 12 Jan", "due 12 January 2027" or "due 2027-01-12".
import { isCalendarDate } from '../time.js';

export type DecisionLine =
  /** Not a decision line: an ordinary reply. */
  | { kind: 'none' }
  | { kind: 'decision' | 'action'; text: string; owner: string | null; dueDate: string | null }
  /** Meant as one, but it cannot be read: `hint` says how to write it. */
  | { kind: 'malformed'; hint: string };

const LINE = /^\s*[*_]*\s*(decision|action)\s*[*_]*\s*:\s*[*_]*/i;
// "Decision - …", "Action; …": meant as a decision line, written another way.
const NEAR_MISS = /^\s*[*_]*\s*(decision|action)\s*[*_]*\s*[-–—;.,]\s*\S/i;

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 0-11 for a month's name or its usual short form (Jan, Sept), else -1. */
function monthIndex(word: string): number {
  const w = word.toLowerCase();
  if (w === 'sept') return 8;
  return MONTH_NAMES.findIndex((name) => w === name || (w.length === 3 && name.startsWith(w)));
}

const EXAMPLE = 'For example: "Action: <owner> to draft our response by 12 Jan" (mention the owner).';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "12 Jan", "12 January 2027", "Jan 12", "2027-01-12" → YYYY-MM-DD; a day without a year is the next one. */
export function readDueDate(text: string, today: string): string | null | 'invalid' {
  const t = text.trim().replace(/[.,;!?)]+$/, '');
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return isCalendarDate(t) ? t : 'invalid';
  const dm = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:\s+(\d{4}))?$/i.exec(t);
  const md = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$/i.exec(t);
  const parts = dm
    ? { day: dm[1]!, month: dm[2]!, year: dm[3] }
    : md
      ? { day: md[2]!, month: md[1]!, year: md[3] }
      : null;
  if (!parts) return null;
  const m = monthIndex(parts.month);
  if (m < 0) return null;
  const thisYear = Number(today.slice(0, 4));
  const make = (y: number) => `${y}-${pad(m + 1)}-${pad(Number(parts.day))}`;
  if (parts.year) return isCalendarDate(make(Number(parts.year))) ? make(Number(parts.year)) : 'invalid';
  // The next such day on or after today (29 Feb: the next leap year's).
  for (let y = thisYear; y <= thisYear + 4; y++) {
    const date = make(y);
    if (isCalendarDate(date) && date >= today) return date;
  }
  return 'invalid';
}

// "by 12 Jan", "due 2027-01-12", "due on 12 January 2027" at the end of the line.
const DUE =
  /\b(by|due(?:\s+(?:on|by))?)\s+((?:\d{4}-\d{2}-\d{2})|(?:\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\.?(?:\s+\d{4})?)|(?:[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?))\s*[.!]?\s*$/i;
// "due" followed by something that is not a date: the writer meant a date.
const DUE_WORD = /\bdue(?:\s+(?:on|by))?\s+(\S.*)$/i;

/**
 * Reads a thread message. `mentions` are the people it mentions (platform ids, in order): the first is
 * the owner. `today` (YYYY-MM-DD, in the organisation's time zone) anchors a date written without a year.
 */
export function readDecisionLine(text: string, o: { mentions: string[]; today: string }): DecisionLine {
  const head = LINE.exec(text);
  if (!head) {
    return NEAR_MISS.test(text)
      ? {
          kind: 'malformed',
          hint: `To record it, start the message with "Decision:" or "Action:". ${EXAMPLE}`,
        }
      : { kind: 'none' };
  }
  const kind = head[1]!.toLowerCase() as 'decision' | 'action';
  const label = kind === 'decision' ? 'Decision' : 'Action';
  let body = text.slice(head[0].length).replace(/\s+/g, ' ').trim();
  let dueDate: string | null = null;
  const due = DUE.exec(body);
  if (due) {
    const read = readDueDate(due[2]!, o.today);
    if (read === 'invalid') return { kind: 'malformed', hint: `"${due[2]}" is not a date. ${EXAMPLE}` };
    if (read) {
      dueDate = read;
      body = body
        .slice(0, due.index)
        .replace(/[\s,;:-]+$/, '')
        .trim();
    }
  }
  if (!dueDate) {
    const word = DUE_WORD.exec(body);
    if (word)
      return {
        kind: 'malformed',
        hint: `I could not read "${word[1]!.slice(0, 40)}" as a date. Write it as "due 12 Jan" or "due 2027-01-12". ${EXAMPLE}`,
      };
  }
  if (!body || /^[*_\s]*$/.test(body))
    return { kind: 'malformed', hint: `Say what was decided after "${label}:". ${EXAMPLE}` };
  if (body.length > 2000)
    return {
      kind: 'malformed',
      hint: `That ${kind} is too long: keep it under 2,000 characters and link to a document for detail.`,
    };
  const owner = o.mentions[0] ?? null;
  if (kind === 'action' && !owner)
    return { kind: 'malformed', hint: `An action needs an owner: mention them in the message. ${EXAMPLE}` };
  return { kind, text: body, owner, dueDate };
}
