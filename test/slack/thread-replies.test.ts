import { afterEach, describe, expect, it } from 'vitest';
import { postAgenda } from '../../src/agenda/post.js';
import type { Horizon } from '../../src/context.js';
import { feed, items } from '../support/horizon.js';
import { ADMIN, EDITOR, MEMBER, slackStack, type SlackStack } from './harness.js';

const NOW = '2026-03-20T09:00:00Z';
const SMT = 'CSMT0001';
const OTHER = 'COTHER01';
const OUTSIDER = 'UOUTSIDE';
let s: SlackStack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

function seedMonth(h: Horizon): void {
  const policy = feed(h, { title: 'DHSC', kind: 'policy' });
  items(h, policy, [
    {
      title: 'Government launches consultation on support for unpaid carers',
      publishedAt: '2026-03-03T10:00:00Z',
    },
    { title: 'Watchdog warns social care reforms delayed again', publishedAt: '2026-03-05T10:00:00Z' },
  ]);
}

/** A stack with this month's agenda posted in the SMT channel; returns the item threads (ts → item id). */
async function posted(): Promise<{ s: SlackStack; threads: { ts: string; itemId: number }[] }> {
  const stack = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
  seedMonth(stack.h);
  const report = await postAgenda(stack.h, [stack.adapter.publisher], { sleep: async () => undefined });
  expect(report.channels[0]?.status).toBe('ok');
  const threads = stack.api
    .messages(SMT)
    .filter((m) => String(m.metadata?.event_payload.part).startsWith('item:'))
    .map((m) => ({ ts: m.ts, itemId: Number(String(m.metadata!.event_payload.part).slice(5)) }));
  stack.api.setMembers(SMT, [ADMIN, EDITOR, MEMBER, 'UBOT']);
  stack.api.setMembers(OTHER, [ADMIN, EDITOR, MEMBER]);
  return { s: stack, threads };
}

function replyEvent(o: {
  channel?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts: string;
  bot_id?: string;
}) {
  return {
    type: 'message',
    channel: o.channel ?? SMT,
    channel_type: 'channel',
    user: o.user ?? MEMBER,
    text: o.text ?? 'We should respond before the deadline.',
    ts: o.ts,
    thread_ts: o.thread_ts,
    ...(o.bot_id ? { bot_id: o.bot_id, subtype: 'bot_message' } : {}),
  };
}

const count = (s: SlackStack) =>
  (s.th.db.prepare('SELECT COUNT(*) AS n FROM replies').get() as { n: number }).n;

async function settle(s: SlackStack, check: () => boolean): Promise<void> {
  await s.api.waitFor(() => check() || null, 5000);
}

describe('replies in Slack agenda threads', () => {
  it('records a reply once across retries and duplicate deliveries, and mirrors edits and deletions', async () => {
    const p = await posted();
    s = p.s;
    const [a, b] = p.threads;
    const ev = replyEvent({ ts: '1773999000.000100', thread_ts: a!.ts });
    expect((await s.event(ev, { eventId: 'EvR1' })).status).toBe(200);
    await settle(s, () => count(s!) === 1);
    // Slack retries the same event (it thought we were slow), and delivers the message again under a new id.
    expect((await s.event(ev, { eventId: 'EvR1', retryNum: 1 })).status).toBe(200);
    expect((await s.event(ev, { eventId: 'EvR1', retryNum: 2 })).status).toBe(200);
    await s.event(ev, { eventId: 'EvR1-again' });
    await s.event(replyEvent({ ts: '1773999000.000200', thread_ts: a!.ts, user: ADMIN }), {
      eventId: 'EvR2',
    });
    await s.event(replyEvent({ ts: '1773999000.000300', thread_ts: b!.ts, user: ADMIN }), {
      eventId: 'EvR3',
    });
    await settle(s, () => count(s!) === 3);
    expect(s.h.store.replies.statsForMonth('2026-03')).toEqual([
      { itemId: a!.itemId, replies: 2, participants: [MEMBER, ADMIN] },
      { itemId: b!.itemId, replies: 1, participants: [ADMIN] },
    ]);
    const key = { platform: 'slack', channelId: SMT, messageRef: '1773999000.000100' };
    expect(s.h.store.replies.get(key)).toMatchObject({
      threadRef: a!.ts,
      authorId: MEMBER,
      text: 'We should respond before the deadline.',
      postedAt: '2026-03-20T09:30:00.000Z',
    });

    await s.event(
      {
        type: 'message',
        subtype: 'message_changed',
        channel: SMT,
        channel_type: 'channel',
        hidden: true,
        ts: '1773999100.000001',
        message: {
          ...ev,
          text: 'We should respond this week.',
          edited: { user: MEMBER, ts: '1773999100.000000' },
        },
        previous_message: ev,
      },
      { eventId: 'EvEdit1' },
    );
    await settle(s, () => s!.h.store.replies.get(key)?.text === 'We should respond this week.');
    expect(s.h.store.replies.get(key)?.editedAt).toBe('2026-03-20T09:31:40.000Z');

    await s.event(
      {
        type: 'message',
        subtype: 'message_deleted',
        channel: SMT,
        channel_type: 'channel',
        hidden: true,
        ts: '1773999200.000001',
        deleted_ts: '1773999000.000100',
        previous_message: ev,
      },
      { eventId: 'EvDel1' },
    );
    await settle(s, () => count(s!) === 2);
    expect(s.h.store.replies.get(key)).toBeNull();
    // Members are asked of Slack once for the whole burst.
    expect(s.api.callsTo('conversations.members')).toHaveLength(1);
  });

  it('records nothing from non-members, bots, other channels or threads Horizon did not start', async () => {
    const p = await posted();
    s = p.s;
    const [a] = p.threads;
    await s.event(replyEvent({ ts: '1773999000.000100', thread_ts: a!.ts, user: OUTSIDER }), {
      eventId: 'EvX1',
    });
    await s.event(replyEvent({ ts: '1773999000.000200', thread_ts: a!.ts, user: 'UBOT', bot_id: 'BOTHER' }), {
      eventId: 'EvX2',
    });
    // The same thread timestamp in a channel that is not an SMT channel.
    await s.event(replyEvent({ ts: '1773999000.000300', thread_ts: a!.ts, channel: OTHER }), {
      eventId: 'EvX3',
    });
    // A thread in the SMT channel that is not an agenda item's, and a top-level message.
    await s.event(replyEvent({ ts: '1773999000.000400', thread_ts: '1773000000.000001' }), {
      eventId: 'EvX4',
    });
    await s.event(
      { ...replyEvent({ ts: '1773999000.000500', thread_ts: '' }), thread_ts: undefined },
      {
        eventId: 'EvX5',
      },
    );
    // A member's reply after all of them, so the handlers have run when it lands.
    await s.event(replyEvent({ ts: '1773999000.000600', thread_ts: a!.ts }), { eventId: 'EvX6' });
    await settle(s, () => count(s!) === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.h.store.replies.forMonth('2026-03').map((r) => r.messageRef)).toEqual(['1773999000.000600']);
    // Nothing about the other channel was even looked up.
    expect(s.api.callsTo('conversations.members').map((c) => c.args.channel)).toEqual([SMT]);
  });

  it('records a "Decision:" line as a decision for the item, and hints briefly at a malformed one', async () => {
    const p = await posted();
    s = p.s;
    const [a] = p.threads;
    await s.event(
      replyEvent({
        ts: '1773999000.000100',
        thread_ts: a!.ts,
        user: EDITOR,
        text: 'Action: <@UMEMBER1> to draft our consultation response by 12 Jan',
      }),
      { eventId: 'EvD1' },
    );
    await settle(s, () => s!.h.store.decisions.forMonth('2026-03').length === 1);
    expect(s.h.store.decisions.forMonth('2026-03')[0]).toMatchObject({
      itemId: a!.itemId,
      kind: 'action',
      decision: '<@UMEMBER1> to draft our consultation response',
      owner: MEMBER,
      dueDate: '2027-01-12',
      recordedBy: EDITOR,
    });
    const told = await s.api.waitFor(() => s!.api.callsTo('chat.postEphemeral')[0]);
    expect(told.args).toMatchObject({ channel: SMT, user: EDITOR, thread_ts: a!.ts });
    expect(told.args.text).toMatch(/Action #1 recorded/);

    await s.event(
      replyEvent({
        ts: '1773999000.000200',
        thread_ts: a!.ts,
        user: EDITOR,
        text: 'Decision: respond, due 31 Feb',
      }),
      { eventId: 'EvD2' },
    );
    const hint = await s.api.waitFor(() => s!.api.callsTo('chat.postEphemeral')[1]);
    expect(hint.args).toMatchObject({ channel: SMT, user: EDITOR, thread_ts: a!.ts });
    expect(hint.args.text).toMatch(/31 Feb.*not a date/);
    await s.event(
      replyEvent({
        ts: '1773999000.000300',
        thread_ts: a!.ts,
        user: EDITOR,
        text: 'Action: write to the MP',
      }),
      {
        eventId: 'EvD3',
      },
    );
    expect((await s.api.waitFor(() => s!.api.callsTo('chat.postEphemeral')[2])).args.text).toMatch(
      /needs an owner/,
    );
    // A member without the decide role is told who can, and the reply still counts.
    await s.event(
      replyEvent({ ts: '1773999000.000400', thread_ts: a!.ts, user: MEMBER, text: 'Decision: we respond' }),
      {
        eventId: 'EvD4',
      },
    );
    expect((await s.api.waitFor(() => s!.api.callsTo('chat.postEphemeral')[3])).args.text).toMatch(
      /editors and admins/,
    );
    expect(s.h.store.decisions.forMonth('2026-03')).toHaveLength(1);
    expect(count(s)).toBe(4);
  });

  it('records a decision line that an edit has just made, once, and not again when a recorded one is edited', async () => {
    const p = await posted();
    s = p.s;
    const [a] = p.threads;
    const edit = (ts: string, text: string, editedTs: string, eventId: string) => {
      const ev = replyEvent({ ts, thread_ts: a!.ts, user: EDITOR, text: 'x' });
      return s!.event(
        {
          type: 'message',
          subtype: 'message_changed',
          channel: SMT,
          channel_type: 'channel',
          hidden: true,
          ts: editedTs,
          message: { ...ev, text, edited: { user: EDITOR, ts: editedTs } },
          previous_message: ev,
        },
        { eventId },
      );
    };
    // A near miss gets a hint; the writer fixes it by editing, and the decision is recorded.
    await s.event(
      replyEvent({ ts: '1773999000.000700', thread_ts: a!.ts, user: EDITOR, text: 'Decision - respond' }),
      { eventId: 'EvN1' },
    );
    expect((await s.api.waitFor(() => s!.api.callsTo('chat.postEphemeral')[0])).args.text).toMatch(
      /start the message with "Decision:"/,
    );
    await edit('1773999000.000700', 'Decision: respond to the consultation', '1773999100.000700', 'EvN2');
    await settle(s, () => s!.h.store.decisions.forMonth('2026-03').length === 1);
    expect(s.h.store.decisions.forMonth('2026-03')[0]).toMatchObject({
      itemId: a!.itemId,
      decision: 'respond to the consultation',
      recordedBy: EDITOR,
    });
    expect((await s.api.waitFor(() => s!.api.callsTo('chat.postEphemeral')[1])).args.text).toMatch(
      /Decision #1 recorded/,
    );
    // Editing the recorded decision's wording changes the reply, not the decisions.
    await edit(
      '1773999000.000700',
      'Decision: respond to the consultation by March',
      '1773999200.000700',
      'EvN3',
    );
    await settle(s, () => s!.h.store.replies.forMonth('2026-03')[0]?.text?.includes('March') === true);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.h.store.decisions.forMonth('2026-03')).toHaveLength(1);
    expect(count(s)).toBe(1);
  });
});
