/* eslint-disable @typescript-eslint/no-explicit-any -- activities and cards are JSON from the wire, checked by the assertions */
// A month, end to end, on Teams: the scheduler's agenda run posts through the real adapter to the local
// Bot Framework connector; replies and an action line are heard in the item threads; a decision is made
// with the card's button (a real submit activity); an item corrected after posting is updated in place
// (updateActivity on its own post); the minutes go once, as a card in the header's
// thread; next month's header opens with the open action, its owner mentioned, and what was discussed
// but not decided. Replies arrive as Teams delivers them under resource-specific consent.
import { afterEach, describe, expect, it } from 'vitest';
import { refreshPostedAgenda } from '../../src/agenda/post.js';
import { runMinutesIfDue } from '../../src/minutes/schedule.js';
import { runAgendaIfDue } from '../../src/schedule/scheduler.js';
import { items } from '../support/horizon.js';
import { DISCHARGE, seedMonth } from './month-items.js';
import { cardProblems, cardText } from '../teams/cards.js';
import {
  ADMIN,
  BOT,
  CHANNEL,
  EDITOR,
  MEMBER,
  TENANT,
  cardSubmit,
  channelMessage,
  startTeams,
  type TeamsTest,
} from '../teams/harness.js';

const OWNER = '7d0b8f4e-2a1c-4e5f-9b3a-6c1d2e3f4a5b';
let t: TeamsTest | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

describe('a month on Teams', () => {
  it('runs from agenda to minutes to the next header', async () => {
    t = await startTeams({
      members: {
        [OWNER]: { name: 'Priya Shah' },
        [ADMIN]: { name: 'Ada Admin' },
        [EDITOR]: { name: 'Eve Editor' },
        [MEMBER]: { name: 'Sam Smith' },
      },
    });
    const tt = t;
    tt.clock.now = new Date('2026-03-02T09:00:00Z');
    const { dhsc, carers, watchdog } = seedMonth(tt.h);
    const discharge = DISCHARGE;
    await tt.send(channelMessage(tt, 'channels add here', { user: ADMIN }));

    const march = await runAgendaIfDue(tt.h, [tt.adapter.publisher]);
    expect(march?.channels[0]?.status).toBe('ok');
    const posts = tt.connector.posts(CHANNEL);
    const header = posts[0]!;
    const threadOf = (itemId: number) =>
      posts.find((p) => p.activity.summary === tt.h.store.items.get(itemId)!.title)!.threadId;

    let n = 0;
    // A message in an item's thread, as Teams delivers it under resource-specific consent.
    const reply = async (itemId: number, user: string, name: string, text: string, entities?: unknown[]) => {
      const threadId = threadOf(itemId);
      const activity = {
        type: 'message',
        id: `1772500000${String(++n).padStart(3, '0')}`,
        channelId: 'msteams',
        serviceUrl: tt.connector.url,
        timestamp: '2026-03-03T10:00:00.000Z',
        from: { id: `29:${user}`, aadObjectId: user, name },
        recipient: BOT,
        text,
        textFormat: 'xml',
        ...(entities ? { entities } : {}),
        conversation: { id: threadId, conversationType: 'channel', isGroup: true, tenantId: TENANT },
        channelData: {
          channel: { id: CHANNEL },
          team: { id: CHANNEL, name: 'Leadership' },
          tenant: { id: TENANT },
        },
      };
      expect((await tt.send(activity)).status).toBe(200);
      // The same message delivered again is not counted twice.
      expect((await tt.send(activity)).status).toBe(200);
    };
    await reply(carers, MEMBER, 'Sam Smith', '<p>Our carers survey is the evidence they ask for.</p>');
    await reply(carers, ADMIN, 'Ada Admin', '<p>Agreed.</p>');
    await reply(watchdog, ADMIN, 'Ada Admin', '<p>Worth watching; nothing to do yet.</p>');
    await reply(carers, EDITOR, 'Eve Editor', 'Action: <at>Priya Shah</at> to draft our response by 20 Mar', [
      { type: 'mention', text: '<at>Priya Shah</at>', mentioned: { id: `29:${OWNER}`, name: 'Priya Shah' } },
    ]);
    expect(tt.h.store.replies.statsForMonth('2026-03')).toEqual([
      { itemId: carers, replies: 3, participants: [MEMBER, ADMIN, EDITOR] },
      { itemId: watchdog, replies: 1, participants: [ADMIN] },
    ]);

    // A decision by the card's button, with its owner picked by id and named from the roster.
    await tt.send(
      cardSubmit(
        tt,
        {
          horizon: 'record-decision',
          itemId: carers,
          month: '2026-03',
          kind: 'decision',
          decision: 'Respond to the consultation',
          owner: OWNER,
          dueDate: '2026-03-25',
        },
        { conversationId: threadOf(carers), replyToId: 'x' },
        { user: EDITOR },
      ),
    );
    expect(tt.h.store.decisions.forMonth('2026-03').map((d) => [d.kind, d.owner, d.ownerName])).toEqual([
      ['action', OWNER, 'Priya Shah'],
      ['decision', OWNER, 'Priya Shah'],
    ]);

    // The department corrects a title after posting: the next scan reads it again, and the item's own post
    // is updated in place (its ids), with one line in its thread, rather than posted again.
    const dischargePost = posts.find((p) => p.activity.summary === discharge.title)!;
    const postCount = tt.connector.posts(CHANNEL).length;
    items(tt.h, dhsc, [{ ...discharge, title: `${discharge.title} in April` }]);
    await refreshPostedAgenda(tt.h, [tt.adapter.publisher], { sleep: async () => undefined });
    const updates = tt.connector.callsOf('update');
    expect(updates.map((u) => [u.conversationId, u.activityId])).toEqual([
      [dischargePost.threadId, dischargePost.id],
    ]);
    const updated = tt.connector.posts(CHANNEL).find((p) => p.id === dischargePost.id)!;
    expect(JSON.stringify(updated.activity.attachments)).toContain(`${discharge.title} in April`);
    expect(tt.connector.posts(CHANNEL)).toHaveLength(postCount);
    expect(updated.replies.filter((r) => String(r.activity.text).startsWith('Updated:'))).toHaveLength(1);

    tt.clock.now = new Date('2026-03-09T09:30:00Z');
    await runMinutesIfDue(tt.h, [tt.adapter.publisher]);
    await runMinutesIfDue(tt.h, [tt.adapter.publisher]);
    const minutes = header.replies
      .map((r) => r.activity)
      .filter((a: any) => a.attachments?.[0]?.content?.fallbackText?.startsWith('Minutes'));
    expect(minutes).toHaveLength(1);
    const card = minutes[0].attachments[0].content;
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card).join('\n');
    expect(text).toContain(`(#${carers}): 3 replies from 3 people`);
    expect(text).toContain(`(#${watchdog}): 1 reply from 1 person`);
    expect(text).toContain(
      '**Decision** (open): Respond to the consultation (<at>Priya Shah</at>, due 25 Mar 2026)',
    );
    expect(text).toContain('Not discussed');
    expect(card.msteams.entities[0].mentioned).toEqual({ id: OWNER, name: 'Priya Shah' });

    const [, decision] = tt.h.store.decisions.forMonth('2026-03');
    tt.h.store.decisions.setStatus(decision!.id, 'done', ADMIN, '2026-03-26T10:00:00Z');

    tt.clock.now = new Date('2026-04-06T08:00:00Z');
    const april = await runAgendaIfDue(tt.h, [tt.adapter.publisher]);
    expect(april?.channels[0]?.status).toBe('ok');
    const aprilHeader = tt.connector
      .posts(CHANNEL)
      .find((p) => p.activity.summary === 'Horizon scan: 2026-04')!;
    const head = aprilHeader.activity.attachments[0].content;
    expect(cardProblems(head)).toEqual([]);
    const headText = cardText(head).join('\n');
    expect(headText).toContain("Last month's decisions and actions");
    expect(headText).toMatch(
      /\*\*open\*\*: .*draft our response \(owner <at>Priya Shah<\/at>, due 20 Mar 2026\)/,
    );
    expect(headText).toContain('**done**: Respond to the consultation');
    expect(headText).toContain('Discussed last month, not yet decided');
    expect(headText).toContain(`(#${watchdog}): 1 reply`);
  });
});
