import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOpml } from '../../src/feeds/opml.js';
import { projectPath } from '../../src/paths.js';
import { agendaEnrichers } from '../../src/agenda/enrich.js';
import { scanFeeds } from '../../src/ingest/scan.js';
import { validateFeedUrl } from '../../src/ingest/validate.js';
import { billsUrl, readBills } from '../../src/sources/bills.js';
import { govukSearchUrl, readGovukSearch } from '../../src/sources/govuk-search.js';
import { structuredSource } from '../../src/sources/structured.js';
import { body, cleanup, feedAt, serve, testHorizon } from '../ingest/helpers.js';
import { apiFixture, apiJson, capturingLogger, useServices } from './helpers.js';

afterEach(cleanup);

const json = (file: string) => body(apiFixture(file), { type: 'application/json' });

describe('GOV.UK search as a source', () => {
  const address = govukSearchUrl({
    query: 'tax',
    organisations: ['driver-and-vehicle-licensing-agency'],
    documentTypes: ['transaction'],
  });

  it('builds the search address with the fields Horizon reads, and asks the configured base for it', () => {
    const url = new URL(address);
    expect(url.origin + url.pathname).toBe('https://www.gov.uk/api/search.json');
    expect(url.searchParams.get('q')).toBe('tax');
    expect(url.searchParams.getAll('filter_organisations')).toEqual(['driver-and-vehicle-licensing-agency']);
    expect(url.searchParams.getAll('fields')).toContain('content_store_document_type');
    const source = structuredSource(address, {
      sources: { govukUrl: 'http://127.0.0.1:9', billsApiUrl: 'x', enrich: true },
    });
    expect(source?.kind).toBe('govuk-search');
    expect(source?.fetchUrl.startsWith('http://127.0.0.1:9/api/search.json?q=tax&')).toBe(true);
    expect(
      structuredSource('https://www.gov.uk/government/organisations/hm-treasury.atom', {
        sources: { govukUrl: 'https://www.gov.uk', billsApiUrl: 'x', enrich: true },
      }),
    ).toBeNull();
  });

  it('reads each result with its document type and organisations, in every sample shape', () => {
    const warnings: string[] = [];
    const warn = (field: string) => warnings.push(field);
    const late = readGovukSearch(
      apiJson('govuk-search/search-q-tax-count1-suggest-autocomplete.json'),
      new URL(address),
      warn,
    );
    expect(late.title).toBe('GOV.UK search: "tax" transaction from driver-and-vehicle-licensing-agency');
    expect(late.items).toEqual([
      expect.objectContaining({
        title: 'Tax your vehicle',
        link: 'https://www.gov.uk/vehicle-tax',
        publishedAt: '2017-12-07T12:54:39.000Z',
        categories: ['transaction', 'Driver and Vehicle Licensing Agency'],
        facts: expect.objectContaining({ documentType: 'transaction', path: '/vehicle-tax' }),
      }),
    ]);
    const early = readGovukSearch(
      apiJson('govuk-search/search-results-array--early-years-2016.json'),
      new URL(address),
      warn,
    );
    expect(early.items.map((i) => i.facts && 'documentType' in i.facts && i.facts.documentType)).toEqual([
      'answer',
      'specialist_sector',
      'detailed_guidance',
      'detailed_guidance',
      'detailed_guidance',
    ]);
    expect(warnings).toEqual([]);
    // The batch sample asked for fewer fields: no type, which is reported per result, and the items kept.
    const batch = readGovukSearch(
      apiJson('govuk-search/batch-search--business-readiness-2019-02.json'),
      new URL(address),
      warn,
    );
    expect(batch.items).toHaveLength(9);
    expect(warnings).toHaveLength(9);
    expect(warnings[0]).toBe('results[0].content_store_document_type');
  });

  it('is added like a feed and scanned, its results carrying their document type, then looked up in the Content API', async () => {
    const server = await serve({
      '/api/search.json': json('govuk-search/search-q-tax-count1-suggest-autocomplete.json'),
    });
    const h = testHorizon({ now: '2024-01-10T09:00:00Z' });
    useServices(h, server.url(''));
    const checked = await validateFeedUrl(h, address);
    expect(checked).toEqual({ url: address, title: expect.stringContaining('GOV.UK search'), itemCount: 1 });
    const feed = feedAt(h, address, 'policy');
    const report = await scanFeeds(h);
    expect(report.feeds[0]).toMatchObject({ outcome: 'new-items', newItems: 1 });
    const [item] = h.store.items.ofFeed(feed.id);
    expect(item!.facts).toMatchObject({ source: 'govuk', documentType: 'transaction' });
    expect(item!.tagging.reasons).toContainEqual({ kind: 'source', text: 'GOV.UK says: transaction' });
    const search = server.requests.find((r) => r.path === '/api/search.json')!;
    expect(search.headers.accept).toBe('application/json');
    // The page itself was asked for once (the test server has no such page, so the search's facts stay).
    expect(server.requests.filter((r) => r.path === '/api/content/vehicle-tax')).toHaveLength(1);
  });

  it('is backed off and reported like a failing feed when the API answers 429 or an unexpected shape', async () => {
    const server = await serve({ '/api/search.json': (_req, res) => void res.writeHead(429).end() });
    const h = testHorizon({ now: '2024-01-10T09:00:00Z' });
    useServices(h, server.url(''));
    const feed = feedAt(h, address, 'policy');
    const report = await scanFeeds(h);
    expect(report.feeds[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/429/) });
    const stored = h.store.feeds.get(feed.id)!;
    expect(stored.health.status).toBe('failing');
    expect(Date.parse(stored.health.nextFetchAt!)).toBeGreaterThan(h.clock.now.getTime() + 10 * 60 * 1000);

    server.route('/api/search.json', body('{"unexpected": true}', { type: 'application/json' }));
    const again = await scanFeeds(h, { force: true });
    expect(again.feeds[0]).toMatchObject({
      outcome: 'failed',
      error: expect.stringMatching(/no "results" list/),
    });
  });
});

interface BillsList {
  items: {
    billId: number;
    shortTitle: string;
    lastUpdate: string;
    isAct: boolean;
    currentHouse: string;
    currentStage: {
      id: number;
      stageId: number;
      description: string;
      house: string;
      stageSittings: { date: string }[];
    };
  }[];
}

describe('Parliament bills as a source', () => {
  const address = billsUrl({ take: 20 });

  it('reads each bill at its current stage and house', () => {
    const feed = readBills(apiJson('parliament-bills/bills-list--snommoc.json'), new URL(address), () => {});
    expect(feed.items).toEqual([
      expect.objectContaining({
        key: 'bill:2818:12655',
        title: 'Abolition of Business Rates Bill: 2nd reading (Commons)',
        summary: 'The Abolition of Business Rates Bill is at 2nd reading in the House of Commons.',
        link: 'https://bills.parliament.uk/bills/2818',
        publishedAt: '2021-05-04T10:42:08.000Z',
        facts: expect.objectContaining({ source: 'parliament-bill', stage: '2nd reading', house: 'Commons' }),
      }),
    ]);
  });

  it("moves the bill's stage in its topic's history as Parliament moves it", async () => {
    const server = await serve({ '/api/v1/Bills': json('parliament-bills/bills-list--snommoc.json') });
    const h = testHorizon({ now: '2021-05-10T09:00:00Z' });
    const { log, lines } = capturingLogger();
    h.log = log;
    useServices(h, server.url(''));
    const feed = feedAt(h, address, 'parliament');
    await scanFeeds(h);
    const [first] = h.store.items.ofFeed(feed.id);
    expect(first!.tagging.stage).toBe('trigger');
    expect(first!.tagging.reasons[0]!.text).toBe('Parliament says: at 2nd reading (Commons)');

    // The same sample a month later, changed only in the fields a bill passing into law changes.
    const later = apiJson<BillsList>('parliament-bills/bills-list--snommoc.json');
    const bill = later.items[0]!;
    bill.isAct = true;
    bill.lastUpdate = '2021-06-08T16:20:00.0000000';
    bill.currentStage = {
      ...bill.currentStage,
      id: 12700,
      description: 'Royal Assent',
      house: 'Unassigned',
      stageSittings: [{ date: '2021-06-08T00:00:00' }],
    };
    server.route('/api/v1/Bills', body(JSON.stringify(later), { type: 'application/json' }));
    h.clock.now = new Date('2021-06-10T09:00:00Z');
    await scanFeeds(h);
    const items = h.store.items.ofFeed(feed.id);
    expect(items.map((i) => [i.title, i.tagging.stage])).toEqual([
      ['Abolition of Business Rates Bill: Royal Assent', 'peak'],
      ['Abolition of Business Rates Bill: 2nd reading (Commons)', 'trigger'],
    ]);
    expect(items[0]!.tagging.reasons[0]!.text).toBe('Parliament says: Royal Assent (now an Act)');
    const moved = agendaEnrichers(h).movements!('2021-06');
    expect(moved).toContainEqual({ topic: 'Abolition of Business Rates Bill', from: 'trigger', to: 'peak' });
    expect(lines.filter((l) => l.msg === 'unexpected answer shape')).toEqual([]);
  });

  it('keeps a bill whose stage is missing, and says which field was missing', async () => {
    const broken = apiJson<{ items: Record<string, unknown>[] }>('parliament-bills/bills-list--snommoc.json');
    delete broken.items[0]!.currentStage;
    const warnings: string[] = [];
    const feed = readBills(broken, new URL(address), (field) => warnings.push(field));
    expect(warnings).toEqual(['items[0].currentStage.description']);
    expect(feed.items[0]!.title).toBe('Abolition of Business Rates Bill: unknown (Commons)');
  });
});

describe('the catalogue', () => {
  it('offers ready-made GOV.UK searches and the bills list', () => {
    const { feeds, problems } = parseOpml(readFileSync(projectPath('feeds', 'catalogue.opml'), 'utf8'));
    expect(problems).toEqual([]);
    const config = {
      sources: {
        govukUrl: 'https://www.gov.uk',
        billsApiUrl: 'https://bills-api.parliament.uk',
        enrich: true,
      },
    };
    const kinds = feeds.map((f) => structuredSource(f.url, config)?.kind).filter(Boolean);
    expect(kinds.filter((k) => k === 'govuk-search').length).toBeGreaterThanOrEqual(3);
    expect(kinds).toContain('parliament-bills');
    const dhsc = feeds.find((f) => f.title === 'GOV.UK search: open consultations from DHSC and MHCLG')!;
    const url = new URL(dhsc.url);
    expect(url.searchParams.getAll('filter_organisations')).toEqual([
      'department-of-health-and-social-care',
      'ministry-of-housing-communities-local-government',
    ]);
    expect(url.searchParams.getAll('filter_content_store_document_type')).toContain('open_consultation');
  });
});
