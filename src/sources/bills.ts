import type { BillFacts, ParsedItem } from '../domain.js';
import { FeedError } from '../ingest/errors.js';
import { MAX_TITLE_CHARS, normaliseDate, plainText } from '../ingest/normalise.js';
import type { ParsedFeed } from '../ingest/parse.js';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Where people read about a bill. */
export const BILLS_SITE = 'https://bills.parliament.uk';

const HOUSES: Record<string, string> = { Commons: 'House of Commons', Lords: 'House of Lords' };

export interface BillsQuery {
  searchTerm?: string;
  /** How many of the most recently updated bills to follow. */
  take?: number;
}

/** The address of a bills source: the most recently updated bills first. */
export function billsUrl(q: BillsQuery = {}, base = 'https://bills-api.parliament.uk'): string {
  const params = new URLSearchParams({ SortOrder: 'DateUpdatedDescending', Take: String(q.take ?? 20) });
  if (q.searchTerm?.trim()) params.set('SearchTerm', q.searchTerm.trim());
  return `${base}/api/v1/Bills?${params.toString()}`;
}

/** The latest sitting of a stage, or the bill's last update: when the bill reached where it is. */
function stageDate(stage: Json | null, lastUpdate: string | null): string | null {
  const sittings = (Array.isArray(stage?.stageSittings) ? stage.stageSittings : [])
    .map((s) => normaliseDate(str(obj(s)?.date)))
    .filter((d): d is string => d !== null)
    .sort();
  return sittings.at(-1) ?? normaliseDate(lastUpdate);
}

/**
 * Reads a Bills API list into one item per bill at its current stage. A bill that moves to another stage
 * becomes a new item (keyed by the stage), so its movements build up in its topic's history.
 */
export function readBills(
  json: unknown,
  source: URL,
  warn: (field: string, problem: string) => void,
): ParsedFeed {
  const root = obj(json);
  if (!root || !Array.isArray(root.items))
    throw new FeedError(
      'not-a-feed',
      'The Bills API answer has no "items" list. Check the address is a bills-api.parliament.uk /api/v1/Bills search.',
    );
  const items: ParsedItem[] = [];
  root.items.forEach((raw, i) => {
    const b = obj(raw);
    const billId = typeof b?.billId === 'number' ? b.billId : null;
    const shortTitle = plainText(str(b?.shortTitle) ?? '', MAX_TITLE_CHARS);
    if (!b || billId === null || !shortTitle) {
      warn(`items[${i}].${billId === null ? 'billId' : 'shortTitle'}`, 'missing; the bill was left out');
      return;
    }
    const stage = obj(b.currentStage);
    const description = plainText(str(stage?.description) ?? '', 100);
    if (!stage || !description) warn(`items[${i}].currentStage.description`, 'missing');
    const house = str(stage?.house) ?? str(b.currentHouse) ?? '';
    const isAct = b.isAct === true;
    const withdrawn = str(b.billWithdrawn) !== null;
    const defeated = b.isDefeated === true;
    const facts: BillFacts = {
      source: 'parliament-bill',
      billId,
      shortTitle,
      stage: isAct ? 'Royal Assent' : description || 'unknown',
      house,
      isAct,
      withdrawn,
      defeated,
    };
    const where = HOUSES[house] ?? house;
    const state = isAct
      ? 'has Royal Assent'
      : withdrawn
        ? 'was withdrawn'
        : defeated
          ? 'was defeated'
          : `is at ${description || 'an unknown stage'}${where ? ` in the ${where}` : ''}`;
    const stageKey = isAct
      ? 'act'
      : withdrawn
        ? 'withdrawn'
        : defeated
          ? 'defeated'
          : String(stage?.id ?? description);
    const link = `${BILLS_SITE}/bills/${billId}`;
    items.push({
      key: `bill:${billId}:${stageKey}`,
      title: `${shortTitle}: ${facts.stage}${!isAct && house ? ` (${house})` : ''}`,
      summary: `The ${shortTitle} ${state}.`,
      link,
      canonicalUrl: link,
      publishedAt: stageDate(stage, str(b.lastUpdate)),
      categories: ['bill', facts.stage],
      facts,
    });
  });
  const term = source.searchParams.get('SearchTerm');
  return {
    title: `UK Parliament bills${term ? `: "${term.slice(0, 80)}"` : ''}`,
    link: `${BILLS_SITE}/`,
    items,
  };
}
