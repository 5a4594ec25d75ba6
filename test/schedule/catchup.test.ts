import { afterEach, describe, expect, it } from 'vitest';
import type { AgendaPublisher, PostedRef } from '../../src/chat/types.js';
import { postAgenda } from '../../src/agenda/post.js';
import { runAgendaIfDue, sendDraftNoticeIfDue, alertFailingFeeds } from '../../src/schedule/scheduler.js';
import { nextAgendaAt } from '../../src/schedule/settings.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';

function recorder(t: TestHorizon) {
  const posts: string[] = [];
  const notices: string[] = [];
  let seq = 0;
  const publisher: AgendaPublisher = {
    platform: 'slack',
    minIntervalMs: 0,
    channels: async () => t.h.store.channels.list('slack'),
    async post(_c, part): Promise<PostedRef> {
      posts.push(part.key);
      return { messageRef: String(++seq), threadRef: String(seq) };
    },
    async notifyAdmins(m) {
      notices.push(m);
    },
  };
  return { publisher, posts, notices };
}

describe('the agenda after downtime', () => {
  let t: TestHorizon;
  afterEach(() => t.close());

  function setup(now: string) {
    t = testHorizon({ now });
    t.h.store.channels.add({ platform: 'slack', channelId: 'C1', addedBy: 'test' }, now);
    items(t.h, feed(t.h), [
      { title: 'Consultation launched on adult social care charging', publishedAt: '2026-03-01T12:00:00Z' },
    ]);
    return recorder(t);
  }

  it('moves "next agenda" on to next month once this month\'s is posted early', async () => {
    const r = setup('2026-03-01T10:00:00Z');
    expect(nextAgendaAt(t.h)?.toISOString()).toBe('2026-03-02T09:00:00.000Z');
    await postAgenda(t.h, [r.publisher], { month: '2026-03', sleep: async () => {} });
    expect(nextAgendaAt(t.h)?.toISOString()).toBe('2026-04-06T08:00:00.000Z');
  });

  it('does nothing before the first Monday', async () => {
    const r = setup('2026-03-02T08:59:00Z');
    expect(await runAgendaIfDue(t.h, [r.publisher])).toBeNull();
    expect(r.posts).toEqual([]);
  });

  it('posts a missed agenda once when the bot comes back, and not again', async () => {
    const r = setup('2026-03-02T08:00:00Z');
    t.clock.now = new Date('2026-03-04T15:00:00Z'); // down over the first Monday
    const report = await runAgendaIfDue(t.h, [r.publisher]);
    expect(report?.month).toBe('2026-03');
    expect(r.posts).toEqual(['header', expect.stringMatching(/^item:/), expect.stringMatching(/^prompt:/)]);
    t.clock.now = new Date('2026-03-04T16:00:00Z');
    expect(await runAgendaIfDue(t.h, [r.publisher])).toBeNull();
    expect(r.posts).toHaveLength(3);
  });

  it('sends editors the draft to review three days before, once', async () => {
    const r = setup('2026-02-27T10:00:00Z');
    // The March agenda is due 2 March; on 27 February we are still in February's month.
    t.clock.now = new Date('2026-03-01T10:00:00Z');
    expect(await sendDraftNoticeIfDue(t.h, [r.publisher])).toBe(true);
    expect(await sendDraftNoticeIfDue(t.h, [r.publisher])).toBe(false);
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]).toMatch(/draft .* March 2026 is ready/i);
  });

  it('tells admins about a feed only once it has failed for a day, and only once', async () => {
    const r = setup('2026-03-10T10:00:00Z');
    const broken = feed(t.h, { title: 'Broken council feed' });
    t.h.store.feeds.recordFailure(broken.id, {
      now: '2026-03-10T10:00:00Z',
      nextFetchAt: '2026-03-10T10:15:00Z',
      error: 'HTTP 500',
    });
    expect(await alertFailingFeeds(t.h, [r.publisher])).toBe(0);
    t.clock.now = new Date('2026-03-11T11:00:00Z');
    expect(await alertFailingFeeds(t.h, [r.publisher])).toBe(1);
    expect(r.notices[0]).toMatch(/Broken council feed .*HTTP 500/);
    expect(await alertFailingFeeds(t.h, [r.publisher])).toBe(0);
  });
});
