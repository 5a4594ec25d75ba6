import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { buildAgenda } from '../../src/agenda/build.js';
import { agendaChart } from '../../src/agenda/chart.js';
import { agendaEnrichers } from '../../src/agenda/enrich.js';
import type { ParsedItem } from '../../src/domain.js';
import { agendaItems } from '../../src/domain.js';
import { createHorizon } from '../../src/horizon.js';
import { runWords } from '../../src/commands/run.js';
import { storeItems } from '../../src/ingest/records.js';
import { tagForFeed } from '../../src/ingest/tagging.js';
import { runHorizon } from '../support/cli.js';
import { feed, items, parsed, type TestHorizon, testHorizon } from '../support/horizon.js';

let t: TestHorizon;
afterEach(() => t.close());

const CONSULTATION = '/government/consultations/carers-leave-review';

/**
 * A month with what makes building an agenda tempting to write: topics that moved since last month, a
 * person's correction, and a consultation that closed after the last scan tagged it as open.
 */
function busyStore(): { path: string; consultationId: number } {
  t = testHorizon({ now: '2026-02-10T09:00:00Z' });
  const f = feed(t.h, { title: 'DHSC', kind: 'policy' });
  items(t.h, f, [
    {
      title: 'Consultation on the Better Care Fund launched',
      summary: 'Views are sought on the Better Care Fund.',
      publishedAt: '2026-02-09T09:00:00Z',
    },
  ]);
  t.clock.now = new Date('2026-03-05T09:00:00Z');
  const ids = items(t.h, f, [
    {
      title: 'Better Care Fund delayed again as watchdog warns of shortfall',
      summary: 'The NAO finds the Better Care Fund criticised and paused.',
      publishedAt: '2026-03-04T09:00:00Z',
    },
    {
      title: 'Family Hubs pilot areas announced',
      summary: 'Pathfinder councils will test and learn.',
      publishedAt: '2026-03-03T09:00:00Z',
    },
  ]);
  t.h.store.items.setCorrectedStage(ids.get('Family Hubs pilot areas announced')!, 'slope');
  const consultation: ParsedItem = {
    ...parsed({ title: "Carers' leave: review", publishedAt: '2026-03-02T09:00:00Z' }),
    link: `https://www.gov.uk${CONSULTATION}`,
    facts: {
      source: 'govuk',
      path: CONSULTATION,
      documentType: 'open_consultation',
      schemaName: 'consultation',
      openingDate: '2026-03-02T09:00:00Z',
      closingDate: '2026-03-12T23:59:00Z',
      outcomeAt: null,
      withdrawnAt: null,
      organisations: [],
      nations: null,
      statisticsState: null,
      releaseDateChanged: false,
    },
  };
  storeItems(t.h.store, f, [consultation], tagForFeed(t.h.tagger, f, t.h.now), {
    now: t.h.now(),
    backfillBefore: null,
  });
  const consultationId = t.h.store.items.ofFeed(f.id).find((i) => i.title === consultation.title)!.id;
  expect(t.h.store.items.get(consultationId)!.tagging.deadline?.date).toBe('2026-03-12');
  // After the consultation closed, with no scan since.
  t.clock.now = new Date('2026-03-20T09:00:00Z');
  return { path: t.h.config.dbPath, consultationId };
}

/** The database file's bytes, after the writer let go of it (so nothing waits in the WAL). */
function bytesAfterClose(path: string): Buffer {
  if (t.h.store.open) t.h.store.close();
  expect(existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).length : 0).toBe(0);
  return readFileSync(path);
}

describe('agenda preview only reads', () => {
  it('leaves the database byte for byte as it was, on a store opened for writing', async () => {
    const { path, consultationId } = busyStore();
    const before = bytesAfterClose(path);

    const h = createHorizon({ env: { HORIZON_DB: path }, now: () => new Date('2026-03-20T09:00:00Z') });
    const agenda = buildAgenda(h, '2026-03', agendaEnrichers(h));
    // It is a real agenda: topics moved, the correction counts, and the closed consultation is shown
    // closed (no open deadline) although the stored tagging still says open.
    expect(agenda.movements).toContainEqual({ topic: 'Better Care Fund', from: 'trigger', to: 'trough' });
    expect(agendaItems(agenda).find((i) => i.title.startsWith('Family Hubs'))?.stage).toBe('slope');
    expect(agenda.deadlines).toEqual([]);
    expect(h.store.items.get(consultationId)!.tagging.deadline?.date).toBe('2026-03-12');
    expect(agendaChart(h, '2026-03')).not.toBeNull();
    const topics = await runWords(h, { platform: 'cli', userId: 'u', isServerCli: true }, ['topics', 'list']);
    expect(topics.title).toMatch(/topics? this month/);
    h.store.close();

    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('works on a store opened read-only, and through `horizon agenda preview`, changing nothing', async () => {
    const { path } = busyStore();
    const before = bytesAfterClose(path);

    const h = createHorizon({
      env: { HORIZON_DB: path },
      readonly: true,
      now: () => new Date('2026-03-20T09:00:00Z'),
    });
    expect(h.store.readonly).toBe(true);
    const reply = await runWords(h, { platform: 'cli', userId: 'u', isServerCli: true }, [
      'agenda',
      'preview',
      '--month',
      '2026-03',
    ]);
    expect(reply.ok).toBe(true);
    expect(agendaItems(reply.agenda!).length).toBeGreaterThan(0);
    expect(reply.agenda!.movements.length).toBeGreaterThan(0);
    h.store.close();

    const env = { HORIZON_DB: path };
    const cli = await runHorizon(['agenda', 'preview', '--month', '2026-03', '--format', 'json'], env);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.text)).toMatchObject({ month: '2026-03' });
    expect((await runHorizon(['topics', 'list', '--json'], env)).code).toBe(0);

    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
