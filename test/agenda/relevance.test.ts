import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { buildTagger } from '../../src/horizon.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';

describe("learning from the team's “Not relevant” marks", () => {
  let t: TestHorizon;
  afterEach(() => t.close());

  it('stores a lower relevance for items like those the team dismissed', async () => {
    t = testHorizon({ env: { HORIZON_EDITORS: 'U-ED' } });
    t.h.tagger = buildTagger(t.h.store, t.h.config, t.h.now);
    const f = feed(t.h);
    const old = items(t.h, f, [
      { title: 'Motorway service area planning consultation', publishedAt: '2026-02-02T09:00:00Z' },
      { title: 'Motorway speed limit review launched', publishedAt: '2026-02-03T09:00:00Z' },
      { title: 'Consultation on motorway lighting standards', publishedAt: '2026-02-04T09:00:00Z' },
      { title: 'Motorway roadworks guidance updated', publishedAt: '2026-02-05T09:00:00Z' },
      { title: 'Young carers respite funding consultation', publishedAt: '2026-02-06T09:00:00Z' },
      { title: 'Carers allowance review launched', publishedAt: '2026-02-07T09:00:00Z' },
    ]);
    for (const title of [...old.keys()].filter((k) => k.toLowerCase().includes('motorway'))) {
      expect(
        (await runCommand(t.h, { platform: 'slack', userId: 'U-ED' }, `tag ${old.get(title)} not-relevant`))
          .ok,
      ).toBe(true);
    }
    const fresh = items(t.h, f, [
      { title: 'New motorway junction consultation', publishedAt: '2026-03-02T09:00:00Z' },
      { title: 'Consultation on support for young carers', publishedAt: '2026-03-02T09:00:00Z' },
    ]);
    const motorway = t.h.store.items.get(fresh.get('New motorway junction consultation')!)!;
    const carers = t.h.store.items.get(fresh.get('Consultation on support for young carers')!)!;
    expect(motorway.tagging.relevance).toBeDefined();
    expect(motorway.tagging.relevance!).toBeLessThan(carers.tagging.relevance ?? 1);
  });
});
