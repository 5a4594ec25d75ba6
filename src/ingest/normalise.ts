import { compile } from 'html-to-text';

/** Pure helpers that turn what a feed says into the plain, comparable values Horizon stores. */

export const MAX_TITLE_CHARS = 300;
export const MAX_SUMMARY_CHARS = 1200;

const htmlToText = compile({
  wordwrap: false,
  decodeEntities: true,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'object', format: 'skip' },
    { selector: 'embed', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'inline' },
    { selector: 'th', format: 'inline' },
    { selector: 'ul', options: { itemPrefix: ' ' } },
    { selector: 'ol', format: 'block' },
  ],
});

/** Cuts at a word boundary and marks the cut, so a summary never ends mid-word. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

const ENTITY_START = /&[#a-z]/i;

/** HTML or plain text to one line of plain text: tags stripped, entities decoded, whitespace folded, length capped. */
export function plainText(input: string | null | undefined, max = MAX_SUMMARY_CHARS): string {
  if (!input) return '';
  // Feeds are capped in size, but one enormous field must not cost the whole scan its time.
  const source = input.length > max * 20 ? input.slice(0, max * 20) : input;
  // Only markup or an entity needs the HTML reader; a bare ampersand ("Health & Care") is already plain.
  const text = source.includes('<') || ENTITY_START.test(source) ? htmlToText(source) : source;
  return truncate(text.replace(/[\s\u00a0\u200b]+/g, ' ').trim(), max);
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** Offsets in minutes for the zone names RFC 822 allows, plus BST which UK feeds use anyway. */
const ZONES: Record<string, number> = {
  GMT: 0,
  UT: 0,
  UTC: 0,
  Z: 0,
  BST: 60,
  CET: 60,
  CEST: 120,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

const MIN_YEAR = 1970;
const MAX_YEAR = 2100;

function zoneOffset(zone: string | undefined): number | null {
  if (!zone) return 0;
  const z = zone.toUpperCase();
  if (z in ZONES) return ZONES[z]!;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  // RFC 1123 says single-letter military zones were defined wrongly and should be read as UTC.
  if (/^[A-IK-Z]$/.test(z)) return 0;
  return null;
}

function build(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  offsetMin: number,
): string | null {
  if (y < MIN_YEAR || y > MAX_YEAR || h > 23 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, mo, d, h, mi, Math.min(s, 59));
  const check = new Date(ms);
  // Reject impossible days (31 June) rather than let them roll into the next month.
  if (check.getUTCMonth() !== mo || check.getUTCDate() !== d) return null;
  return new Date(ms - offsetMin * 60_000).toISOString();
}

const RFC822 =
  /^(?:[a-z]{2,9},?\s*)?(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{2,4})(?:,?\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?\s*([a-z]{1,4}|[+-]\d{2}:?\d{2})?(?:\s*\(.*\))?$/i;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A feed date as ISO-8601 UTC, or null when it cannot be trusted. RFC 822 variants and ISO 8601 are read;
 * a date with no zone is taken as UTC; years outside 1970–2100 (legislation.gov.uk says 3200) are refused.
 */
export function normaliseDate(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const s = String(raw).trim();
  if (!s || s.length > 80) return null;
  const iso = ISO.exec(s);
  if (iso) {
    const offset = zoneOffset(iso[7]);
    if (offset === null) return null;
    return build(
      Number(iso[1]),
      Number(iso[2]) - 1,
      Number(iso[3]),
      Number(iso[4] ?? 0),
      Number(iso[5] ?? 0),
      Number(iso[6] ?? 0),
      offset,
    );
  }
  const rfc = RFC822.exec(s);
  if (rfc) {
    const month = MONTHS[rfc[2]!.toLowerCase()];
    const offset = zoneOffset(rfc[7]);
    if (month === undefined || offset === null) return null;
    let year = Number(rfc[3]);
    if (rfc[3]!.length === 2) year += year < 50 ? 2000 : 1900;
    else if (rfc[3]!.length !== 4) return null;
    return build(
      year,
      month,
      Number(rfc[1]),
      Number(rfc[4] ?? 0),
      Number(rfc[5] ?? 0),
      Number(rfc[6] ?? 0),
      offset,
    );
  }
  // Last resort for odd but explicit formats; only when a zone is stated, so the machine's zone never leaks in.
  if (/(?:gmt|utc|z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const ms = Date.parse(s);
    if (Number.isFinite(ms)) {
      const y = new Date(ms).getUTCFullYear();
      if (y >= MIN_YEAR && y <= MAX_YEAR) return new Date(ms).toISOString();
    }
  }
  return null;
}

/** Query parameters that only track clicks; they never change which page a link points to. */
const TRACKING =
  /^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|_ga|_gl|_hsenc|_hsmi|mkt_tok|ocid|cmpid|sr_share|igshid|yclid|ref_src)$/i;

/** The link with host lower-cased, tracking parameters and fragment removed; null if it is not an http(s) URL. */
export function canonicalUrl(link: string | null | undefined): string | null {
  if (!link) return null;
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  if (url.search) {
    for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
    if ([...url.searchParams.keys()].length === 0) url.search = '';
  }
  return url.href;
}

// Identities live apart from the HTML converter, so the store can use them without loading it.
export { contentHash, itemKey, storyKey } from './identity.js';
