import type { Deadline, DeadlineKind } from '../domain.js';

/*
 * Closing dates in funding calls and consultations. A date counts as a deadline when the nearest cue
 * before it, in the same sentence, is a closing word ("closing date", "deadline", "closes", "until",
 * "apply by"…). Opening and other dates ("opens", "from", "decisions in the week commencing") are
 * skipped. When several deadlines are given (rounds, a list), the next one on or after the reference
 * date wins, else the last one; a moved or extended deadline beats the original.
 *
 * A date with no year takes the year of the reference date (the item's own date when it has one), and
 * when the text names the weekday ("closes on Friday 15 August") the year whose calendar agrees. A pause
 * ("paused until 31 July", a headline saying applications are paused) is when something reopens, not a
 * deadline. Each deadline says whether it closes a funding call or a consultation / call for evidence.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] as const;
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?![a-z])`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?(?!\d)`;
const YEAR = String.raw`(?:,?\s+(\d{4})(?!\d))?`;
const THIS_YEAR = String.raw`(\s+this\s+year)?`;
const WEEKDAY_BEFORE = /\b(sun|mon|tues|wednes|thurs|fri|satur)day,?\s+(?:the\s+)?$/i;
const WEEKDAYS = ['sun', 'mon', 'tues', 'wednes', 'thurs', 'fri', 'satur'];
/** Words that make an "until" the end of a pause: what follows is when it reopens. */
const PAUSE =
  /\b(paus(?:e|es|ed|ing)|suspend(?:s|ed|ing)?|on hold|closed until|closed to (?:new )?applications until)\b/i;
const UNTIL_CUE = /^(until|till)$/i;
const CONSULTATION =
  /\b(consult(?:ation|ations|ing|s)?|calls? for (?:evidence|views)|evidence|views|have your say|respond|responses?|inquiry|survey|white paper|green paper)\b/i;
const FUNDING =
  /\b(grants?|fund(?:s|ing|ed)?|apply|applications?|applicants?|bids?|bidding|award(?:s|ed)?|prize|tender|programme)\b/i;
/** How many years back a named weekday may move a yearless date: every date falls on each weekday within 11 years. */
const WEEKDAY_YEARS = 11;
const DATE = new RegExp(
  [
    String.raw`\b${DAY}\s+(?:of\s+)?${MONTH}${YEAR}${THIS_YEAR}`,
    String.raw`\b${MONTH}\s+${DAY}${YEAR}${THIS_YEAR}`,
    String.raw`\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?!\d)`,
  ].join('|'),
  'gi',
);

// Words that say what a following date is. The nearest one before a date decides.
const CUE = new RegExp(
  [
    // 1: a moved or extended deadline
    String.raw`\b(extended to|moved to|new deadline|revised deadline|now closes?|has been extended|pushed back to)\b`,
    // 2: a closing date
    String.raw`\b(closing dates?|deadlines?|closes?|closed|closing|closure|close to|until|till|no later than|(?:will\s+)?ends?\s+on|(?:apply|applications?|submit(?:ted)?|submissions?|bids?|bid for|received|respond|responses?|register|return(?:ed)?)\s+by|by\s+(?:midnight|midday|noon|\d{1,2}(?::\d\d)?\s*[ap]m))\b`,
    // 3: an opening date
    String.raw`\b(opens?|opened|opening|from|launch(?:es|ed)?|starts?|started|begins?|re-?opens?|text update)\b`,
    // 4: some other date
    String.raw`\b(decisions?|decided|notified|commencing|informed|published|announced|awarded|spent|concluded|held|took place|meeting|event)\b`,
  ].join('|'),
  'gi',
);

const AFTER_CUE = /^\W{0,3}(?:deadline|closing date)\b/i;
// A cheap first look: most items name no closing date at all. Every date has a digit, and a digit is
// quicker to look for than the cue words.
const DIGIT = /\d/;
const QUICK = /deadline|clos|until|till|\sby\s|end on|ends on|no later|extended|moved to|applica|accept/i;
const BOUNDARY = /[.!?](?=\s)|•|\n|;|\|/g;
const LOOKBACK = 160;
const DAY_MS = 86_400_000;
/** A yearless date this far before the reference date is taken to be next year's. */
const YEARLESS_SLACK_DAYS = 14;

interface FoundDate {
  start: number;
  end: number;
  day: number;
  month: number;
  year: number | null;
  thisYear: boolean;
  /** 0 = Sunday … 6 = Saturday, when the text names the day ("Friday 15 August"). */
  weekday: number | null;
}

interface Candidate {
  date: string;
  priority: number;
  text: string;
  clause: string;
}

export function extractDeadline(title: string, summary: string, reference: Date): Deadline | null {
  const text = title ? `${title}. ${summary}` : summary;
  if (!DIGIT.test(text) || !QUICK.test(text)) return null;
  const dates = findDates(text);
  if (dates.length === 0) return null;

  const titlePause = PAUSE.test(title);
  const candidates: Candidate[] = [];
  dates.forEach((d, i) => {
    const clauseStart = lastBoundary(text, Math.max(0, d.start - LOOKBACK), d.start);
    const cue = nearestCue(text, clauseStart, d.start);
    const clause = text.slice(clauseStart, d.end);
    // "paused until 31 July", or "until 31 July" under a headline that says applications are paused.
    if (cue && UNTIL_CUE.test(cue.word) && (titlePause || PAUSE.test(clause))) return;
    let priority = 0;
    let from = cue?.index ?? d.start;
    // Only the first date after a cue is what the cue says: in "closing from 1 April 2022 to 31 March
    // 2023" the second date is when it reopens.
    if (cue && !(i > 0 && dates[i - 1]!.start > cue.at && cue.priority === 2 && isRangeEnd(text, dates, i)))
      priority = cue.priority;
    if (priority === 0 && AFTER_CUE.test(text.slice(d.end, d.end + 20))) {
      priority = 2;
      from = d.start;
    }
    if (priority === 0 && isRangeEnd(text, dates, i)) {
      priority = 1;
      from = dates[i - 1]!.start;
    }
    if (priority === 0) return;
    const iso = resolve(d, dates, i, text, reference);
    if (iso) candidates.push({ date: iso, priority, text: snippet(text, from, d.end), clause });
  });
  if (candidates.length === 0) return null;

  const top = Math.max(...candidates.map((c) => c.priority));
  const best = candidates.filter((c) => c.priority === top).sort((a, b) => a.date.localeCompare(b.date));
  const ref = isoDate(reference);
  const chosen = best.find((c) => c.date >= ref) ?? best[best.length - 1]!;
  return { date: chosen.date, text: chosen.text, kind: deadlineKind(title, summary, chosen.clause) };
}

/**
 * What a deadline closes. The sentence it sits in decides first ("the consultation closes on…",
 * "apply by…"), then the headline, then the whole text; a call for money is the default.
 */
export function deadlineKind(title: string, summary: string, clause = ''): DeadlineKind {
  for (const text of [clause, title]) {
    const consultation = CONSULTATION.test(text);
    const funding = FUNDING.test(text);
    if (consultation && !funding) return 'consultation';
    if (funding && !consultation) return 'funding';
  }
  return CONSULTATION.test(summary) && !FUNDING.test(summary) ? 'consultation' : 'funding';
}

function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  DATE.lastIndex = 0;
  for (let m = DATE.exec(text); m !== null; m = DATE.exec(text)) {
    let day: number;
    let month: number;
    let year: number | null;
    let thisYear = false;
    if (m[1] !== undefined) {
      day = Number(m[1]);
      month = monthIndex(m[2]!);
      year = m[3] ? Number(m[3]) : null;
      thisYear = Boolean(m[4]);
    } else if (m[5] !== undefined) {
      month = monthIndex(m[5]);
      day = Number(m[6]);
      year = m[7] ? Number(m[7]) : null;
      thisYear = Boolean(m[8]);
    } else {
      // Numeric dates are read the UK way round: day/month/year.
      day = Number(m[9]);
      month = Number(m[10]) - 1;
      year = Number(m[11]!.length === 2 ? `20${m[11]}` : m[11]);
    }
    if (month < 0 || month > 11 || day < 1 || day > 31) continue;
    const named = WEEKDAY_BEFORE.exec(text.slice(Math.max(0, m.index - 20), m.index));
    const weekday = named ? WEEKDAYS.indexOf(named[1]!.toLowerCase()) : null;
    out.push({ start: m.index, end: m.index + m[0].length, day, month, year, thisYear, weekday });
  }
  return out;
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase() as (typeof MONTHS)[number]);
}

function lastBoundary(text: string, from: number, to: number): number {
  const window = text.slice(from, to);
  let last = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(window); m !== null; m = BOUNDARY.exec(window)) last = m.index + m[0].length;
  return from + last;
}

interface CueHit {
  /** Where the words worth quoting start. */
  index: number;
  priority: number;
  /** Where the cue that decided sits, so a date further along a range can tell it is not the first. */
  at: number;
  /** The cue's words, lower-cased. */
  word: string;
}

function nearestCue(text: string, from: number, to: number): CueHit | null {
  const window = text.slice(from, to);
  let last: RegExpExecArray | null = null;
  let closing = -1;
  CUE.lastIndex = 0;
  for (let m = CUE.exec(window); m !== null; m = CUE.exec(window)) {
    if (m[1] || m[2]) closing = m.index;
    last = m;
  }
  if (!last) return null;
  const at = from + last.index;
  const word = last[0].toLowerCase();
  if (last[1]) return { index: at, priority: 3, at, word };
  if (last[2]) return { index: at, priority: 2, at, word };
  // "closing to new applications from 1 April": a closing word earlier in the sentence makes "from" the close.
  if (last[3] && last[3].toLowerCase() === 'from' && closing >= 0)
    return { index: from + closing, priority: 2, at, word };
  return { index: at, priority: 0, at, word };
}

/** "from 21 January to 4 February 2020": the later date of a range is a weak deadline. */
function isRangeEnd(text: string, dates: FoundDate[], i: number): boolean {
  if (i === 0) return false;
  const gap = text.slice(dates[i - 1]!.end, dates[i]!.start);
  return /^\s*(?:to|until|till|-|–)\s*$/i.test(gap);
}

function resolve(d: FoundDate, dates: FoundDate[], i: number, text: string, reference: Date): string | null {
  let year = d.year;
  if (year === null && d.thisYear) year = reference.getUTCFullYear();
  if (year === null) {
    // A range or list often gives the year once, at the end: "21 January to 4 February 2020".
    const next = dates[i + 1];
    if (
      next &&
      next.year !== null &&
      next.start - d.end < 40 &&
      !/[.!?]\s/.test(text.slice(d.end, next.start))
    )
      year = next.year;
  }
  if (year === null) {
    year = reference.getUTCFullYear();
    const guess = Date.UTC(year, d.month, d.day);
    if (guess < reference.getTime() - YEARLESS_SLACK_DAYS * DAY_MS) year += 1;
    // A named weekday that disagrees with that year says the text was written in an earlier one
    // (text is written before it is read): take the latest year whose calendar agrees.
    if (d.weekday !== null) {
      for (let back = 0; back <= WEEKDAY_YEARS; back++) {
        const t = new Date(Date.UTC(year - back, d.month, d.day));
        if (t.getUTCMonth() === d.month && t.getUTCDay() === d.weekday) {
          year -= back;
          break;
        }
      }
    }
  }
  const t = new Date(Date.UTC(year, d.month, d.day));
  if (t.getUTCMonth() !== d.month) return null; // 31 June and the like
  return isoDate(t);
}

function snippet(text: string, from: number, to: number): string {
  const s = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return s.length > 140 ? `…${s.slice(s.length - 139)}` : s;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
