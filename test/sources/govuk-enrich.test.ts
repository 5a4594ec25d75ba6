import { afterEach, describe, expect, it } from 'vitest';
import { agendaItems } from '../../src/domain.js';
import { buildAgenda } from '../../src/agenda/build.js';
import { renderAgendaMarkdown } from '../../src/agenda/render/markdown.js';
import { scanFeeds } from '../../src/ingest/scan.js';
import { serviceHealth } from '../../src/sources/api.js';
import { CONTENT_API } from '../../src/sources/enrich.js';
import { body, cleanup, feedAt, rss, serve, tempDbPath, testHorizon } from '../ingest/helpers.js';
import { apiFixture, capturingLogger, useServices } from './helpers.js';

afterEach(cleanup);

const HOUR = 60 * 60 * 1000;
const VAPING = '/government/calls-for-evidence/youth-vaping-call-for-evidence';
const MUSEUMS = '/government/consultations/review-of-museums-in-england';

/** A GOV.UK-style feed whose entries link to the pages of the real Content API samples. */
function govukFeed(entries: { path: string; title: string; date: string }[]): string {
  return rss(
    entries.map((e) => ({
      title: e.title,
      link: `https://www.gov.uk${e.path}`,
      guid: `https://www.gov.uk${e.path}`,
      date: e.date,
      description: 'Find out more on GOV.UK.',
    })),
    'GOV.UK: consultations',
  );
}

async function setUp(now: string, dbPath = tempDbPath()) {
  const server = await serve({
    '/feed': body(
      govukFeed([
        { path: VAPING, title: 'Youth vaping: call for evidence', date: 'Tue, 11 Apr 2023 13:01:57 GMT' },
      ]),
    ),
    [`/api/content${VAPING}`]: body(
      apiFixture('govuk-content/call_for_evidence--open_call_for_evidence.json'),
      {
        type: 'application/json',
        etag: '"vaping-1"',
      },
    ),
  });
  const h = testHorizon({ now, path: dbPath });
  useServices(h, server.url(''));
  return { server, h, dbPath };
}

function contentRequests(server: { requests: { path: string }[] }): number {
  return server.requests.filter((r) => r.path.startsWith('/api/content/')).length;
}

describe('GOV.UK enrichment', () => {
  it('reads an open call for evidence from the Content API: trigger, closing date, and the reason in its own words', async () => {
    const { server, h } = await setUp('2023-04-12T09:00:00Z');
    const feed = feedAt(h, server.url('/feed'), 'policy');
    const report = await scanFeeds(h);
    expect(report.contentApiRequests).toBe(1);
    const [item] = h.store.items.ofFeed(feed.id);
    expect(item!.facts).toMatchObject({
      source: 'govuk',
      documentType: 'open_call_for_evidence',
      organisations: ['Office for Health Improvement and Disparities'],
    });
    expect(item!.tagging.stage).toBe('trigger');
    expect(item!.tagging.confidence).toBeGreaterThan(0.9);
    expect(item!.tagging.reasons[0]).toMatchObject({
      kind: 'stage',
      text: 'GOV.UK says: open call for evidence, closes 16 April',
    });
    expect(item!.tagging.deadline).toMatchObject({ date: '2023-04-16', kind: 'consultation' });

    const agenda = buildAgenda(h, '2023-04');
    const shown = agenda.sections.flatMap((s) => s.items).find((i) => i.itemId === item!.id)!;
    expect(shown.stage).toBe('trigger');
    expect(shown.why.join(' ')).toContain('GOV.UK says: open call for evidence, closes 16 April');
    expect(agenda.deadlines.map((d) => [d.itemId, d.deadline.date, d.daysLeft])).toEqual([
      [item!.id, '2023-04-16', 4],
    ]);
    const markdown = renderAgendaMarkdown(agenda);
    // Listed under consultations, not funding, with its days left.
    expect(agenda.deadlines[0]!.kind).toBe('consultation');
    expect(markdown).toMatch(
      /## Consultations and calls for evidence closing\n\n- \*\*16 Apr 2023 \(in 4 days\)\*\*: \[Youth vaping: call for evidence\]/,
    );
    expect(markdown).not.toMatch(/Funding closing/);
  });

  it('asks nothing more on a scan with nothing new, nor after a restart, and asks conditionally when the page changes', async () => {
    const { server, h, dbPath } = await setUp('2023-04-12T09:00:00Z');
    feedAt(h, server.url('/feed'), 'policy');
    await scanFeeds(h);
    expect(contentRequests(server)).toBe(1);

    h.clock.now = new Date(h.clock.now.getTime() + 2 * HOUR);
    const again = await scanFeeds(h);
    expect(again.totals).toMatchObject({ newItems: 0, updatedItems: 0, failed: 0 });
    expect(again.contentApiRequests).toBe(0);

    // A restart: a new Horizon on the same database file remembers the page.
    const reopened = testHorizon({
      now: new Date(h.clock.now.getTime() + 2 * HOUR).toISOString(),
      path: dbPath,
    });
    useServices(reopened, server.url(''));
    const afterRestart = await scanFeeds(reopened);
    expect(afterRestart.contentApiRequests).toBe(0);
    expect(contentRequests(server)).toBe(1);

    // The feed says the page changed after Horizon looked: one conditional request, answered 304.
    server.route(
      '/feed',
      body(
        govukFeed([
          { path: VAPING, title: 'Youth vaping: call for evidence', date: 'Thu, 13 Apr 2023 10:00:00 GMT' },
        ]),
      ),
    );
    reopened.clock.now = new Date('2023-04-13T12:00:00Z');
    const changed = await scanFeeds(reopened);
    expect(changed.contentApiRequests).toBe(1);
    const last = server.requests.filter((r) => r.path.startsWith('/api/content/')).at(-1)!;
    expect(last.headers['if-none-match']).toBe('"vaping-1"');
    expect(last.headers.accept).toBe('application/json');
  });

  it('compares dates with the clock: the same sample is closed once its closing date has passed, and never shown as open', async () => {
    const { server, h } = await setUp('2023-04-12T09:00:00Z');
    const feed = feedAt(h, server.url('/feed'), 'policy');
    await scanFeeds(h);
    // The sample still says "open_call_for_evidence"; by the clock it closed on 16 April.
    h.clock.now = new Date('2023-04-20T09:00:00Z');
    await scanFeeds(h);
    const [item] = h.store.items.ofFeed(feed.id);
    expect(item!.tagging.reasons[0]!.text).toBe(
      'GOV.UK says: call for evidence closed, awaiting the response (closed 16 April)',
    );
    expect(JSON.stringify(item!.tagging.reasons)).not.toMatch(/open call for evidence/);
    const agenda = buildAgenda(h, '2023-04');
    expect(agenda.deadlines).toEqual([]);
    expect(renderAgendaMarkdown(agenda)).not.toMatch(/open call for evidence/);
  });

  it('shows a consultation that closed since the last scan as closed, without writing; the next scan stores it', async () => {
    const { server, h } = await setUp('2016-10-20T09:00:00Z');
    server.route(
      '/feed',
      body(
        govukFeed([
          { path: MUSEUMS, title: 'Review of museums in England', date: 'Mon, 05 Sep 2016 13:00:00 GMT' },
        ]),
      ),
    );
    server.route(
      `/api/content${MUSEUMS}`,
      body(apiFixture('govuk-content/consultation--closed_consultation.json'), { type: 'application/json' }),
    );
    h.clock.now = new Date('2016-10-20T09:00:00Z');
    const feed = feedAt(h, server.url('/feed'), 'policy');
    await scanFeeds(h);
    // The sample's type says closed; by its dates it was open on 20 October, closing on the 31st.
    expect(h.store.items.ofFeed(feed.id)[0]!.tagging.reasons[0]!.text).toBe(
      'GOV.UK says: open consultation, closes 31 October',
    );
    h.clock.now = new Date('2016-11-02T09:00:00Z');
    const agenda = buildAgenda(h, '2016-11');
    expect(agenda.deadlines).toEqual([]);
    // September's agenda, built now, reads the consultation as it stands now.
    const september = agendaItems(buildAgenda(h, '2016-09'));
    expect(september.map((i) => i.title)).toEqual([]);
    // Building wrote nothing; the writer (the next scan) stores the new tagging.
    expect(h.store.items.ofFeed(feed.id)[0]!.tagging.reasons[0]!.text).toBe(
      'GOV.UK says: open consultation, closes 31 October',
    );
    await scanFeeds(h);
    expect(h.store.items.ofFeed(feed.id)[0]!.tagging.reasons[0]!.text).toBe(
      "GOV.UK says: consultation closed, awaiting the government's response (closed 31 October)",
    );
  });

  it('backs off a Content API that answers 429 and reports it, keeping the item with what the feed said', async () => {
    const { server, h } = await setUp('2023-04-12T09:00:00Z');
    server.route(`/api/content${VAPING}`, (_req, res) => void res.writeHead(429).end('slow down'));
    const feed = feedAt(h, server.url('/feed'), 'policy');
    const report = await scanFeeds(h);
    expect(report.totals).toMatchObject({ newItems: 1, failed: 0 });
    const [item] = h.store.items.ofFeed(feed.id);
    expect(item!.title).toBe('Youth vaping: call for evidence');
    expect(item!.facts).toBeUndefined();
    const health = serviceHealth(h, CONTENT_API);
    expect(health.failures).toBe(1);
    expect(health.lastError).toMatch(/429/);
    expect(Date.parse(health.retryAfter!)).toBeGreaterThan(h.clock.now.getTime());

    // Within the back-off nothing is asked, even for a page not yet known.
    server.route(
      '/feed',
      body(
        govukFeed([
          { path: VAPING, title: 'Youth vaping: call for evidence', date: 'Tue, 11 Apr 2023 13:01:57 GMT' },
          { path: MUSEUMS, title: 'Review of museums in England', date: 'Tue, 11 Apr 2023 14:00:00 GMT' },
        ]),
      ),
    );
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    h.db.prepare('UPDATE feeds SET next_fetch_at = NULL').run();
    const during = await scanFeeds(h);
    expect(during.contentApiRequests).toBe(0);
    expect(contentRequests(server)).toBe(1);
    expect(buildAgenda(h, '2023-04').feedsNeedingAttention).toEqual([
      expect.objectContaining({ title: CONTENT_API, reason: expect.stringMatching(/429/) }),
    ]);
  });

  it('logs an unexpected shape with the missing field and keeps the item', async () => {
    const { server, h } = await setUp('2023-04-12T09:00:00Z');
    const { log, lines } = capturingLogger();
    h.log = log;
    server.route(`/api/content${VAPING}`, body('{"title": "no type here"}', { type: 'application/json' }));
    const feed = feedAt(h, server.url('/feed'), 'policy');
    await scanFeeds(h);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'unexpected answer shape', field: 'document_type', path: VAPING }),
    );
    const [item] = h.store.items.ofFeed(feed.id);
    expect(item!.title).toBe('Youth vaping: call for evidence');
    expect(item!.tagging.reasons.some((r) => r.text.startsWith('GOV.UK says'))).toBe(false);
  });

  it('treats nothing from the API as markup', async () => {
    const { server, h } = await setUp('2023-04-12T09:00:00Z');
    const hostile = JSON.parse(
      apiFixture('govuk-content/call_for_evidence--open_call_for_evidence.json').toString('utf8'),
    ) as { document_type: string; links: { organisations: { title: string }[] } };
    hostile.document_type = '<img src=x onerror=alert(1)>';
    hostile.links.organisations[0]!.title = '<script>alert(1)</script>';
    server.route(`/api/content${VAPING}`, body(JSON.stringify(hostile), { type: 'application/json' }));
    const feed = feedAt(h, server.url('/feed'), 'policy');
    await scanFeeds(h);
    const [item] = h.store.items.ofFeed(feed.id);
    // An unknown type gives no signal, so nothing of it reaches a reason; the markup stays inert text.
    expect(JSON.stringify(item!.tagging.reasons)).not.toContain('<img');
    const markdown = renderAgendaMarkdown(buildAgenda(h, '2023-04'));
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toContain('<img');
  });

  it('makes no request when enrichment is switched off', async () => {
    const { server, h } = await setUp('2023-04-12T09:00:00Z');
    h.config = { ...h.config, sources: { ...h.config.sources, enrich: false } };
    feedAt(h, server.url('/feed'), 'policy');
    const report = await scanFeeds(h);
    expect(report.contentApiRequests).toBe(0);
    expect(contentRequests(server)).toBe(0);
  });

  it('refuses a Content API on a private address that is not allow-listed, like any feed', async () => {
    const { server, h } = await setUp('2023-04-12T09:00:00Z');
    // The feed host is allow-listed; the API's loopback address [::1] is not.
    useServices(h, server.url('').replace('127.0.0.1', '[::1]'));
    const feed = feedAt(h, server.url('/feed'), 'policy');
    await scanFeeds(h);
    expect(contentRequests(server)).toBe(0);
    expect(serviceHealth(h, CONTENT_API).lastError).toMatch(/refused-url/);
    expect(h.store.items.ofFeed(feed.id)).toHaveLength(1);
  });
});
