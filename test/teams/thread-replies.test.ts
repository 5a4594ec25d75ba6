/* eslint-disable @typescript-eslint/no-explicit-any -- activities are JSON from the wire, checked by the assertions */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postAgenda } from '../../src/agenda/post.js';
import { feed, items } from '../support/horizon.js';
import {
  ADMIN,
  BOT,
  CHANNEL,
  EDITOR,
  MEMBER,
  TENANT,
  botAddedToTeam,
  channelMessage,
  startTeams,
  type TeamsTest,
} from './harness.js';

const OUTSIDER = 'aad-outsider-0009';
const OTHER_CHANNEL = '19:other0channel@thread.tacv2';
let t: TeamsTest;
let threads: { threadId: string; itemId: number }[];
let seq = 0;

beforeEach(async () => {
  t = await startTeams({
    members: {
      [ADMIN]: { name: 'Ada Admin' },
      [EDITOR]: { name: 'Eve Editor' },
      [MEMBER]: { name: 'Sam Smith' },
    },
  });
  const f = feed(t.h, { title: 'DHSC news', kind: 'policy' });
  items(t.h, f, [
    {
      title: 'Government launches consultation on adult social care reform',
      publishedAt: '2026-03-03T09:00:00Z',
    },
    {
      title: 'Watchdog warns mental health waiting list target delayed',
      publishedAt: '2026-03-04T09:00:00Z',
    },
  ]);
  expect((await t.send(botAddedToTeam(t))).status).toBe(200);
  expect((await t.send(channelMessage(t, 'channels add here', { user: ADMIN }))).status).toBe(200);
  await postAgenda(t.h, [t.adapter.publisher], { month: '2026-03', sleep: async () => undefined });
  const ledger = t.db
    .prepare("SELECT part, thread_ref FROM posts WHERE platform = 'teams' AND part LIKE 'item:%' ORDER BY id")
    .all() as { part: string; thread_ref: string }[];
  threads = ledger.map((r) => ({ threadId: r.thread_ref, itemId: Number(r.part.slice(5)) }));
});
afterEach(() => t.stop());

/** A message in a channel thread, as Teams delivers it under resource-specific consent: no @mention needed. */
function threadMessage(
  threadId: string,
  text: string,
  o: {
    user?: string;
    name?: string;
    id?: string;
    type?: string;
    eventType?: string;
    entities?: unknown[];
    at?: string;
  } = {},
) {
  const user = o.user ?? MEMBER;
  const channel = threadId.split(';')[0]!;
  return {
    type: o.type ?? 'message',
    id: o.id ?? `17730000000${String(++seq).padStart(2, '0')}`,
    channelId: 'msteams',
    serviceUrl: t.connector.url,
    timestamp: o.at ?? '2026-03-10T11:00:00.000Z',
    from: { id: `29:${user}`, aadObjectId: user, name: o.name ?? 'Sam Smith' },
    recipient: BOT,
    text,
    textFormat: 'xml',
    ...(o.entities ? { entities: o.entities } : {}),
    conversation: { id: threadId, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: {
      channel: { id: channel },
      team: { id: CHANNEL, name: 'Leadership' },
      tenant: { id: TENANT },
      ...(o.eventType ? { eventType: o.eventType } : {}),
    },
  };
}

const rows = () =>
  t.db
    .prepare('SELECT message_ref, item_id, author_id, text, edited_at FROM replies ORDER BY id')
    .all() as any[];

/** What Horizon said in a thread (its replies there, after the prompt). */
const saidIn = (threadId: string) =>
  t.connector
    .posts(CHANNEL)
    .find((p) => p.threadId === threadId)!
    .replies.slice(1)
    .map((r) => String(r.activity.text));

describe('replies in Teams agenda threads', () => {
  it('records a reply once, mirrors edits and deletions, and does not take it for a command', async () => {
    const [a, b] = threads;
    const reply = threadMessage(a!.threadId, '<p>We should respond &amp; say what works.</p>', { id: 'm-1' });
    expect((await t.send(reply)).status).toBe(200);
    // The Bot Framework delivers it again (a retry after a slow answer).
    expect((await t.send(reply)).status).toBe(200);
    await t.send(
      threadMessage(b!.threadId, 'Is this one for us?', { id: 'm-2', user: EDITOR, name: 'Eve Editor' }),
    );
    expect(rows()).toEqual([
      {
        message_ref: 'm-1',
        item_id: a!.itemId,
        author_id: MEMBER,
        text: 'We should respond & say what works.',
        edited_at: null,
      },
      {
        message_ref: 'm-2',
        item_id: b!.itemId,
        author_id: EDITOR,
        text: 'Is this one for us?',
        edited_at: null,
      },
    ]);
    expect(t.h.store.replies.statsForMonth('2026-03')).toEqual([
      { itemId: a!.itemId, replies: 1, participants: [MEMBER] },
      { itemId: b!.itemId, replies: 1, participants: [EDITOR] },
    ]);
    // Not a command: Horizon stays quiet in the thread.
    expect(saidIn(a!.threadId)).toEqual([]);

    await t.send(
      threadMessage(a!.threadId, 'We should respond this week.', {
        id: 'm-1',
        type: 'messageUpdate',
        eventType: 'editMessage',
        at: '2026-03-10T11:05:00.000Z',
      }),
    );
    expect(rows()[0]).toMatchObject({
      text: 'We should respond this week.',
      edited_at: '2026-03-10T11:05:00.000Z',
    });
    await t.send(
      threadMessage(a!.threadId, '', { id: 'm-1', type: 'messageDelete', eventType: 'softDeleteMessage' }),
    );
    expect(rows().map((r) => r.message_ref)).toEqual(['m-2']);
  });

  it('records nothing from people outside the team, other channels or threads Horizon did not start', async () => {
    const [a] = threads;
    await t.send(threadMessage(a!.threadId, 'I am not in the team', { user: OUTSIDER, name: 'Stranger' }));
    await t.send(threadMessage(`${OTHER_CHANNEL};messageid=${a!.threadId.split('=')[1]}`, 'Another channel'));
    await t.send(threadMessage(`${CHANNEL};messageid=999999`, 'A thread of our own'));
    expect(rows()).toEqual([]);
    // Still a command when it mentions Horizon.
    const cmd = channelMessage(t, 'help', { user: MEMBER }) as { conversation?: { id: string } };
    expect((await t.send(cmd)).status).toBe(200);
    expect(t.connector.calls.filter((c) => c.conversationId === cmd.conversation?.id).length).toBeGreaterThan(
      0,
    );
  });

  it('records an "Action:" line with its owner from the mention, and answers a malformed one in the thread', async () => {
    const [a] = threads;
    await t.send(
      threadMessage(a!.threadId, 'Action: <at>Sam Smith</at> to draft our response due 2027-01-12', {
        user: EDITOR,
        name: 'Eve Editor',
        entities: [
          {
            type: 'mention',
            text: '<at>Sam Smith</at>',
            mentioned: { id: `29:${MEMBER}`, name: 'Sam Smith' },
          },
        ],
      }),
    );
    expect(t.h.store.decisions.forMonth('2026-03')).toMatchObject([
      {
        itemId: a!.itemId,
        kind: 'action',
        decision: '@Sam Smith to draft our response',
        owner: MEMBER,
        ownerName: 'Sam Smith',
        dueDate: '2027-01-12',
        recordedBy: EDITOR,
      },
    ]);
    expect(saidIn(a!.threadId)).toEqual([expect.stringMatching(/^Action #\d+ recorded/)]);

    await t.send(
      threadMessage(a!.threadId, 'Decision: respond by 31 Feb 2027', { user: EDITOR, name: 'Eve Editor' }),
    );
    expect(saidIn(a!.threadId)[1]).toMatch(/31 Feb 2027.*not a date/);
    expect(t.h.store.decisions.forMonth('2026-03')).toHaveLength(1);
    expect(rows()).toHaveLength(2);
  });

  it('records a decision line that an edit has just made, and not again when the recorded one is edited', async () => {
    const [a] = threads;
    const who = { user: EDITOR, name: 'Eve Editor', id: 'm-edit' };
    await t.send(threadMessage(a!.threadId, 'Decision; respond', { ...who, at: '2026-03-10T11:00:00.000Z' }));
    expect(saidIn(a!.threadId)[0]).toMatch(/start the message with "Decision:"/);
    const edit = (text: string, at: string) =>
      t.send(
        threadMessage(a!.threadId, text, { ...who, type: 'messageUpdate', eventType: 'editMessage', at }),
      );
    await edit('Decision: respond to the consultation', '2026-03-10T11:05:00.000Z');
    expect(t.h.store.decisions.forMonth('2026-03')).toMatchObject([
      { itemId: a!.itemId, decision: 'respond to the consultation', recordedBy: EDITOR },
    ]);
    expect(saidIn(a!.threadId)[1]).toMatch(/^Decision #\d+ recorded/);
    await edit('Decision: respond to the consultation this month', '2026-03-10T11:09:00.000Z');
    expect(t.h.store.decisions.forMonth('2026-03')).toHaveLength(1);
    expect(saidIn(a!.threadId)).toHaveLength(2);
    expect(rows()).toHaveLength(1);
  });
});
