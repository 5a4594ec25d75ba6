/* eslint-disable @typescript-eslint/no-explicit-any -- activities and cards are JSON from the wire, checked by the assertions */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postAgenda } from '../../src/agenda/post.js';
import { feed, items } from '../support/horizon.js';
import { actionTitles, cardProblems, cardText } from './cards.js';
import {
  ADMIN,
  BOT,
  CHANNEL,
  EDITOR,
  MEMBER,
  botAddedToTeam,
  cardSubmit,
  channelMessage,
  personalConversationId,
  personalMessage,
  startTeams,
  type TeamsTest,
} from './harness.js';

/** The last thing the bot said in a conversation (a reply to a message, or a new message in a thread). */
function lastSaid(t: TeamsTest, conversationId: string): any {
  const call = [...t.connector.calls]
    .reverse()
    .find(
      (c) =>
        c.conversationId === conversationId && c.kind !== 'create-conversation' && c.body?.type === 'message',
    );
  if (!call) throw new Error(`the bot said nothing in ${conversationId}`);
  return call.body;
}

function said(body: any): string {
  return body.text ?? cardText(body.attachments?.[0]?.content).join('\n');
}

const FEED_XML = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Local policy news</title><id>urn:test</id><updated>2026-03-01T00:00:00Z</updated>
<entry><title>Council consults on homelessness strategy</title><id>urn:e1</id><link href="https://example.org/e1"/><updated>2026-03-02T00:00:00Z</updated></entry>
</feed>`;

describe('commands in Teams', () => {
  let t: TeamsTest;
  let feeds: Server;
  let feedsBase: string;

  beforeAll(async () => {
    feeds = createServer((req, res) => {
      if (req.url === '/news.atom') {
        res.writeHead(200, { 'content-type': 'application/atom+xml' });
        res.end(FEED_XML);
      } else {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Not a feed</body></html>');
      }
    });
    await new Promise<void>((r) => feeds.listen(0, '127.0.0.1', r));
    feedsBase = `http://127.0.0.1:${(feeds.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => feeds.close(() => r())));

  beforeEach(async () => {
    t = await startTeams();
  });
  afterEach(() => t.stop());

  it('answers an @mention in a channel in the thread it was asked in, with the mention removed', async () => {
    const msg = channelMessage(t, 'help', { thread: '555' });
    await t.send(msg);
    const reply = t.connector.callsOf('reply').at(-1)!;
    expect(reply.conversationId).toBe(`${CHANNEL};messageid=555`);
    expect(reply.activityId).toBe(msg.id);
    expect(said(reply.body)).toMatch(/Commands/);
  });

  it('answers the same command in a personal chat, where no mention is needed', async () => {
    await t.send(personalMessage(t, 'feeds list'));
    const body = lastSaid(t, personalConversationId(MEMBER));
    expect(said(body)).toMatch(/feed/i);
  });

  it('says hello once when added to a team, and tells admins how to register the channel', async () => {
    await t.send(botAddedToTeam(t));
    const hello = t.connector.calls.filter((c) => c.conversationId === CHANNEL);
    expect(hello).toHaveLength(1);
    expect(hello[0]!.body.text).toMatch(/channels add here/);
  });

  it('ignores its own messages', async () => {
    const before = t.connector.calls.length;
    const own = { ...channelMessage(t, 'help'), from: BOT };
    expect((await t.send(own)).status).toBe(200);
    expect(t.connector.calls.length).toBe(before);
  });

  it('applies the same roles as everywhere else: a member cannot register a channel', async () => {
    await t.send(channelMessage(t, 'channels add here', { user: MEMBER, thread: '77' }));
    expect(said(lastSaid(t, `${CHANNEL};messageid=77`))).toMatch(/Only admins/);
    await t.send(channelMessage(t, 'channels add here', { user: ADMIN, thread: '78' }));
    expect(said(lastSaid(t, `${CHANNEL};messageid=78`))).not.toMatch(/Only admins/);
  });

  it('shows a list reply as a valid Adaptive Card, and a one-line answer as plain text', async () => {
    await t.send(personalMessage(t, 'help'));
    const help = lastSaid(t, personalConversationId(MEMBER));
    expect(help.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardProblems(help.attachments[0].content)).toEqual([]);

    await t.send(personalMessage(t, 'no-such-command'));
    const unknown = lastSaid(t, personalConversationId(MEMBER));
    expect(said(unknown)).toMatch(/I don't know "no-such-command"/);
  });

  it('opens the add-feed form for "feeds add" with no address', async () => {
    await t.send(personalMessage(t, 'feeds add', { user: EDITOR }));
    const form = lastSaid(t, personalConversationId(EDITOR)).attachments[0].content;
    expect(cardProblems(form)).toEqual([]);
    expect(form.body.filter((e: any) => e.type.startsWith('Input.')).map((e: any) => e.id)).toEqual([
      'url',
      'kind',
      'themes',
    ]);
  });

  it('shows a refused address under the URL field of the same form, keeping what was typed', async () => {
    const conversationId = personalConversationId(EDITOR);
    const url = `${feedsBase}/not-a-feed.html`;
    await t.send(
      cardSubmit(
        t,
        { horizon: 'add-feed', url, kind: 'policy', themes: 'housing' },
        { conversationId, replyToId: 'form-1' },
        { user: EDITOR },
      ),
    );
    await t.adapter.idle();
    const update = t.connector.callsOf('update').at(-1)!;
    expect(update.activityId).toBe('form-1');
    const form = update.body.attachments[0].content;
    expect(cardProblems(form)).toEqual([]);
    const urlIndex = form.body.findIndex((e: any) => e.id === 'url');
    expect(form.body[urlIndex].value).toBe(url);
    expect(form.body[urlIndex + 1]).toMatchObject({ type: 'TextBlock', color: 'Attention' });
    expect(t.h.store.feeds.list()).toHaveLength(0);
  });

  it('adds a feed from the form and replaces the form with what was added', async () => {
    const conversationId = personalConversationId(EDITOR);
    await t.send(
      cardSubmit(
        t,
        { horizon: 'add-feed', url: `${feedsBase}/news.atom`, kind: 'policy', themes: 'housing' },
        { conversationId, replyToId: 'form-2' },
        { user: EDITOR },
      ),
    );
    await t.adapter.idle();
    expect(t.h.store.feeds.list().map((f) => f.url)).toEqual([`${feedsBase}/news.atom`]);
    const update = t.connector.callsOf('update').at(-1)!;
    expect(update.activityId).toBe('form-2');
    expect(said(update.body)).not.toMatch(/Feed address/);
  });

  it('refuses a private address through the same guard as every other feed', async () => {
    const conversationId = personalConversationId(EDITOR);
    await t.send(personalMessage(t, 'feeds add http://169.254.169.254/latest/meta-data', { user: EDITOR }));
    await t.adapter.idle();
    expect(said(lastSaid(t, conversationId))).not.toMatch(/^Added/);
    expect(t.h.store.feeds.list()).toHaveLength(0);
  });
});

describe('the buttons on an agenda item', () => {
  let t: TeamsTest;
  let itemThread: string;
  let itemId: number;

  beforeEach(async () => {
    t = await startTeams();
    const f = feed(t.h, { title: 'DHSC news', kind: 'policy' });
    const ids = items(t.h, f, [
      {
        title: 'Government launches consultation on adult social care reform',
        publishedAt: '2026-03-03T09:00:00Z',
      },
    ]);
    itemId = ids.get('Government launches consultation on adult social care reform')!;
    await t.send(channelMessage(t, 'channels add here', { user: ADMIN }));
    await postAgenda(t.h, [t.adapter.publisher], { month: '2026-03', sleep: async () => {} });
    const post = t.connector.posts(CHANNEL)[1]!;
    itemThread = post.threadId;
    expect(actionTitles(post.activity.attachments[0].content)).toContain('Record decision');
  });
  afterEach(() => t.stop());

  it('records a decision with its owner and due date, as the Slack button does', async () => {
    await t.send(
      cardSubmit(
        t,
        {
          horizon: 'record-decision',
          itemId,
          month: '2026-03',
          decision: 'Respond to the consultation',
          owner: 'Priya',
          dueDate: '2026-04-30',
        },
        { conversationId: itemThread, replyToId: 'x' },
        { user: EDITOR },
      ),
    );
    const row = t.db.prepare('SELECT decision, owner, due_date, platform, recorded_by FROM decisions').get();
    expect(row).toEqual({
      decision: 'Respond to the consultation',
      owner: 'Priya',
      due_date: '2026-04-30',
      platform: 'teams',
      recorded_by: EDITOR,
    });
    expect(said(lastSaid(t, itemThread))).toMatch(/Decision #\d+ recorded/);
  });

  it("reads an owner given by Entra id as that person, and mentions them in next month's header", async () => {
    const OWNER = '7d0b8f4e-2a1c-4e5f-9b3a-6c1d2e3f4a5b';
    await t.stop();
    t = await startTeams({ members: { [OWNER]: { name: 'Priya <Shah>' } } });
    const f = feed(t.h, { title: 'DHSC news', kind: 'policy' });
    const ids = items(t.h, f, [{ title: 'Carers strategy refreshed', publishedAt: '2026-03-04T09:00:00Z' }]);
    await t.send(channelMessage(t, 'channels add here', { user: ADMIN }));
    await postAgenda(t.h, [t.adapter.publisher], { month: '2026-03', sleep: async () => {} });
    const thread = t.connector.posts(CHANNEL)[1]!.threadId;
    await t.send(
      cardSubmit(
        t,
        {
          horizon: 'record-decision',
          itemId: ids.get('Carers strategy refreshed')!,
          month: '2026-03',
          kind: 'action',
          decision: 'Draft our response',
          owner: OWNER,
          dueDate: '2026-04-20',
        },
        { conversationId: thread, replyToId: 'x' },
        { user: EDITOR },
      ),
    );
    expect(t.db.prepare('SELECT kind, owner, owner_name, status FROM decisions').get()).toEqual({
      kind: 'action',
      owner: OWNER,
      owner_name: 'Priya <Shah>',
      status: 'open',
    });
    t.clock.now = new Date('2026-04-06T09:00:00Z');
    await postAgenda(t.h, [t.adapter.publisher], { month: '2026-04', sleep: async () => {} });
    const header = t.connector.posts(CHANNEL).find((p) => p.activity.summary === 'Horizon scan: 2026-04')!;
    const card = header.activity.attachments[0].content;
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card).join('\n');
    expect(text).toContain("Last month's decisions and actions");
    expect(text).toContain('**open**: Draft our response (owner <at>Priya Shah</at>');
    expect(card.msteams.entities).toEqual([
      { type: 'mention', text: '<at>Priya Shah</at>', mentioned: { id: OWNER, name: 'Priya Shah' } },
    ]);
  });

  it('stores a stage change as a correction the tagger learns from', async () => {
    await t.send(
      cardSubmit(
        t,
        { horizon: 'change-stage', itemId, stage: 'trough' },
        { conversationId: itemThread, replyToId: 'x' },
        { user: EDITOR },
      ),
    );
    expect(t.db.prepare('SELECT corrected_stage FROM items WHERE id = ?').get(itemId)).toEqual({
      corrected_stage: 'trough',
    });
    expect(t.db.prepare('SELECT kind, value, platform FROM corrections').all()).toEqual([
      { kind: 'stage', value: 'trough', platform: 'teams' },
    ]);
  });

  it('stores the themes ticked on an item as a correction, and none ticked as no theme', async () => {
    await t.send(
      cardSubmit(
        t,
        { horizon: 'change-themes', itemId, themes: 'housing,welfare' },
        { conversationId: itemThread, replyToId: 'x' },
        { user: EDITOR },
      ),
    );
    expect(t.h.store.items.get(itemId)!.tagging.themes).toEqual(['housing', 'welfare']);
    expect(said(lastSaid(t, itemThread))).toContain('housing, welfare');
    expect(t.db.prepare('SELECT kind, value, platform FROM corrections').all()).toEqual([
      { kind: 'themes', value: '["housing","welfare"]', platform: 'teams' },
    ]);
    await t.send(
      cardSubmit(
        t,
        { horizon: 'change-themes', itemId, themes: '' },
        { conversationId: itemThread, replyToId: 'x' },
        { user: EDITOR },
      ),
    );
    expect(t.h.store.items.get(itemId)!.tagging.themes).toEqual([]);
  });

  it('tells a member who may change themes, and changes nothing', async () => {
    await t.send(
      cardSubmit(
        t,
        { horizon: 'change-themes', itemId, themes: 'housing' },
        { conversationId: itemThread, replyToId: 'x' },
        { user: MEMBER },
      ),
    );
    expect(said(lastSaid(t, itemThread))).toMatch(/Only editors/);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM corrections').get()).toEqual({ n: 0 });
  });

  it('marks an item not relevant, but only for editors', async () => {
    await t.send(
      cardSubmit(
        t,
        { horizon: 'not-relevant', itemId },
        { conversationId: itemThread, replyToId: 'x' },
        { user: MEMBER },
      ),
    );
    expect(t.db.prepare('SELECT not_relevant FROM items WHERE id = ?').get(itemId)).toEqual({
      not_relevant: 0,
    });
    expect(said(lastSaid(t, itemThread))).toMatch(/Only editors/);

    await t.send(
      cardSubmit(
        t,
        { horizon: 'not-relevant', itemId },
        { conversationId: itemThread, replyToId: 'x' },
        { user: EDITOR },
      ),
    );
    expect(t.db.prepare('SELECT not_relevant FROM items WHERE id = ?').get(itemId)).toEqual({
      not_relevant: 1,
    });
  });
});
