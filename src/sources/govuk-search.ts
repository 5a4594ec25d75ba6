import type { GovukFacts, ParsedItem } from '../domain.js';
import { FeedError } from '../ingest/errors.js';
import { canonicalUrl, MAX_TITLE_CHARS, normaliseDate, plainText } from '../ingest/normalise.js';
import type { ParsedFeed } from '../ingest/parse.js';
import { GOVUK_ORIGIN } from './govuk-content.js';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** The fields a GOV.UK search source asks for, so every result carries its document type. */
export const SEARCH_FIELDS = [
  'title',
  'link',
  'description',
  'public_timestamp',
  'content_store_document_type',
  'organisations',
];

export interface GovukSearchQuery {
  query?: string;
  /** Organisation slugs, e.g. department-of-health-and-social-care. */
  organisations?: string[];
  /** GOV.UK document types, e.g. open_consultation. */
  documentTypes?: string[];
  count?: number;
}

/** The address of a GOV.UK search source: newest first, with the fields Horizon reads. */
export function govukSearchUrl(q: GovukSearchQuery, base = GOVUK_ORIGIN): string {
  const params = new URLSearchParams();
  if (q.query?.trim()) params.set('q', q.query.trim());
  for (const o of q.organisations ?? []) params.append('filter_organisations', o);
  for (const t of q.documentTypes ?? []) params.append('filter_content_store_document_type', t);
  params.set('order', '-public_timestamp');
  params.set('count', String(q.count ?? 20));
  for (const f of SEARCH_FIELDS) params.append('fields', f);
  return `${base}/api/search.json?${params.toString()}`;
}

/** "GOV.UK search: open consultation from department-of-health-and-social-care" */
function describeQuery(url: URL): string {
  const p = url.searchParams;
  const parts: string[] = [];
  const q = p.get('q');
  if (q) parts.push(`"${q.slice(0, 80)}"`);
  const types = p.getAll('filter_content_store_document_type');
  if (types.length) parts.push(types.map((t) => t.replace(/_/g, ' ')).join(', '));
  const orgs = p.getAll('filter_organisations');
  if (orgs.length) parts.push(`from ${orgs.join(', ')}`);
  return `GOV.UK search${parts.length ? `: ${parts.join(' ')}` : ''}`;
}

/** Results: the search envelope, a batch of envelopes, or a bare list (each shape occurs in the samples). */
function resultsOf(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  const root = obj(json);
  if (!root || !Array.isArray(root.results)) return null;
  // A batch search wraps one envelope per query in `results`.
  if (root.results.every((r) => Array.isArray(obj(r)?.results)))
    return root.results.flatMap((r) => obj(r)!.results as unknown[]);
  return root.results;
}

/**
 * Reads a GOV.UK search answer into items, each carrying its document type (`content_store_document_type`,
 * or the older `format` when that is all the answer has). Nothing is trusted as markup.
 */
export function readGovukSearch(
  json: unknown,
  source: URL,
  warn: (field: string, problem: string) => void,
): ParsedFeed {
  const results = resultsOf(json);
  if (!results)
    throw new FeedError(
      'not-a-feed',
      'The GOV.UK search answer has no "results" list. Check the address is a GOV.UK /api/search.json search.',
    );
  const items: ParsedItem[] = [];
  results.forEach((raw, i) => {
    const r = obj(raw);
    const link = str(r?.link) ?? str(r?._id);
    const title = plainText(str(r?.title) ?? '', MAX_TITLE_CHARS);
    if (!r || !link || !title) {
      warn(`results[${i}].${!link ? 'link' : 'title'}`, 'missing; the result was left out');
      return;
    }
    let absolute: string;
    try {
      absolute = new URL(link, GOVUK_ORIGIN).href;
    } catch {
      warn(`results[${i}].link`, 'not an address; the result was left out');
      return;
    }
    const documentType = str(r.content_store_document_type) ?? str(r.format);
    if (!documentType) warn(`results[${i}].content_store_document_type`, 'missing');
    const organisations = (Array.isArray(r.organisations) ? r.organisations : [])
      .map((o) => str(obj(o)?.title))
      .filter((t): t is string => t !== null);
    const path = new URL(absolute).pathname;
    const facts: GovukFacts | undefined = documentType
      ? {
          source: 'govuk',
          path,
          documentType,
          schemaName: null,
          openingDate: null,
          closingDate: null,
          outcomeAt: null,
          withdrawnAt: null,
          organisations,
          nations: null,
          statisticsState: null,
          releaseDateChanged: false,
        }
      : undefined;
    const canonical = canonicalUrl(absolute);
    items.push({
      key: `url:${canonical ?? absolute}`,
      title,
      summary: plainText(str(r.description) ?? ''),
      link: absolute,
      canonicalUrl: canonical,
      publishedAt: normaliseDate(str(r.public_timestamp)),
      categories: [documentType?.replace(/_/g, ' '), ...organisations].filter((c): c is string => !!c),
      ...(facts ? { facts } : {}),
    });
  });
  return { title: describeQuery(source), link: `${GOVUK_ORIGIN}/search/all`, items };
}
