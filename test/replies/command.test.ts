import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { hearReply } from '../../src/replies/hear.js';
import { type TestHorizon, testHorizon } from '../support/horizon.js';
import { postedMonth } from '../support/posted.js';

describe('replies delete --month', () => {
  let t: TestHorizon;
  afterEach(() => t.close());

  it('lets an admin delete a month of recorded replies, and no one else', async () => {
    t = testHorizon({ env: { HORIZON_ADMINS: 'UADMIN', HORIZON_EDITORS: 'UEDIT' } });
    const [a] = await postedMonth(t.h, { platform: 'slack', channels: ['C1'] });
    for (const ref of ['m1', 'm2'])
      hearReply(t.h, {
        platform: 'slack',
        channelId: 'C1',
        threadRef: a!.threadRef,
        messageRef: ref,
        authorId: 'U1',
        postedAt: '2026-03-10T09:00:00Z',
        text: 'A reply',
      });
    const as = (userId: string) => ({ platform: 'slack', userId });

    const refused = await runCommand(t.h, as('UEDIT'), 'replies delete --month 2026-03');
    expect(refused).toMatchObject({ ok: false, title: expect.stringMatching(/Only admins/) });
    expect(t.h.store.replies.forMonth('2026-03')).toHaveLength(2);

    expect(await runCommand(t.h, as('UADMIN'), 'replies delete')).toMatchObject({
      ok: false,
      title: expect.stringMatching(/Which month/),
    });
    expect(await runCommand(t.h, as('UADMIN'), 'replies delete --month March')).toMatchObject({
      ok: false,
      hint: expect.stringMatching(/YYYY-MM/),
    });
    expect(await runCommand(t.h, as('UADMIN'), 'replies delete --month 2026-03')).toMatchObject({
      ok: true,
      title: 'Deleted 2 recorded replies from the March 2026 agenda threads.',
    });
    expect(t.h.store.replies.forMonth('2026-03')).toEqual([]);
    expect((await runCommand(t.h, as('UADMIN'), 'replies delete --month 2026-03')).title).toMatch(
      /nothing to delete/,
    );
  });
});
