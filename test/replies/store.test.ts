import { afterEach, describe, expect, it } from 'vitest';
import { hearDeletion, hearEdit, hearReply, purgeExpiredReplyText } from '../../src/replies/hear.js';
import { threadItem } from '../../src/replies/thread.js';
import { type TestHorizon, testHorizon } from '../support/horizon.js';
import { postedMonth } from '../support/posted.js';

const reply = (threadRef: string, messageRef: string, o: Partial<Parameters<typeof hearReply>[1]> = {}) => ({
  platform: 'slack',
  channelId: 'C1',
  threadRef,
  messageRef,
  authorId: 'U1',
  postedAt: '2026-03-10T09:00:00Z',
  text: 'We should respond to this consultation.',
  ...o,
});

describe('replies in agenda threads', () => {
  let t: TestHorizon;
  afterEach(() => t.close());

  it('finds the item a thread belongs to through the posts ledger, only in SMT channels', async () => {
    t = testHorizon();
    const threads = await postedMonth(t.h, { platform: 'slack', channels: ['C1', 'C2'] });
    expect(threads).toHaveLength(6);
    const first = threads[0]!;
    expect(threadItem(t.h, 'slack', first.channelId, first.threadRef)).toMatchObject({
      month: '2026-03',
      itemId: first.itemId,
    });
    // Another platform, another channel, a thread Horizon did not start: nothing.
    expect(threadItem(t.h, 'teams', first.channelId, first.threadRef)).toBeNull();
    expect(threadItem(t.h, 'slack', 'C9', first.threadRef)).toBeNull();
    expect(threadItem(t.h, 'slack', 'C1', '1111.2222')).toBeNull();
    // The header's thread is no item's.
    const header = t.db
      .prepare("SELECT thread_ref FROM posts WHERE part = 'header' AND channel_id = 'C1'")
      .get() as {
      thread_ref: string;
    };
    expect(threadItem(t.h, 'slack', 'C1', header.thread_ref)).toBeNull();
    // A channel removed from the SMT list is heard no more.
    t.h.store.channels.remove('slack', 'C2');
    const inC2 = threads.find((x) => x.channelId === 'C2')!;
    expect(threadItem(t.h, 'slack', 'C2', inC2.threadRef)).toBeNull();
    expect(
      t.h.store.posts
        .itemThreadsForMonth('2026-03', 'slack')
        .map((x) => x.itemId)
        .sort(),
    ).toEqual(threads.map((x) => x.itemId).sort());
    expect(t.h.store.posts.itemThreadsForMonth('2026-04', 'slack')).toEqual([]);
  });

  it('records each message once, mirrors edits and deletions, and counts per item', async () => {
    t = testHorizon();
    const threads = await postedMonth(t.h, { platform: 'slack', channels: ['C1'] });
    const [a, b] = threads;
    expect(hearReply(t.h, reply(a!.threadRef, '1773000100.000001')).status).toBe('recorded');
    expect(hearReply(t.h, reply(a!.threadRef, '1773000100.000001')).status).toBe('already');
    expect(hearReply(t.h, reply(a!.threadRef, '1773000100.000002', { authorId: 'U2' })).status).toBe(
      'recorded',
    );
    expect(hearReply(t.h, reply(a!.threadRef, '1773000100.000003')).status).toBe('recorded');
    expect(hearReply(t.h, reply(b!.threadRef, '1773000100.000004', { authorId: 'U3' })).status).toBe(
      'recorded',
    );
    expect(hearReply(t.h, reply('1111.2222', '1773000100.000005')).status).toBe('ignored');
    expect(hearReply(t.h, reply(a!.threadRef, '1773000100.000006', { channelId: 'C7' })).status).toBe(
      'ignored',
    );

    expect(t.h.store.replies.statsForMonth('2026-03')).toEqual([
      { itemId: a!.itemId, replies: 3, participants: ['U1', 'U2'] },
      { itemId: b!.itemId, replies: 1, participants: ['U3'] },
    ]);

    const key = { platform: 'slack', channelId: 'C1', messageRef: '1773000100.000001' };
    hearEdit(t.h, {
      ...reply(a!.threadRef, key.messageRef, { text: 'Respond by Friday.' }),
      editedAt: '2026-03-10T09:05:00Z',
    });
    // A late delivery of an older edit does not undo the newer one.
    hearEdit(t.h, {
      ...reply(a!.threadRef, key.messageRef, { text: 'stale' }),
      editedAt: '2026-03-10T09:01:00Z',
    });
    expect(t.h.store.replies.get(key)).toMatchObject({
      text: 'Respond by Friday.',
      editedAt: '2026-03-10T09:05:00Z',
    });
    // An edit of a reply never heard (written while down) records it as it now reads.
    expect(
      hearEdit(t.h, {
        ...reply(b!.threadRef, '1773000100.000009', { text: 'late' }),
        editedAt: '2026-03-10T09:06:00Z',
      }).status,
    ).toBe('recorded');

    expect(hearDeletion(t.h, key)).toBe(true);
    expect(hearDeletion(t.h, key)).toBe(false);
    expect(t.h.store.replies.get(key)).toBeNull();
    expect(t.h.store.replies.forMonth('2026-03').map((r) => r.messageRef)).toEqual([
      '1773000100.000002',
      '1773000100.000003',
      '1773000100.000004',
      '1773000100.000009',
    ]);
    expect(t.h.store.replies.statsForMonth('2026-03')[0]).toEqual({
      itemId: a!.itemId,
      replies: 2,
      participants: ['U2', 'U1'],
    });
  });

  it('keeps text only for the retention period, and counts after it; an admin can delete a month', async () => {
    t = testHorizon({ env: { HORIZON_REPLY_RETENTION_DAYS: '30' }, now: '2026-03-10T10:00:00Z' });
    const [a] = await postedMonth(t.h, { platform: 'slack', channels: ['C1'] });
    hearReply(t.h, reply(a!.threadRef, 'm1', { postedAt: '2026-03-02T09:00:00Z' }));
    hearReply(t.h, reply(a!.threadRef, 'm2', { postedAt: '2026-03-09T09:00:00Z', authorId: 'U2' }));
    // Heard late (catch-up), already past retention: its text is never stored.
    hearReply(t.h, reply(a!.threadRef, 'm0', { postedAt: '2026-01-20T09:00:00Z', authorId: 'U3' }));
    expect(t.h.store.replies.forMonth('2026-03').map((r) => [r.messageRef, r.text !== null])).toEqual([
      ['m0', false],
      ['m1', true],
      ['m2', true],
    ]);

    t.clock.now = new Date('2026-04-05T10:00:00Z');
    expect(purgeExpiredReplyText(t.h)).toBe(1);
    expect(purgeExpiredReplyText(t.h)).toBe(0);
    expect(t.h.store.replies.forMonth('2026-03').map((r) => r.text === null)).toEqual([true, true, false]);
    expect(t.h.store.replies.statsForMonth('2026-03')).toEqual([
      { itemId: a!.itemId, replies: 3, participants: ['U3', 'U1', 'U2'] },
    ]);

    expect(t.h.store.replies.deleteMonth('2026-04')).toBe(0);
    expect(t.h.store.replies.deleteMonth('2026-03')).toBe(3);
    expect(t.h.store.replies.statsForMonth('2026-03')).toEqual([]);
  });

  it('keeps no text at all when the retention is 0, and refuses a retention that is not a number of days', async () => {
    t = testHorizon({ env: { HORIZON_REPLY_RETENTION_DAYS: '0' } });
    const [a] = await postedMonth(t.h, { platform: 'slack', channels: ['C1'] });
    hearReply(t.h, reply(a!.threadRef, 'm1', { postedAt: t.h.now().toISOString() }));
    expect(t.h.store.replies.forMonth('2026-03')[0]).toMatchObject({ text: null, authorId: 'U1' });
    expect(() => testHorizon({ env: { HORIZON_REPLY_RETENTION_DAYS: 'ninety' } })).toThrow(
      /HORIZON_REPLY_RETENTION_DAYS/,
    );
    expect(() => testHorizon({ env: { HORIZON_REPLY_RETENTION_DAYS: '-1' } })).toThrow(
      /HORIZON_REPLY_RETENTION_DAYS/,
    );
    const blank = testHorizon({ env: { HORIZON_REPLY_RETENTION_DAYS: '' } });
    expect(blank.h.config.replyRetentionDays).toBe(90);
    blank.close();
  });
});
