/*
 * The money an item offers. What a reader of a funding call wants is the most a group can apply for, so:
 *
 *   1. Amounts that are not on offer are ignored: floors ("minimum of £250", "£751+", "£1m or more",
 *      "more than £10,000"), costs and thresholds ("a quote for work costing up to £1,000"), eligibility
 *      ("annual turnover of between £10,000 and £1m", "income of"), and money already given ("£5m awarded
 *      last year", "in excess of £5 million during its last financial year").
 *   2. Of the rest, a grant ceiling wins: "up to £10,000", "maximum grant available is £5,000", or the top
 *      of a range ("between £10,000 and £75,000"). The largest ceiling is the answer.
 *      "Investing up to £25 million" or "a share of up to £20 million" is the size of the pot, not a ceiling.
 *   3. With no ceiling, the largest amount left is the answer: usually the size of the fund ("£71m fund").
 */

export interface Amount {
  value: number;
  text: string;
}

const MONEY =
  /£\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(million|mn|m|bn|billion|b|k|thousand)(?![a-z]))?/gi;
const RANGE_GAP = /^\s*(?:-|–|—|to|and)\s*(?:around|about|up to)?\s*$/i;
const NOT_ON_OFFER_BEFORE =
  /\b(?:minimum|min\.?|at least|more than|over|in excess of|exceed(?:s|ing)?|costing|costs?|turnover|income|salar(?:y|ies)|spent|raised|awarded|allocated|last year|previous(?:ly)?|quotes?|threshold|revenue|borrowing)\b[^£.;]{0,24}$/i;
const NOT_ON_OFFER_AFTER =
  /^[\s)]*(?:\+|or more|or over|or above|and above|and over|more\b|was awarded|were awarded|awarded|last year|in the last|during (?:its|the) last|previously)/i;
const CEILING_BEFORE =
  /\b(?:up to|maximum|max\.?|no more than|not exceeding|(?:grants?|awards?) of)\b[^£.;]{0,30}$/i;
// "investing up to £25 million", "a share of up to £20 million": the size of the pot, not one grant.
const POT_BEFORE = /\b(?:invest(?:s|ing|ment of)?|in total|total of|share of|pot of)\b[^£.;]{0,20}$/i;
const RANGE_START_BEFORE = /\b(?:between|from|range from|ranging from)\W*$/i;
const UNITS: Record<string, number> = {
  m: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  k: 1e3,
  thousand: 1e3,
};

interface Money {
  start: number;
  end: number;
  value: number;
}

export function extractAmount(title: string, summary: string): Amount | null {
  const text = title ? `${title}. ${summary}` : summary;
  if (!text.includes('£')) return null;
  const found = findMoney(text);
  if (found.length === 0) return null;

  const ceilings: Amount[] = [];
  const others: Amount[] = [];
  for (let i = 0; i < found.length; i++) {
    const m = found[i]!;
    const next = found[i + 1];
    const before = text.slice(Math.max(0, m.start - 60), m.start);
    if (next && RANGE_GAP.test(text.slice(m.end, next.start)) && next.value > m.value) {
      // A range: its top is the ceiling, unless the range itself is not on offer (a turnover band).
      i++;
      const after = text.slice(next.end, next.end + 30);
      if (NOT_ON_OFFER_BEFORE.test(before) || NOT_ON_OFFER_AFTER.test(after)) continue;
      const lead = RANGE_START_BEFORE.exec(before);
      const from = lead ? m.start - (before.length - lead.index) : m.start;
      ceilings.push({ value: next.value, text: tidy(text.slice(from, next.end)) });
      continue;
    }
    const after = text.slice(m.end, m.end + 30);
    if (NOT_ON_OFFER_BEFORE.test(before) || NOT_ON_OFFER_AFTER.test(after)) continue;
    const cue = POT_BEFORE.test(before) ? null : CEILING_BEFORE.exec(before);
    if (cue)
      ceilings.push({ value: m.value, text: tidy(text.slice(m.start - (before.length - cue.index), m.end)) });
    else others.push({ value: m.value, text: tidy(text.slice(m.start, m.end)) });
  }
  const pool = ceilings.length > 0 ? ceilings : others;
  if (pool.length === 0) return null;
  return pool.reduce((a, b) => (b.value > a.value ? b : a));
}

function findMoney(text: string): Money[] {
  const out: Money[] = [];
  MONEY.lastIndex = 0;
  for (let m = MONEY.exec(text); m !== null; m = MONEY.exec(text)) {
    const whole = Number(m[1]!.replace(/,/g, ''));
    const fraction = m[2] ? Number(`0.${m[2]}`) : 0;
    const unit = m[3] ? UNITS[m[3].toLowerCase()]! : 1;
    const value = Math.round((whole + fraction) * unit);
    if (!Number.isFinite(value) || value <= 0) continue;
    out.push({ start: m.index, end: m.index + m[0].length, value });
  }
  return out;
}

function tidy(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
