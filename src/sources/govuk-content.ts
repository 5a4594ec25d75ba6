import type { GovukFacts } from '../domain.js';

/** The public GOV.UK site; feeds link here whatever base address the API is reached through. */
export const GOVUK_ORIGIN = 'https://www.gov.uk';

const GOVUK_HOSTS = new Set(['www.gov.uk', 'gov.uk']);

/**
 * The GOV.UK page path a link points to (`/government/consultations/…`), or null when the link is not a
 * GOV.UK content page. Query and fragment are dropped: the Content API knows pages by path only.
 */
export function govukPath(link: string | null | undefined): string | null {
  // Most links are not GOV.UK's: a plain string test spares parsing each of them.
  if (!link || !link.includes('gov.uk')) return null;
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (!GOVUK_HOSTS.has(url.hostname.toLowerCase())) return null;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  let path = url.pathname.replace(/\/+$/, '');
  // Feeds, searches and the API itself are not content pages.
  if (!path || path.startsWith('/api/') || /\.(atom|json|xml|rss)$/.test(path)) return null;
  // A page of a multi-part document is looked up through its parent's path, which holds the facts.
  if (path.length > 500) return null;
  path = path.replace(/\/(print|email-signup)$/, '');
  return path;
}

/** A problem with the shape of an answer: which field was missing or odd. */
export interface ShapeProblem {
  field: string;
  problem: string;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function date(v: unknown): string | null {
  const s = str(v);
  return s && Number.isFinite(Date.parse(s)) ? s : null;
}

const NATIONS: [string, string][] = [
  ['england', 'england'],
  ['wales', 'wales'],
  ['scotland', 'scotland'],
  ['northern_ireland', 'northern-ireland'],
];

/**
 * Reads the facts Horizon keeps from a Content API item. Nothing here is trusted as markup: only plain
 * strings and dates are kept. Odd or missing fields are reported, and what could be read is kept.
 */
export function readGovukContent(
  json: unknown,
  path: string,
): { facts: GovukFacts | null; problems: ShapeProblem[] } {
  const problems: ShapeProblem[] = [];
  const root = obj(json);
  if (!root) return { facts: null, problems: [{ field: '(top level)', problem: 'not a JSON object' }] };
  const documentType = str(root.document_type);
  if (!documentType) problems.push({ field: 'document_type', problem: 'missing' });
  const details = obj(root.details) ?? {};
  if (!obj(root.details)) problems.push({ field: 'details', problem: 'missing' });
  const links = obj(root.links) ?? {};
  const organisations = (Array.isArray(links.organisations) ? links.organisations : [])
    .map((o) => str(obj(o)?.title))
    .filter((t): t is string => t !== null);
  const applicability = obj(details.national_applicability);
  const nations = applicability
    ? NATIONS.filter(([key]) => obj(applicability[key])?.applicable === true).map(([, name]) => name)
    : null;
  const withdrawn = obj(root.withdrawn_notice);
  const openingDate = date(details.opening_date);
  const closingDate = date(details.closing_date);
  if (details.closing_date !== undefined && !closingDate)
    problems.push({ field: 'details.closing_date', problem: 'not a date' });
  const facts: GovukFacts = {
    source: 'govuk',
    path,
    documentType: documentType ?? 'unknown',
    schemaName: str(root.schema_name),
    openingDate,
    closingDate,
    outcomeAt: date(details.final_outcome_publication_date),
    withdrawnAt: withdrawn ? date(withdrawn.withdrawn_at) : null,
    organisations,
    nations,
    statisticsState: str(details.state),
    releaseDateChanged: str(details.previous_display_date) !== null,
  };
  // An outcome with no publication date still counts once its text is there.
  if (!facts.outcomeAt && str(details.final_outcome_detail) && documentType?.endsWith('_outcome'))
    facts.outcomeAt = date(root.public_updated_at);
  return { facts, problems };
}

export function publicUpdatedAt(json: unknown): string | null {
  return date(obj(json)?.public_updated_at);
}
