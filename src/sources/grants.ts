import { DateTime } from 'luxon';
import type { ThemeSlug } from '../domain.js';

/** A grant made, as Horizon keeps it from a 360Giving file. */
export interface Grant {
  id: string;
  funder: string;
  /** Pounds. Grants in other currencies are left out. */
  amount: number;
  /** YYYY-MM-DD */
  awardDate: string;
  places: string[];
  themes: ThemeSlug[];
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.replace(/\s+/g, ' ').trim().slice(0, 300) : null;
const list = (v: unknown): Json[] =>
  Array.isArray(v) ? v.map(obj).filter((x): x is Json => x !== null) : [];

/** 360Giving dates are ISO in the Standard; early files wrote dd/mm/yyyy. */
export function grantDate(raw: unknown): string | null {
  const s = str(raw);
  if (!s) return null;
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  const d = dmy
    ? DateTime.fromObject(
        { year: Number(dmy[3]), month: Number(dmy[2]), day: Number(dmy[1]) },
        { zone: 'UTC' },
      )
    : DateTime.fromISO(s, { zone: 'UTC' });
  return d.isValid && d.year >= 1990 && d.year <= 2100 ? d.toISODate() : null;
}

export interface ReadGrants {
  grants: (Omit<Grant, 'themes'> & { text: string })[];
  skipped: number;
  problems: { field: string; problem: string }[];
}

/**
 * Reads a 360Giving package (`{"grants": [...]}`). Grants without a funder, a positive amount in pounds
 * or an award date are skipped and counted; the first few odd fields are reported.
 */
export function readGrantPackage(json: unknown): ReadGrants {
  const out: ReadGrants = { grants: [], skipped: 0, problems: [] };
  const root = obj(json);
  if (!root || !Array.isArray(root.grants)) {
    out.problems.push({ field: 'grants', problem: 'missing: this is not a 360Giving grants file' });
    return out;
  }
  const note = (field: string, problem: string) => {
    if (out.problems.length < 5) out.problems.push({ field, problem });
  };
  root.grants.forEach((raw, i) => {
    const g = obj(raw);
    const funder = str(list(g?.fundingOrganization)[0]?.name);
    const amount = typeof g?.amountAwarded === 'number' ? g.amountAwarded : Number(g?.amountAwarded);
    const currency = str(g?.currency) ?? 'GBP';
    const awardDate = grantDate(g?.awardDate);
    const id = str(g?.id);
    if (!g || !id || !funder || !(amount > 0) || currency !== 'GBP' || !awardDate) {
      out.skipped++;
      if (!funder) note(`grants[${i}].fundingOrganization`, 'missing');
      else if (!awardDate) note(`grants[${i}].awardDate`, 'missing or not a date');
      return;
    }
    const places = new Set<string>();
    for (const l of list(g.beneficiaryLocation)) {
      const name = str(l.name);
      if (name) places.add(name);
    }
    for (const r of list(g.recipientOrganization))
      for (const key of ['addressLocality', 'addressRegion']) {
        const p = str(r[key]);
        if (p) places.add(p);
      }
    const text = [str(g.title), str(g.description), ...list(g.grantProgramme).map((p) => str(p.title))]
      .filter(Boolean)
      .join('. ');
    out.grants.push({ id, funder, amount, awardDate, places: [...places], text });
  });
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function pounds(n: number): string {
  return `£${Math.round(n).toLocaleString('en-GB')}`;
}

/** Lower case, no "the", letters and digits only: how funder names are compared with an item's words. */
function fold(name: string): string {
  return name
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface FundingContext {
  /** The organisation's themes (from its profile), else the item's own. */
  themes: ThemeSlug[];
  /** The organisation's places, from its profile; empty means anywhere. */
  places: string[];
  /** The item's words and source, to recognise its funder. */
  text: string;
  now: Date;
}

/** How far back "recently" reaches. */
export const RECENT_YEARS = 3;

/**
 * One line about funders of similar work: "Funded 12 similar projects in Yorkshire in 2024, median
 * £25,000" when the item's own funder is in the data, else the busiest funder of similar work, named.
 * Similar: a grant that shares a theme and, when the profile names places, a place. Null when none.
 */
export function fundersLine(grants: readonly Grant[], c: FundingContext): string | null {
  if (c.themes.length === 0) return null;
  const since = DateTime.fromJSDate(c.now, { zone: 'UTC' }).minus({ years: RECENT_YEARS }).toISODate()!;
  const today = DateTime.fromJSDate(c.now, { zone: 'UTC' }).toISODate()!;
  // Every grant is money: the funding theme says nothing about what work was funded.
  const wanted = new Set(c.themes.filter((t) => t !== 'funding'));
  if (wanted.size === 0) return null;
  const places = c.places.map((p) => p.toLowerCase().trim()).filter(Boolean);
  const placeOf = (g: Grant): string | null => {
    if (places.length === 0) return '';
    for (const p of places)
      if (g.places.some((gp) => gp.toLowerCase().includes(p) || p.includes(gp.toLowerCase())))
        return c.places.find((x) => x.toLowerCase().trim() === p)!;
    return null;
  };
  const similar = grants
    .filter((g) => g.awardDate >= since && g.awardDate <= today && g.themes.some((t) => wanted.has(t)))
    .map((g) => ({ g, place: placeOf(g) }))
    .filter((x): x is { g: Grant; place: string } => x.place !== null);
  if (similar.length === 0) return null;
  const byFunder = new Map<string, { g: Grant; place: string }[]>();
  for (const x of similar) byFunder.set(x.g.funder, [...(byFunder.get(x.g.funder) ?? []), x]);
  const text = ` ${fold(c.text)} `;
  const own = [...byFunder.keys()].find((f) => text.includes(` ${fold(f)} `));
  const funder =
    own ?? [...byFunder].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0]![0];
  const theirs = byFunder.get(funder)!;
  const year = theirs
    .map((x) => x.g.awardDate.slice(0, 4))
    .sort()
    .at(-1)!;
  const inYear = theirs.filter((x) => x.g.awardDate.startsWith(year));
  const place = inYear.map((x) => x.place).find(Boolean);
  const n = inYear.length;
  const what = `${n} similar project${n === 1 ? '' : 's'}${place ? ` in ${place}` : ''} in ${year}, median ${pounds(median(inYear.map((x) => x.g.amount)))}`;
  return own ? `Funded ${what}` : `${funder} funded ${what}`;
}
