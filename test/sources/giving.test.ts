import { afterEach, describe, expect, it } from 'vitest';
import { agendaEnrichers } from '../../src/agenda/enrich.js';
import { buildAgenda } from '../../src/agenda/build.js';
import { renderAgendaMarkdown } from '../../src/agenda/render/markdown.js';
import { agendaItems } from '../../src/domain.js';
import { scanFeeds } from '../../src/ingest/scan.js';
import { serviceHealth } from '../../src/sources/api.js';
import { GIVING_SERVICE, refreshGrants } from '../../src/sources/giving.js';
import { fundersLine, grantDate, readGrantPackage } from '../../src/sources/grants.js';
import { body, cleanup, feedAt, rss, serve, testHorizon } from '../ingest/helpers.js';
import { apiFixture, apiJson, useServices } from './helpers.js';

afterEach(cleanup);

const OXFORDSHIRE = '360giving/package-oxfordshire-cf-2016-sample.json';

/** A funding feed built in the test: one call from the funder whose grants the sample holds. */
const fundingFeed = rss(
  [
    {
      title: 'Oxfordshire Community Foundation opens its 2016 grants round for children and families',
      guid: 'ocf-2016',
      date: 'Mon, 11 Jan 2016 09:00:00 GMT',
      description: 'Grants for groups working with children, young people and families.',
    },
  ],
  'Funding calls',
);

async function setUp(giving: boolean) {
  const server = await serve({
    '/grants.json': body(apiFixture(OXFORDSHIRE), { type: 'application/json', etag: '"ocf-1"' }),
    '/funding': body(fundingFeed),
  });
  const h = testHorizon({ now: '2016-01-15T09:00:00Z' });
  useServices(h, server.url(''), giving ? { threeSixtyGivingUrl: server.url('/grants.json') } : {});
  h.store.profile.set({ themes: ['children-families'], places: ['Oxford'] }, h.clock.now.toISOString());
  feedAt(h, server.url('/funding'), 'funding');
  return { server, h };
}

describe('360Giving', () => {
  it('reads the real packages, with their early dd/mm/yyyy dates and non-standard keys', () => {
    expect(grantDate('01/10/2015')).toBe('2015-10-01');
    expect(grantDate('2020-03-19T00:00:00.000Z')).toBe('2020-03-19');
    expect(grantDate('not a date')).toBeNull();
    const ocf = readGrantPackage(apiJson(OXFORDSHIRE));
    expect(ocf.grants).toHaveLength(70);
    expect(ocf.grants[0]).toMatchObject({
      funder: 'Oxfordshire Community Foundation',
      amount: 500,
      awardDate: '2015-10-01',
      places: ['Oxfordshire', 'Oxford'],
    });
    const covid = readGrantPackage(apiJson('360giving/grants-covid19-datastore-2020-04-07.json'));
    expect(covid.grants).toHaveLength(49);
    expect(new Set(covid.grants.map((g) => g.funder)).size).toBe(8);
    const baring = readGrantPackage(apiJson('360giving/package-baring-foundation-2016-sample.json'));
    expect(baring.grants.length + baring.skipped).toBe(53);
    expect(readGrantPackage({ nope: [] }).problems[0]!.field).toBe('grants');
  });

  it('puts a line under funding items: who recently funded similar work in the organisation’s places, and how much', async () => {
    const { h, server } = await setUp(true);
    await scanFeeds(h);
    expect(h.store.grants.since('2015-01-01')).toHaveLength(70);
    const agenda = buildAgenda(h, '2016-01', agendaEnrichers(h));
    const [item] = agendaItems(agenda);
    expect(item!.why).toContain('Funded 10 similar projects in Oxford in 2015, median £1,219');
    expect(renderAgendaMarkdown(agenda)).toContain(
      'Funded 10 similar projects in Oxford in 2015, median £1,219',
    );

    // Read once a day, conditionally; a second scan the same day asks nothing.
    h.clock.now = new Date('2016-01-15T12:00:00Z');
    await scanFeeds(h);
    expect(server.requests.filter((r) => r.path === '/grants.json')).toHaveLength(1);
    h.clock.now = new Date('2016-01-16T12:00:00Z');
    expect(await refreshGrants(h)).toBe(70);
    const again = server.requests.filter((r) => r.path === '/grants.json');
    expect(again).toHaveLength(2);
    expect(again[1]!.headers['if-none-match']).toBe('"ocf-1"');
  });

  it('names the funder when the item is from someone else, and says nothing when nothing similar was funded', () => {
    const ocf = readGrantPackage(apiJson(OXFORDSHIRE)).grants.map((g) => ({
      ...g,
      themes: g.id === '360G-ocf-a061600000h4eh0' ? ['children-families'] : ['housing'],
    }));
    const now = new Date('2016-01-15T00:00:00Z');
    expect(fundersLine(ocf, { themes: ['children-families'], places: [], text: 'A new fund', now })).toBe(
      'Oxfordshire Community Foundation funded 1 similar project in 2015, median £500',
    );
    expect(fundersLine(ocf, { themes: ['criminal-justice'], places: [], text: '', now })).toBeNull();
    expect(fundersLine(ocf, { themes: ['children-families'], places: ['Leeds'], text: '', now })).toBeNull();
    // Long ago is not "recently".
    expect(
      fundersLine(ocf, { themes: ['children-families'], places: [], text: '', now: new Date('2030-01-01') }),
    ).toBeNull();
  });

  it('adds nothing when 360Giving is not set, and reports a file that cannot be read', async () => {
    const off = await setUp(false);
    await scanFeeds(off.h);
    const agenda = buildAgenda(off.h, '2016-01', agendaEnrichers(off.h));
    expect(agendaItems(agenda)[0]!.why.join(' ')).not.toMatch(/similar project/);
    expect(off.server.requests.filter((r) => r.path === '/grants.json')).toHaveLength(0);

    const broken = await setUp(true);
    broken.server.route('/grants.json', (_req, res) => void res.writeHead(503).end());
    const report = await scanFeeds(broken.h);
    expect(report.totals.failed).toBe(0);
    expect(serviceHealth(broken.h, GIVING_SERVICE).lastError).toMatch(/503/);
    expect(buildAgenda(broken.h, '2016-01').feedsNeedingAttention).toContainEqual(
      expect.objectContaining({ title: GIVING_SERVICE }),
    );
  });
});
