import type { Config } from '../config.js';
import { FeedError } from '../ingest/errors.js';
import type { ParsedFeed } from '../ingest/parse.js';
import { readBills } from './bills.js';
import { readGovukSearch } from './govuk-search.js';

/** A source that is an API answering JSON rather than an RSS or Atom feed. */
export interface StructuredSource {
  kind: 'govuk-search' | 'parliament-bills';
  /** Where to ask: the stored address, moved onto the configured base address (a proxy, a test server). */
  fetchUrl: string;
  /** Reads the answer; problems of shape are reported through `warn` and the rest is kept. */
  read(json: unknown, warn: (field: string, problem: string) => void): ParsedFeed;
}

export const GOVUK_SEARCH_PATH = '/api/search.json';
export const BILLS_PATH = '/api/v1/Bills';

const PUBLIC_BASES: Record<StructuredSource['kind'], string> = {
  'govuk-search': 'https://www.gov.uk',
  'parliament-bills': 'https://bills-api.parliament.uk',
};

/** The stored address asked through the configured base instead of the public one it names. */
function onBase(url: URL, publicBase: string, base: string): string {
  if (url.origin !== new URL(publicBase).origin || base === publicBase) return url.href;
  return `${base}${url.pathname}${url.search}`;
}

/**
 * The structured source an address stands for, by its path: GOV.UK's search API (`/api/search.json`) or
 * the Bills API's bill list (`/api/v1/Bills`). Anything else is a feed.
 */
export function structuredSource(address: string, config: Pick<Config, 'sources'>): StructuredSource | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return null;
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(GOVUK_SEARCH_PATH)) {
    return {
      kind: 'govuk-search',
      fetchUrl: onBase(url, PUBLIC_BASES['govuk-search'], config.sources.govukUrl),
      read: (json, warn) => readGovukSearch(json, url, warn),
    };
  }
  if (path.toLowerCase().endsWith(BILLS_PATH.toLowerCase())) {
    return {
      kind: 'parliament-bills',
      fetchUrl: onBase(url, PUBLIC_BASES['parliament-bills'], config.sources.billsApiUrl),
      read: (json, warn) => readBills(json, url, warn),
    };
  }
  return null;
}

/** Reads a structured source's answer: JSON, in the shape its reader knows, or a clear error. */
export function readStructured(
  source: StructuredSource,
  body: Buffer,
  warn: (field: string, problem: string) => void,
): ParsedFeed {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new FeedError(
      'parse-error',
      `The ${source.kind === 'govuk-search' ? 'GOV.UK search' : 'Bills API'} did not answer with JSON. Horizon will retry later.`,
    );
  }
  return source.read(json, warn);
}
