/* eslint-disable @typescript-eslint/no-explicit-any -- answers are JSON from the wire, checked by the assertions */
// Builds the whole Slack stack for a test: a real Horizon on a temp SQLite file, the Slack adapter on the
// shared HTTP server, and the local Slack Web API. Requests are signed exactly as Slack signs them.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackAdapter, type SlackAdapterOptions } from '../../adapters/slack/index.js';
import type { ChatAdapter } from '../../src/chat/types.js';
import type { Horizon } from '../../src/context.js';
import { createHttpServer, listen } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { startSlackApi, type FakeSlack } from '../support/slack-api-server.js';
import { testHorizon, type TestHorizon } from '../support/horizon.js';

export const SIGNING_SECRET = 'test-signing-secret-8f1c';
export const BOT_TOKEN = 'xoxb-test-token';
export const ADMIN = 'UADMIN01';
export const EDITOR = 'UEDITOR1';
export const MEMBER = 'UMEMBER1';

export function slackEnv(api: FakeSlack, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.url,
    HORIZON_ADMINS: ADMIN,
    HORIZON_EDITORS: EDITOR,
    ...extra,
  };
}

export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface HttpAnswer {
  status: number;
  text: string;
  json(): any;
}

export interface SlackStack {
  th: TestHorizon;
  h: Horizon;
  api: FakeSlack;
  adapter: ChatAdapter;
  base: string;
  /** Posts a signed body to /slack/events. */
  send(
    body: string,
    contentType: string,
    headers?: Record<string, string>,
    opts?: { timestamp?: number; secret?: string },
  ): Promise<HttpAnswer>;
  /** `/horizon TEXT` from a user in a channel; the reply arrives at `api.responses` under `responseId`. */
  slash(text: string, o?: { user?: string; channel?: string; responseId?: string }): Promise<HttpAnswer>;
  interact(payload: Record<string, unknown>): Promise<HttpAnswer>;
  event(event: Record<string, unknown>, o?: { eventId?: string; retryNum?: number }): Promise<HttpAnswer>;
  close(): Promise<void>;
}

let seq = 0;

export async function slackStack(
  o: { env?: Record<string, string>; now?: string; adapter?: SlackAdapterOptions } = {},
): Promise<SlackStack> {
  const api = await startSlackApi({ botToken: BOT_TOKEN });
  const th = testHorizon({ now: o.now, env: slackEnv(api, o.env) });
  const adapter = createSlackAdapter(th.h, { minIntervalMs: 0, ...o.adapter })!;
  await adapter.start();
  const server = createHttpServer({ adapters: [adapter], log: silentLogger });
  const port = await listen(server, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;

  async function send(
    body: string,
    contentType: string,
    headers: Record<string, string> = {},
    s: { timestamp?: number; secret?: string } = {},
  ) {
    const ts = s.timestamp ?? Math.floor(Date.now() / 1000);
    const res = await fetch(`${base}/slack/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signature(body, ts, s.secret),
        ...headers,
      },
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }

  return {
    th,
    h: th.h,
    api,
    adapter,
    base,
    send,
    slash(text, c = {}) {
      seq++;
      const form = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: 'T0001',
        team_domain: 'horizon-test',
        channel_id: c.channel ?? 'CSMT0001',
        channel_name: 'smt',
        user_id: c.user ?? ADMIN,
        user_name: 'someone',
        command: '/horizon',
        text,
        api_app_id: 'A0001',
        response_url: api.responseUrl(c.responseId ?? `cmd-${seq}`),
        trigger_id: `trigger-${seq}`,
      });
      return send(form.toString(), 'application/x-www-form-urlencoded');
    },
    interact(payload) {
      seq++;
      const full = {
        team: { id: 'T0001', domain: 'horizon-test' },
        api_app_id: 'A0001',
        token: 'legacy-verification-token',
        trigger_id: `trigger-${seq}`,
        ...payload,
      };
      return send(
        new URLSearchParams({ payload: JSON.stringify(full) }).toString(),
        'application/x-www-form-urlencoded',
      );
    },
    event(event, e = {}) {
      seq++;
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: 'T0001',
        api_app_id: 'A0001',
        type: 'event_callback',
        event_id: e.eventId ?? `Ev${seq}`,
        event_time: Math.floor(Date.now() / 1000),
        event: { event_ts: `${Date.now() / 1000}`, ...event },
      });
      const headers: Record<string, string> = e.retryNum
        ? { 'x-slack-retry-num': String(e.retryNum), 'x-slack-retry-reason': 'http_timeout' }
        : {};
      return send(body, 'application/json', headers);
    },
    async close() {
      await new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      });
      await adapter.stop();
      await api.close();
      th.close();
    },
  };
}

/** A button press on an agenda item message, as Slack sends it. */
export function blockAction(
  action: Record<string, unknown>,
  o: { user?: string; channel?: string; messageTs?: string; responseId?: string; api: FakeSlack },
) {
  return {
    type: 'block_actions',
    user: { id: o.user ?? EDITOR, username: 'editor' },
    container: {
      type: 'message',
      message_ts: o.messageTs ?? '1700000000.000100',
      channel_id: o.channel ?? 'CSMT0001',
    },
    channel: { id: o.channel ?? 'CSMT0001', name: 'smt' },
    message: { type: 'message', ts: o.messageTs ?? '1700000000.000100', text: 'item' },
    response_url: o.api.responseUrl(o.responseId ?? 'action'),
    actions: [{ block_id: 'b1', action_ts: `${Date.now() / 1000}`, ...action }],
  };
}

/** A form submission, as Slack sends it. */
export function viewSubmission(
  callbackId: string,
  values: Record<string, Record<string, unknown>>,
  o: { user?: string; privateMetadata?: string } = {},
) {
  return {
    type: 'view_submission',
    user: { id: o.user ?? EDITOR, username: 'editor' },
    view: {
      id: 'VFORM01',
      type: 'modal',
      callback_id: callbackId,
      private_metadata: o.privateMetadata ?? '',
      hash: 'h1',
      state: { values },
    },
  };
}

export interface FeedServer {
  url(path: string): string;
  /** Requests the server has received, by path. */
  requests: string[];
  /** Holds answers to `path` until `release()`: a slow feed. */
  hold(path: string): { release(): void };
  close(): Promise<void>;
}

/** Real feed files on 127.0.0.1, as a publisher's server would serve them. */
export async function feedServer(): Promise<FeedServer> {
  const requests: string[] = [];
  const gates = new Map<string, Promise<void>>();
  const feed = readFileSync(new URL('../fixtures/slack/heraldsun.rss', import.meta.url));
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    void (gates.get(path) ?? Promise.resolve()).then(() => {
      if (path.endsWith('.rss')) {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(feed);
      } else if (path.endsWith('.html')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(
          '<!doctype html><html><head><title>Not a feed</title></head><body><p>Hello</p></body></html>',
        );
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    hold(path) {
      let release!: () => void;
      gates.set(path, new Promise<void>((r) => (release = r)));
      return { release: () => release() };
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
