/* eslint-disable @typescript-eslint/no-explicit-any -- messages are JSON from the wire, checked by the assertions */
import { afterEach, describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { createWebClient } from '../../adapters/slack/client.js';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createSlackPublisher } from '../../adapters/slack/publisher.js';
import type { AgendaChart } from '../../src/chat/types.js';
import { postAgenda } from '../../src/agenda/post.js';
import type { Horizon } from '../../src/context.js';
import { agendaItems, type Agenda } from '../../src/domain.js';
import { createStore } from '../../src/store/index.js';
import type { StoredMessage } from '../support/slack-api-server.js';
import { feed, items } from '../support/horizon.js';
import { agenda, deadline } from './agendas.js';
import { ADMIN, BOT_TOKEN, slackStack, type SlackStack } from './harness.js';

const NOW = '2026-03-20T09:00:00Z';
const SMT = 'CSMT0001';
let s: SlackStack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

function seedMonth(h: Horizon): void {
  const policy = feed(h, { title: 'Department of Health & Social Care', kind: 'policy' });
  const funding = feed(h, { title: 'Community Fund <news>', kind: 'funding' });
  items(h, policy, [
    {
      title: 'Government launches consultation on support for unpaid carers',
      summary: 'A call for evidence on carers breaks.',
      publishedAt: '2026-03-03T10:00:00Z',
    },
    {
      title: 'Watchdog warns social care reforms delayed again',
      summary: 'The NAO finds a shortfall and criticised the pace.',
      publishedAt: '2026-03-05T10:00:00Z',
    },
  ]);
  items(h, funding, [
    {
      title: 'Pilot fund for community mental health: expressions of interest open',
      summary: 'A £2m pathfinder fund. Closing date 30 April 2026.',
      publishedAt: '2026-03-07T10:00:00Z',
    },
  ]);
}

const noWait = async () => undefined;

function frozen(h: Horizon): Agenda {
  return h.store.agendas.get('2026-03')!.agenda!;
}

function partOf(m: StoredMessage): unknown {
  return m.metadata?.event_payload.part;
}

/** Every agenda part in a channel: top-level messages and their thread replies, by ledger key. */
function postedParts(stack: SlackStack, channel: string): string[] {
  return stack.api
    .messages(channel)
    .flatMap((m) => [String(partOf(m)), ...stack.api.replies(channel, m.ts).map((r) => String(partOf(r)))]);
}

describe('posting the agenda to Slack', () => {
  it('posts a header, then each item as its own message with its discussion prompt as the first reply in its thread', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    seedMonth(s.h);
    const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    const agenda = frozen(s.h);
    const list = agendaItems(agenda);
    expect(list.length).toBe(3);
    expect(report.channels).toEqual([
      expect.objectContaining({ channelId: SMT, status: 'ok', posted: 1 + 2 * list.length }),
    ]);

    const top = s.api.messages(SMT);
    expect(top.map(partOf)).toEqual(['header', ...list.map((i) => `item:${i.itemId}`)]);
    expect(top[0]!.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Horizon scan: March 2026' },
    });
    for (const [n, item] of list.entries()) {
      const message = top[n + 1]!;
      const replies = s.api.replies(SMT, message.ts);
      expect(replies.map(partOf)).toEqual([`prompt:${item.itemId}`]);
      expect(replies[0]!.text).toBe(`For discussion: ${item.prompt}`);
      const actions = message.blocks.find((b) => b.type === 'actions');
      expect(actions.elements.map((e: any) => e.action_id)).toEqual([
        'horizon_record_decision',
        'horizon_change_stage',
        'horizon_change_themes',
        'horizon_not_relevant',
      ]);
      expect(actions.elements[0].value).toBe(`${item.itemId}:2026-03`);
    }
    for (const call of s.api.callsTo('chat.postMessage')) {
      // Form-encoded, as the Web API client sends it: Slack reads the string "false".
      expect(call.args).toMatchObject({
        unfurl_links: 'false',
        unfurl_media: 'false',
        metadata: { event_type: 'horizon_agenda_part' },
      });
    }
  });

  it('escapes text from feeds so it cannot ping the channel or forge links', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    const f = feed(s.h, { title: 'Odd & <b>bold</b> source', kind: 'policy' });
    items(s.h, f, [
      {
        title: 'Consultation launched <!channel> on <https://evil.example|carers> & respite',
        publishedAt: '2026-03-03T10:00:00Z',
      },
    ]);
    await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    const item = s.api.messages(SMT)[1]!;
    const text = JSON.stringify(item.blocks);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;https://evil.example|carers&gt; &amp; respite');
    expect(text).toContain('Odd &amp; &lt;b&gt;bold&lt;/b&gt; source');
    expect(text).not.toContain('<!channel>');
  });

  it('never posts a part twice when run again', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    seedMonth(s.h);
    await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    const sent = s.api.callsTo('chat.postMessage').length;
    const again = await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect(s.api.callsTo('chat.postMessage')).toHaveLength(sent);
    expect(again.channels[0]).toMatchObject({ posted: 0, alreadyPosted: sent });
  });

  it('spaces posts to a channel by the publisher interval', async () => {
    s = await slackStack({
      now: NOW,
      env: { HORIZON_SLACK_CHANNELS: SMT },
      adapter: { minIntervalMs: 60_000 },
    });
    seedMonth(s.h);
    const waits: number[] = [];
    await postAgenda(s.h, [s.adapter.publisher], { sleep: async (ms) => void waits.push(ms) });
    expect(waits).toHaveLength(s.api.callsTo('chat.postMessage').length - 1);
    for (const w of waits) expect(w).toBeGreaterThan(50_000);
  });

  it('waits out a 429 for as long as Retry-After says, then posts each part once', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    seedMonth(s.h);
    s.api.fail('chat.postMessage', { status: 429, retryAfter: 7 }, { times: 2 });
    const waits: number[] = [];
    await postAgenda(s.h, [s.adapter.publisher], { sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual([7000, 7000]);
    const parts = postedParts(s, SMT);
    expect(parts).toHaveLength(7);
    expect(new Set(parts).size).toBe(7);
  });

  it('retries Slack server errors with backoff', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    seedMonth(s.h);
    s.api.fail('chat.postMessage', { status: 503 }, { times: 2 });
    const waits: number[] = [];
    const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: async (ms) => void waits.push(ms) });
    expect(report.channels[0]!.status).toBe('ok');
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(new Set(postedParts(s, SMT)).size).toBe(7);
  });

  it.each([
    ['not_in_channel', 'not a member'],
    ['is_archived', 'archived'],
  ])(
    'reports a channel that answers %s to the admins, by DM and in App Home, and carries on with the others',
    async (error, words) => {
      s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: `CGONE001,${SMT}` } });
      seedMonth(s.h);
      s.api.fail('chat.postMessage', { error }, { times: 100, when: (a) => a.channel === 'CGONE001' });
      const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
      expect(report.channels.map((c) => [c.channelId, c.status])).toEqual([
        ['CGONE001', 'failed'],
        [SMT, 'ok'],
      ]);
      expect(s.api.messages('CGONE001')).toHaveLength(0);
      expect(new Set(postedParts(s, SMT)).size).toBe(7);

      expect(s.api.callsTo('conversations.open').map((c) => c.args.users)).toEqual([ADMIN]);
      const dm = s.api.callsTo('chat.postMessage').find((c) => c.args.channel === `D${ADMIN}`);
      expect(dm?.args.text).toContain(words);
      expect(s.h.store.channels.list('slack').find((c) => c.channelId === 'CGONE001')?.lastError).toContain(
        words,
      );

      await s.event({ type: 'app_home_opened', user: ADMIN, channel: 'DHOME', tab: 'home' });
      const home = await s.api.waitFor(() => s!.api.callsTo('views.publish')[0]);
      expect(JSON.stringify(home.args.view.blocks)).toContain('Needs attention');
      expect(JSON.stringify(home.args.view.blocks)).toContain(words);
    },
  );

  it('reports a revoked token to the admins, and the health check says so', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    seedMonth(s.h);
    s.api.revokeToken();
    const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect(report.channels[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('revoked') });
    expect(s.api.messages(SMT)).toHaveLength(0);
    expect(await s.adapter.health()).toEqual({ ok: false, detail: expect.stringContaining('revoked') });
  });

  it('finds a message Slack received but never confirmed, instead of posting it again', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    seedMonth(s.h);
    let n = 0;
    s.api.fail('chat.postMessage', { lostAnswer: true }, { when: () => ++n === 4 });
    await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    const parts = postedParts(s, SMT);
    expect(parts).toHaveLength(7);
    expect(new Set(parts).size).toBe(7);
  });

  it('resumes after a crash half-way through without posting anything twice', async () => {
    s = await slackStack({
      now: NOW,
      env: { HORIZON_SLACK_CHANNELS: SMT },
      adapter: { apiTimeoutMs: 60_000 },
    });
    seedMonth(s.h);
    let n = 0;
    // The 4th message (the second item) reaches Slack, and then the process "dies" waiting for the answer.
    s.api.fail('chat.postMessage', { hang: true }, { when: () => ++n === 4 });
    // It stops renewing its channel lease when it hangs, so a short lease lets the restart take over.
    const dying = postAgenda(s.h, [s.adapter.publisher], { sleep: noWait, leaseTtlMs: 300 }).catch(
      () => undefined,
    );
    await s.api.waitFor(() => s!.api.callsTo('chat.postMessage').length === 4);

    // A fresh start: new database connection, new adapter, same database file and the same Slack.
    const store = createStore(s.h.config.dbPath);
    const restarted: Horizon = { ...s.h, store };
    const adapter = createSlackAdapter(restarted, { minIntervalMs: 0 })!;
    await adapter.start();
    const report = await postAgenda(restarted, [adapter.publisher], { sleep: noWait });
    expect(report.channels[0]).toMatchObject({ status: 'ok', alreadyPosted: 4, posted: 3 });
    expect(s.api.callsTo('conversations.history').length).toBeGreaterThan(0);

    const list = agendaItems(frozen(restarted));
    expect(s.api.messages(SMT).map(partOf)).toEqual(['header', ...list.map((i) => `item:${i.itemId}`)]);
    for (const [k, m] of s.api.messages(SMT).slice(1).entries()) {
      expect(s.api.replies(SMT, m.ts).map(partOf)).toEqual([`prompt:${list[k]!.itemId}`]);
    }

    s.api.dropConnections();
    await dying;
    store.close();
  });

  it('uploads the hype-cycle chart into the header thread', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    seedMonth(s.h);
    await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait, chart: chart() });
    const header = s.api.messages(SMT)[0]!;
    expect(s.api.uploads).toEqual([
      expect.objectContaining({
        filename: 'horizon-2026-03.png',
        altText: 'Three topics, one at each stage',
        png: true,
        channel: SMT,
        threadTs: header.ts,
        completed: true,
      }),
    ]);
  });

  it('uploads the chart on resume when the process died after the header (the chart is a ledger part)', async () => {
    s = await slackStack({
      now: NOW,
      env: { HORIZON_SLACK_CHANNELS: SMT },
      adapter: { apiTimeoutMs: 60_000 },
    });
    seedMonth(s.h);
    // The header reaches Slack, then the process "dies" before the chart is uploaded.
    s.api.fail('files.getUploadURLExternal', { hang: true });
    const dying = postAgenda(s.h, [s.adapter.publisher], {
      sleep: noWait,
      chart: chart(),
      leaseTtlMs: 300,
    }).catch(() => undefined);
    await s.api.waitFor(() => s!.api.callsTo('files.getUploadURLExternal').length === 1);
    const store = createStore(s.h.config.dbPath);
    const restarted: Horizon = { ...s.h, store };
    const adapter = createSlackAdapter(restarted, { minIntervalMs: 0 })!;
    await adapter.start();
    await postAgenda(restarted, [adapter.publisher], { sleep: noWait, chart: chart() });
    const header = s.api.messages(SMT)[0]!;
    const completed = s.api.uploads.filter((u) => u.completed);
    expect(completed).toEqual([
      expect.objectContaining({ threadTs: header.ts, filename: 'horizon-2026-03.png' }),
    ]);
    expect(s.api.messages(SMT).map(partOf)[0]).toBe('header');
    expect(s.api.messages(SMT).filter((m) => partOf(m) === 'header')).toHaveLength(1);
    // Resumed again: the chart is recorded, so it is not uploaded twice.
    await postAgenda(restarted, [adapter.publisher], { sleep: noWait, chart: chart() });
    expect(s.api.uploads.filter((u) => u.completed)).toHaveLength(1);
    s.api.dropConnections();
    await dying;
    await adapter.stop();
    store.close();
  });

  it('posts the agenda without the chart when the upload fails', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    seedMonth(s.h);
    s.api.fail('files.getUploadURLExternal', { error: 'missing_scope' });
    const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait, chart: chart() });
    expect(report.channels[0]!.status).toBe('ok');
    expect(new Set(postedParts(s, SMT)).size).toBe(7);
  });

  it('waits out a rate limit in the middle of a long header without posting its start twice', async () => {
    s = await slackStack({ now: NOW });
    const client = createWebClient(BOT_TOKEN, { apiUrl: s.api.url, log: s.h.log });
    const waits: number[] = [];
    const publisher = createSlackPublisher(s.h, client, { sleep: async (ms) => void waits.push(ms) });
    const long = agenda({ deadlines: Array.from({ length: 1000 }, (_, i) => deadline(i)) });
    let n = 0;
    s.api.fail('chat.postMessage', { status: 429, retryAfter: 3 }, { when: () => ++n === 2 });
    const ref = await publisher.post(
      { platform: 'slack', channelId: SMT },
      { kind: 'header', key: 'header', agenda: long, chart: null, previous: null },
    );
    expect(waits).toEqual([3000]);
    expect(s.api.messages(SMT).map((m) => m.ts)).toEqual([ref.messageRef]);
    const continued = s.api.replies(SMT, ref.messageRef);
    expect(continued.length).toBeGreaterThan(0);
    const text = JSON.stringify([s.api.messages(SMT)[0]!.blocks, ...continued.map((m) => m.blocks)]);
    for (let i = 0; i < 1000; i++) expect(text).toContain(`/funding/${i}|`);
  });
});

function chart(): AgendaChart {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#1d3557"/></svg>';
  return { svg, png: new Resvg(svg).render().asPng(), alt: 'Three topics, one at each stage' };
}
