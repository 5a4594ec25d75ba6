import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { agendaItems } from '../../src/domain.js';
import type { Horizon } from '../../src/context.js';
import { createStore } from '../../src/store/index.js';
import { startScheduler } from '../../src/schedule/scheduler.js';
import { feed, items, testHorizon, type TestHorizon } from '../support/horizon.js';
import { startSlackApi, type FakeSlack } from '../support/slack-api-server.js';

const TRIALS = 50;
const TOKEN = 'xoxb-test-token';
// The agenda rule's day has passed, so the agenda is due the moment a scheduler starts.
const NOW = '2026-03-20T09:00:00Z';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startSlackApi({ botToken: TOKEN });
});
afterAll(async () => {
  await slack.close();
});

function seed(t: TestHorizon): void {
  const f = feed(t.h, { title: 'Department of Health and Social Care', kind: 'policy' });
  items(t.h, f, [
    {
      title: 'Government launches consultation on support for unpaid carers',
      publishedAt: '2026-03-03T10:00:00Z',
    },
    { title: 'Watchdog warns social care reforms delayed again', publishedAt: '2026-03-05T10:00:00Z' },
  ]);
  // No feed is due, so the schedulers' first poll stays off the network.
  t.db.prepare("UPDATE feeds SET next_fetch_at = '2999-01-01T00:00:00Z'").run();
}

/** A second `horizon start` on the same database: its own connection, its own Slack client. */
function secondProcess(t: TestHorizon): Horizon {
  return { ...t.h, store: createStore(t.h.config.dbPath) };
}

function tally(channel: string, t: TestHorizon) {
  const agenda = t.h.store.agendas.get('2026-03')!.agenda!;
  const expected = [
    'header',
    ...agendaItems(agenda).flatMap((i) => [`item:${i.itemId}`, `prompt:${i.itemId}`]),
  ];
  const seen = new Map<string, number>();
  for (const m of slack.messages(channel))
    for (const msg of [m, ...slack.replies(channel, m.ts)]) {
      const part = msg.metadata?.event_payload.part;
      if (typeof part === 'string') seen.set(part, (seen.get(part) ?? 0) + 1);
    }
  return {
    duplicates: [...seen.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
    missing: expected.filter((p) => !seen.has(p)).length,
  };
}

describe('two `horizon start` schedulers on one database, the agenda due at start-up', () => {
  it(`only one runs the schedule, and every part is posted exactly once, in ${TRIALS} trials`, async () => {
    const results = await Promise.all(
      Array.from({ length: TRIALS }, async (_, i) => {
        const channel = `CSCHED${String(i).padStart(3, '0')}`;
        const t = testHorizon({
          now: NOW,
          env: { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.url, HORIZON_SLACK_CHANNELS: channel },
        });
        seed(t);
        const hs = [t.h, secondProcess(t)];
        const adapters = hs.map((h) => createSlackAdapter(h, { publishOnly: true, minIntervalMs: 0 })!);
        const schedulers = await Promise.all(
          hs.map((h, k) => startScheduler(h, () => [adapters[k]!.publisher], { leaseTtlMs: 3000 })),
        );
        const leaders = schedulers.filter((s) => s.isLeader()).length;
        for (const s of schedulers) await s.stop();
        const result = { leaders, ...tally(channel, t) };
        hs[1]!.store.close();
        t.close();
        return result;
      }),
    );
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(0);
    expect(results.reduce((n, r) => n + r.missing, 0)).toBe(0);
    expect(results.every((r) => r.leaders === 1)).toBe(true);
  }, 60_000);

  it('a standing-by process takes over the schedule when the leader stops renewing its lease', async () => {
    const t = testHorizon({
      now: NOW,
      env: { SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.url, HORIZON_SLACK_CHANNELS: 'CTAKEOVER' },
    });
    seed(t);
    const other = secondProcess(t);
    const first = await startScheduler(t.h, () => [], { leaseTtlMs: 150 });
    const second = await startScheduler(other, () => [], { leaseTtlMs: 150 });
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);
    expect(second.health().detail).toMatch(/standing by/);
    await first.stop();
    await new Promise((r) => setTimeout(r, 400));
    expect(second.isLeader()).toBe(true);
    await second.stop();
    other.store.close();
    t.close();
  });
});
