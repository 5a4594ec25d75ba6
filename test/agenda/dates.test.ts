import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAgenda } from '../../src/agenda/build.js';
import { renderAgendaMarkdown } from '../../src/agenda/render/markdown.js';
import { agendaItems } from '../../src/domain.js';
import { projectPath } from '../../src/paths.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';

let t: TestHorizon;
afterEach(() => t.close());

describe('an agenda that is never wrong about dates', () => {
  it('never presents a closed call as open', () => {
    t = testHorizon({ now: '2020-07-06T08:00:00Z' });
    const f = feed(t.h, { title: 'Funding calls', kind: 'funding' });
    const ids = items(t.h, f, [
      {
        title: 'Local Digital Fund opens for local authorities',
        summary:
          'Grants of up to £100,000. The deadline to submit an expression of interest is 5 October 2018.',
        publishedAt: '2020-07-02T09:00:00Z',
      },
      {
        title: 'Community grants open for applications',
        summary: 'Grants of up to £10,000. The deadline for applications is 31 August 2020.',
        publishedAt: '2020-07-03T09:00:00Z',
      },
    ]);
    const agenda = buildAgenda(t.h, '2020-07');
    const titles = agendaItems(agenda).map((i) => i.title);
    expect(titles).toContain('Community grants open for applications');
    expect(titles).not.toContain('Local Digital Fund opens for local authorities');
    expect(agenda.deadlines.map((d) => d.itemId)).toEqual([
      ids.get('Community grants open for applications'),
    ]);

    // Added by hand, the closed call is shown, marked closed.
    t.h.store.agendas.setOverride(
      '2020-07',
      ids.get('Local Digital Fund opens for local authorities')!,
      'add',
      'U1',
      t.h.now().toISOString(),
    );
    const again = buildAgenda(t.h, '2020-07');
    const closed = agendaItems(again).find((i) => i.title.startsWith('Local Digital Fund'))!;
    expect(closed.closed).toBe(true);
    expect(closed.why).toContain('Closed 5 Oct 2018');
    expect(renderAgendaMarkdown(again)).toContain('Closed 5 Oct 2018');
  });

  it('never shows an item published after the moment it is built (a replay)', () => {
    t = testHorizon({ now: '2020-07-06T08:00:00Z' });
    const f = feed(t.h, { title: 'Funding calls', kind: 'funding' });
    items(t.h, f, [
      {
        title: 'Grants of up to £1 million for recovery',
        summary: 'The closing date for applications is 11am on the 11th November 2020.',
        publishedAt: '2020-08-20T09:00:00Z',
      },
      {
        title: 'Funding to support veterans',
        summary:
          'The deadline for applications is 12 noon on 25 August 2020. Money comes from the Armed Forces Covenant Fund.',
        publishedAt: '2020-07-27T09:00:00Z',
      },
      {
        title: 'Carers strategy consultation launched',
        summary: 'It asks how the Carers Action Plan has worked.',
        publishedAt: '2020-07-02T09:00:00Z',
      },
    ]);
    const agenda = buildAgenda(t.h, '2020-07');
    expect(agendaItems(agenda).map((i) => i.title)).toEqual(['Carers strategy consultation launched']);
    expect(agenda.deadlines).toEqual([]);
    // Nor does the month's chart: topics, linked when each item was stored, count only items known by now.
    const topicsNow = () => t.h.store.topics.forMonth('2020-07', t.h.now().toISOString()).map((x) => x.name);
    expect(topicsNow()).toEqual(['Carers Action Plan']);
    // Once the clock reaches the later item, it is this month's news.
    t.clock.now = new Date('2020-07-28T08:00:00Z');
    expect(agendaItems(buildAgenda(t.h, '2020-07')).map((i) => i.title)).toContain(
      'Funding to support veterans',
    );
    expect(topicsNow()).toEqual(['Armed Forces Covenant Fund', 'Carers Action Plan']);
  });

  it('keeps old undated items out of this month and undated items behind dated ones', () => {
    t = testHorizon({ now: '2020-07-06T08:00:00Z' });
    const f = feed(t.h, { title: 'NHS England', kind: 'policy' });
    items(t.h, f, [
      {
        title: 'Integrated care pioneers announced',
        summary: 'National partners announced the pioneers programme.',
        link: 'https://www.england.nhs.uk/2013/11/interg-care-pioneers/',
      },
      {
        title: 'Care Act 2014 consultation',
        summary:
          'The Department of Health is seeking views on the 2014 Care Act. A further consultation on the reforms that come into effect from April 2016 will take place this autumn.',
      },
      {
        title: 'Pilot pathfinder areas announced for integrated care',
        summary: 'Pilots will test the approach.',
      },
      {
        title: 'Watchdog warns social care reform delayed again',
        summary: 'The NAO finds a shortfall.',
        publishedAt: '2020-07-03T10:00:00Z',
      },
    ]);
    const titles = agendaItems(buildAgenda(t.h, '2020-07')).map((i) => i.title);
    expect(titles).not.toContain('Integrated care pioneers announced');
    expect(titles).not.toContain('Care Act 2014 consultation');
    expect(titles).toEqual(
      expect.arrayContaining([
        'Watchdog warns social care reform delayed again',
        'Pilot pathfinder areas announced for integrated care',
      ]),
    );
    expect(buildAgenda(t.h, '2020-07').candidateCount).toBe(2);
  });

  it('resolves a year-less, weekday-named closing date in an undated item to the year it was a Friday', () => {
    t = testHorizon({ now: '2020-07-06T08:00:00Z' });
    const f = feed(t.h, { title: 'Consultations', kind: 'policy' });
    const ids = items(t.h, f, [
      { title: 'Care Act consultation', summary: 'The consultation closes on Friday 15 August.' },
    ]);
    const row = t.db
      .prepare('SELECT deadline_date, deadline_kind FROM items WHERE id = ?')
      .get(ids.get('Care Act consultation')) as {
      deadline_date: string;
      deadline_kind: string;
    };
    expect(row).toEqual({ deadline_date: '2014-08-15', deadline_kind: 'consultation' });
  });

  it('lists funding calls and consultations closing under their own headings, with days left', () => {
    t = testHorizon({ now: '2026-03-10T10:00:00Z' });
    const f = feed(t.h, { title: 'GOV.UK', kind: 'policy' });
    items(t.h, f, [
      {
        title: 'Consultation on carers leave',
        summary: 'We are seeking views. The consultation closes on 31 March 2026.',
        publishedAt: '2026-03-02T10:00:00Z',
      },
      {
        title: 'Community Fund reopens',
        summary: 'Grants of up to £10,000. The deadline for applications is 20 April 2026.',
        publishedAt: '2026-03-03T10:00:00Z',
      },
    ]);
    const agenda = buildAgenda(t.h, '2026-03');
    expect(agenda.deadlines.map((d) => [d.kind, d.daysLeft])).toEqual([
      ['consultation', 21],
      ['funding', 41],
    ]);
    const md = renderAgendaMarkdown(agenda);
    const funding = md.indexOf('## Funding closing');
    const consultations = md.indexOf('## Consultations and calls for evidence closing');
    expect(funding).toBeGreaterThan(-1);
    expect(consultations).toBeGreaterThan(funding);
    expect(md.slice(funding, consultations)).toContain('Community Fund reopens');
    expect(md.slice(funding, consultations)).toContain('in 41 days');
    expect(md.slice(consultations)).toContain('Consultation on carers leave');
    expect(md.slice(consultations)).toContain('in 21 days');
    expect(md).not.toContain('Funding deadlines');
  });
});

describe('one taxonomy', () => {
  it('takes tactics, prompts and theme names from HORIZON_TAXONOMY', () => {
    const shipped = readFileSync(projectPath('config/taxonomy.yaml'), 'utf8');
    const custom = shipped
      .replace(
        'Get in early: set the agenda, and put forward a compelling case where there is a gap in policy.',
        'Write to our MP before the committee sits.',
      )
      .replace('label: Adult social care and carers', 'label: Care and carers (our wording)');
    expect(custom).toContain('Write to our MP before the committee sits.');
    const path = join(mkdtempSync(join(tmpdir(), 'horizon-taxonomy-')), 'taxonomy.yaml');
    writeFileSync(path, custom);
    t = testHorizon({ now: '2026-03-10T10:00:00Z', env: { HORIZON_TAXONOMY: path } });
    const f = feed(t.h, { title: 'DHSC', kind: 'policy' });
    items(t.h, f, [
      {
        title: 'Government launches consultation on carers leave',
        summary: 'Adult social care and unpaid carers.',
        publishedAt: '2026-03-02T10:00:00Z',
      },
    ]);
    const agenda = buildAgenda(t.h, '2026-03');
    const md = renderAgendaMarkdown(agenda);
    expect(md).toContain('Write to our MP before the committee sits.');
    expect(md).toContain('Care and carers (our wording)');
  });
});
