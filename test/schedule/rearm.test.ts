import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgendaPublisher, PostedRef } from '../../src/chat/types.js';
import { startScheduler, type Scheduler } from '../../src/schedule/scheduler.js';
import { setAgendaSchedule } from '../../src/schedule/settings.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';

describe('schedule set while the bot runs', () => {
  let t: TestHorizon;
  let scheduler: Scheduler | null = null;

  beforeEach(() => {
    // A controllable clock: timers and the time both move only when the test says so.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date('2026-03-01T08:00:00Z'));
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = null;
    vi.useRealTimers();
    t.close();
  });

  it('re-arms the agenda timer at once: the agenda fires at the new time', async () => {
    t = testHorizon({ now: '2026-03-01T08:00:00Z' });
    t.h.now = () => new Date();
    t.h.store.channels.add({ platform: 'slack', channelId: 'C1', addedBy: 'test' }, t.h.now().toISOString());
    items(t.h, feed(t.h), [
      { title: 'Consultation launched on adult social care charging', publishedAt: '2026-03-01T07:00:00Z' },
    ]);
    // This feed is not due to be read: the scheduler's own scan has nothing to fetch.
    t.db.prepare("UPDATE feeds SET next_fetch_at = '2099-01-01T00:00:00Z'").run();
    const posts: string[] = [];
    const publisher: AgendaPublisher = {
      platform: 'slack',
      minIntervalMs: 0,
      channels: async () => t.h.store.channels.list('slack'),
      async post(_c, part): Promise<PostedRef> {
        posts.push(part.key);
        return { messageRef: String(posts.length), threadRef: '1' };
      },
    };

    // Started at 08:00 on Sunday 1 March with the default rule: the agenda is due on Monday 2 March.
    scheduler = await startScheduler(t.h, () => [publisher]);
    expect(posts).toEqual([]);
    expect(scheduler.nextAgendaAt()?.toISOString()).toBe('2026-03-02T09:00:00.000Z');

    // An admin wants it today at 10:00; the running timer follows without a restart.
    setAgendaSchedule(t.h, 'day 1 10:00');
    expect(scheduler.nextAgendaAt()?.toISOString()).toBe('2026-03-01T10:00:00.000Z');

    await vi.advanceTimersByTimeAsync(Date.parse('2026-03-01T09:59:00Z') - Date.now());
    expect(posts).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(posts).toEqual(['header', 'item:1', 'prompt:1']);
    // The timer is then set for next month's, by the new rule.
    expect(scheduler.nextAgendaAt()?.toISOString()).toBe('2026-04-01T09:00:00.000Z');
  });
});
