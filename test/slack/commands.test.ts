/* eslint-disable @typescript-eslint/no-explicit-any -- answers are JSON from the wire, checked by the assertions */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { feed, items } from '../support/horizon.js';
import { ADMIN, MEMBER, feedServer, slackStack, type FeedServer, type SlackStack } from './harness.js';

let s: SlackStack;
let feeds: FeedServer;
beforeEach(async () => {
  s = await slackStack({ env: { HORIZON_SLACK_CHANNELS: 'CSEEDED1' } });
  feeds = await feedServer();
});
afterEach(async () => {
  await feeds.close();
  await s.close();
});

/** Waits for the answer Horizon sends to a command's response_url. */
const answer = (id: string) => s.api.waitFor(() => s.api.responses.find((r) => r.id === id)?.body);
const allText = (body: { text: string; blocks: any[] }) => `${body.text}\n${JSON.stringify(body.blocks)}`;

describe('/horizon', () => {
  it('acknowledges at once and answers help privately through response_url', async () => {
    const res = await s.slash('help', { responseId: 'help' });
    expect(res.status).toBe(200);
    const body = await answer('help');
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Horizon runs your monthly horizon scan');
    expect(allText(body)).toContain('feeds add URL');
    expect(allText(body)).toContain('channels add');
  });

  it('shows the draft agenda once in one reply, each item with its #id and themes by name', async () => {
    const f = feed(s.h, { title: 'DHSC', kind: 'policy' });
    const ids = items(s.h, f, [
      {
        title: 'Government launches consultation on carers leave',
        summary: 'Unpaid carers and adult social care.',
        publishedAt: s.h.now().toISOString(),
      },
    ]);
    await s.slash('agenda preview', { responseId: 'preview' });
    const text = allText(await answer('preview'));
    expect(JSON.stringify((await answer('preview')).blocks).split('carers leave').length - 1).toBe(1);
    expect(text).toContain(`#${ids.get('Government launches consultation on carers leave')}`);
  });

  it('answers an empty command with help, not silence', async () => {
    await s.slash('', { responseId: 'empty' });
    expect((await answer('empty')).text).toContain('Commands');
  });

  it('answers an unknown subcommand with a short hint, not silence', async () => {
    await s.slash('frobnicate the widgets', { responseId: 'unknown' });
    const body = await answer('unknown');
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('frobnicate');
    expect(body.blocks[0].text.text).toMatch(/^:warning:/);
  });

  it('tells a member who tries an admin command who can do it', async () => {
    await s.slash('channels add here', { user: MEMBER, responseId: 'denied' });
    const body = await answer('denied');
    expect(body.text).toContain('Only admins');
    expect(body.text).toContain(ADMIN);
    // In the message itself the admin is a mention, which Slack shows as their name, not a raw id.
    expect(JSON.stringify(body.blocks)).toContain(`<@${ADMIN}>`);
    expect(s.h.store.channels.list('slack').map((c) => c.channelId)).not.toContain('CSMT0001');
  });

  it('lets an admin add the channel they are in, and lists it with the seeded one', async () => {
    await s.slash('channels add here', { channel: 'CSMT0001', responseId: 'add' });
    expect((await answer('add')).text).toContain('#smt');
    await s.slash('channels list', { responseId: 'list' });
    const list = allText(await answer('list'));
    expect(list).toContain('CSEEDED1');
    expect(list).toContain('smt');
  });

  it('acknowledges a feed check well inside 3 seconds while the feed is slow, then answers', async () => {
    const gate = feeds.hold('/slow.rss');
    const res = await s.slash(`feeds add ${feeds.url('/slow.rss')} --kind news`, {
      user: ADMIN,
      responseId: 'slow',
    });
    // The acknowledgement came back while the feed server is still holding its answer.
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Working on'),
    });
    expect(s.api.responses.find((r) => r.id === 'slow')).toBeUndefined();
    expect(s.h.store.feeds.list()).toHaveLength(0);
    gate.release();
    const body = await answer('slow');
    expect(body.text).toContain('Added');
    expect(s.h.store.feeds.list().map((f) => f.url)).toEqual([feeds.url('/slow.rss')]);
  });

  it('refuses a file: address through the same guard as the CLI', async () => {
    await s.slash('feeds add file:///etc/passwd', { responseId: 'file' });
    const body = await answer('file');
    expect(body.blocks[0].text.text).toMatch(/^:warning:/);
    expect(s.h.store.feeds.list()).toHaveLength(0);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/'],
    ['http://10.1.2.3/feed.xml'],
    ['ftp://example.org/feed.xml'],
  ])('refuses %s through the same SSRF guard as the CLI', async (url) => {
    await s.slash(`feeds add ${url}`, { responseId: 'guard' });
    const body = await answer('guard');
    expect(body.blocks[0].text.text).toMatch(/^:warning:/);
    expect(s.h.store.feeds.list()).toHaveLength(0);
  });

  it('opens the add-feed form for "feeds add" with no address', async () => {
    await s.slash('feeds add');
    const open = await s.api.waitFor(() => s.api.callsTo('views.open')[0]);
    expect(open.args.trigger_id).toMatch(/^trigger-/);
    expect(open.args.view.callback_id).toBe('horizon_add_feed');
    expect(open.args.view.blocks.map((b: any) => b.block_id)).toEqual(
      expect.arrayContaining(['feed_url', 'feed_kind', 'feed_themes']),
    );
  });

  it('never puts the bot token in a reply', async () => {
    await s.slash('status', { responseId: 'status' });
    expect(JSON.stringify(await answer('status'))).not.toContain('xoxb-');
  });
});

describe('@Horizon mentions', () => {
  it('run the same commands and answer privately in the thread', async () => {
    await s.event({
      type: 'app_mention',
      user: MEMBER,
      text: '<@UBOT> feeds list',
      channel: 'CSMT0001',
      ts: '1700000100.000100',
    });
    const call = await s.api.waitFor(() => s.api.callsTo('chat.postEphemeral')[0]);
    expect(call.args).toMatchObject({ channel: 'CSMT0001', user: MEMBER, thread_ts: '1700000100.000100' });
    expect(call.args.text).toContain('No feeds yet');
  });
});

describe('Slack event retries', () => {
  it('handle each event once, however often Slack delivers it', async () => {
    const opened = { type: 'app_home_opened', user: MEMBER, channel: 'DHOME', tab: 'home' };
    expect((await s.event(opened, { eventId: 'EvHOME1' })).status).toBe(200);
    await s.api.waitFor(() => s.api.callsTo('views.publish').length === 1);
    expect((await s.event(opened, { eventId: 'EvHOME1', retryNum: 1 })).status).toBe(200);
    expect((await s.event(opened, { eventId: 'EvHOME1', retryNum: 2 })).status).toBe(200);
    // A different event still gets through, so the first two were really dropped rather than slow.
    await s.event(opened, { eventId: 'EvHOME2' });
    await s.api.waitFor(() => s.api.callsTo('views.publish').length === 2);
    expect(s.api.callsTo('views.publish')).toHaveLength(2);
  });
});

describe('every shared command', () => {
  it.each(COMMANDS.filter((c) => c.path.join(' ') !== 'feeds add').map((c) => [c.path.join(' ')]))(
    '/horizon %s reaches the command layer and gets an answer',
    async (words) => {
      const id = `every-${words}`;
      const res = await s.slash(words, { responseId: id });
      expect(res.status).toBe(200);
      const body = await answer(id);
      expect(body.text).not.toContain("I don't know");
      expect(body.blocks.length).toBeGreaterThan(0);
    },
  );
});

describe('/horizon agenda post', () => {
  it('acknowledges, posts the agenda to the SMT channel, and reports back', async () => {
    s.th.clock.now = new Date('2026-03-20T09:00:00Z');
    s.h.runtime = { publishers: () => [s.adapter.publisher], nextAgendaAt: () => null };
    items(s.h, feed(s.h), [
      { title: 'Consultation launched on carers breaks', publishedAt: '2026-03-03T10:00:00Z' },
    ]);
    const res = await s.slash('agenda post', { user: ADMIN, responseId: 'post' });
    expect(res.json().text).toContain('Working on');
    const body = await answer('post');
    expect(body.text).toContain('Posted the March 2026 agenda');
    const top = s.api.messages('CSEEDED1');
    expect(top).toHaveLength(2);
    expect(s.api.replies('CSEEDED1', top[1]!.ts)).toHaveLength(1);
  });
});
