import { afterEach, describe, expect, it } from 'vitest';
import { hearReply } from '../../src/replies/hear.js';
import { startScheduler } from '../../src/schedule/scheduler.js';
import { type TestHorizon, testHorizon } from '../support/horizon.js';
import { postedMonth } from '../support/posted.js';

describe('reply retention on the schedule', () => {
  let t: TestHorizon;
  afterEach(() => t.close());

  it("the scheduler's poll round deletes reply text past the retention period and keeps the counts", async () => {
    t = testHorizon({ env: { HORIZON_REPLY_RETENTION_DAYS: '30' }, now: '2026-03-10T10:00:00Z' });
    const [a] = await postedMonth(t.h, { platform: 'slack', channels: ['C1'] });
    const reply = (messageRef: string, postedAt: string) =>
      hearReply(t.h, {
        platform: 'slack',
        channelId: 'C1',
        threadRef: a!.threadRef,
        messageRef,
        authorId: 'U1',
        postedAt,
        text: 'We should respond.',
      });
    reply('old', '2026-03-09T10:00:00Z');
    t.clock.now = new Date('2026-04-12T10:00:00Z');
    reply('new', '2026-04-01T10:00:00Z');

    const scheduler = await startScheduler(t.h, () => []);
    try {
      await expect.poll(() => scheduler.health().jobs.poll.lastSuccessAt, { timeout: 10_000 }).not.toBeNull();
    } finally {
      await scheduler.stop();
    }
    expect(t.h.store.replies.forMonth('2026-03').map((r) => [r.messageRef, r.text])).toEqual([
      ['old', null],
      ['new', 'We should respond.'],
    ]);
    expect(t.h.store.replies.statsForMonth('2026-03')).toEqual([
      { itemId: a!.itemId, replies: 2, participants: ['U1'] },
    ]);
  });
});
