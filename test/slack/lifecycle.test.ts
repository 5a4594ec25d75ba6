import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { postAgenda } from '../../src/agenda/post.js';
import { ConfigError } from '../../src/config.js';
import { startSlackApi, type FakeSlack } from '../support/slack-api-server.js';
import { feed, items, testHorizon, type TestHorizon } from '../support/horizon.js';
import { BOT_TOKEN, SIGNING_SECRET, slackEnv } from './harness.js';

let api: FakeSlack | undefined;
let th: TestHorizon | undefined;
afterEach(async () => {
  await api?.close();
  th?.close();
  api = th = undefined;
});

describe('starting the Slack adapter', () => {
  it('is off when no bot token is set', async () => {
    th = testHorizon();
    expect(createSlackAdapter(th.h)).toBeNull();
  });

  it('stops start-up with the variable and where to find it when Slack refuses the token', async () => {
    api = await startSlackApi({ botToken: 'xoxb-the-real-one' });
    th = testHorizon({ env: slackEnv(api) });
    const adapter = createSlackAdapter(th.h)!;
    const err = await adapter.start().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('SLACK_BOT_TOKEN');
    expect((err as Error).message).toContain('OAuth & Permissions');
    expect((err as Error).message).not.toContain(BOT_TOKEN);
    expect(await adapter.health()).toMatchObject({ ok: false });
  });

  it('offers POST /slack/events in HTTP mode and no route in Socket Mode', async () => {
    api = await startSlackApi();
    th = testHorizon({ env: slackEnv(api) });
    expect(createSlackAdapter(th.h)!.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /slack/events',
    ]);
    const socket = testHorizon({ env: slackEnv(api, { SLACK_APP_TOKEN: 'xapp-1-test' }) });
    try {
      const adapter = createSlackAdapter(socket.h)!;
      expect(adapter.routes).toEqual([]);
      expect(await adapter.health()).toEqual({ ok: false, detail: 'Socket Mode: not connected' });
    } finally {
      socket.close();
    }
  });

  it('keeps tokens and the signing secret out of the logs, even at trace level and on failures', async () => {
    api = await startSlackApi();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    th = testHorizon({
      env: slackEnv(api, { HORIZON_SLACK_CHANNELS: 'CSMT0001' }),
      now: '2026-03-20T09:00:00Z',
    });
    th.h.log = pino({ level: 'trace' }, sink);
    items(th.h, feed(th.h), [
      { title: 'Consultation launched on carers', publishedAt: '2026-03-03T10:00:00Z' },
    ]);
    const adapter = createSlackAdapter(th.h, { minIntervalMs: 0 })!;
    await adapter.start();
    api.fail('chat.postMessage', { status: 429, retryAfter: 1 });
    api.fail('chat.postMessage', { error: 'not_in_channel' }, { times: 10 });
    await postAgenda(th.h, [adapter.publisher], { sleep: async () => undefined });
    const log = lines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(BOT_TOKEN);
    expect(log).not.toContain(SIGNING_SECRET);
  });

  it('posts from the shell with only the bot token and a channel set (no receiver, no signing secret)', async () => {
    api = await startSlackApi({ botToken: BOT_TOKEN });
    th = testHorizon({
      now: '2026-03-20T09:00:00Z',
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url, HORIZON_SLACK_CHANNELS: 'CSMT0001' },
    });
    expect(() => createSlackAdapter(th!.h)).toThrow(ConfigError);
    const adapter = createSlackAdapter(th.h, { publishOnly: true, minIntervalMs: 0 })!;
    expect(adapter.routes).toEqual([]);
    items(th.h, feed(th.h), [
      { title: 'Consultation launched on carers', publishedAt: '2026-03-03T10:00:00Z' },
    ]);
    const report = await postAgenda(th.h, [adapter.publisher], { sleep: async () => undefined });
    expect(report.channels).toEqual([
      expect.objectContaining({ channelId: 'CSMT0001', status: 'ok', posted: 3 }),
    ]);
    expect(api.messages('CSMT0001')).toHaveLength(2);
  });
});
