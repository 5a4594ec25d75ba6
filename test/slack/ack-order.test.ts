// A burst of slash commands is acknowledged before any command's work starts: Slack waits at most three
// seconds for an ack, and an agenda build run straight after one ack would hold up every later request.
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createHttpServer, listen } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { startSlackApi, type FakeSlack } from '../support/slack-api-server.js';
import { testHorizon, type TestHorizon } from '../support/horizon.js';
import { ADMIN, BOT_TOKEN, signature, slackEnv } from './harness.js';
import type { Server } from 'node:http';

let api: FakeSlack;
let th: TestHorizon;
let server: Server;
let port: number;
/** Responses the server has finished writing: an ack is answered when its response is. */
let answered = 0;
/** Connections the server has accepted. */
let accepted = 0;

beforeEach(async () => {
  api = await startSlackApi({ botToken: BOT_TOKEN });
  th = testHorizon({ env: slackEnv(api) });
  const adapter = createSlackAdapter(th.h, { minIntervalMs: 0 })!;
  await adapter.start();
  server = createHttpServer({ adapters: [adapter], log: silentLogger });
  answered = 0;
  accepted = 0;
  server.prependListener('request', (_req, res) => res.once('finish', () => answered++));
  server.on('connection', () => accepted++);
  port = await listen(server, 0, '127.0.0.1');
});
afterEach(async () => {
  await new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });
  await api.close();
  th.close();
});

function slashRequest(text: string, id: string): string {
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0001',
    channel_id: 'CSMT0001',
    channel_name: 'smt',
    user_id: ADMIN,
    user_name: 'admin',
    command: '/horizon',
    text,
    api_app_id: 'A0001',
    response_url: api.responseUrl(id),
    trigger_id: `trigger-${id}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  return [
    'POST /slack/events HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Content-Type: application/x-www-form-urlencoded',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Slack-Request-Timestamp: ${ts}`,
    `X-Slack-Signature: ${signature(body, ts)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

function opened(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

const statusOf = (s: Socket) =>
  new Promise<number>((resolve) => {
    let text = '';
    s.on('data', (d: Buffer) => (text += d.toString()));
    s.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
  });

describe('Slack acknowledgements under a burst', () => {
  it('answers every command already received before any command starts its work', async () => {
    const N = 6;
    // Each command's work begins by reading the agenda's records; note how many acks were out each time.
    const ackedAtWorkStart: number[] = [];
    const get = th.h.store.agendas.get.bind(th.h.store.agendas);
    th.h.store.agendas.get = (month) => {
      ackedAtWorkStart.push(answered);
      return get(month);
    };
    // Connections first (accepted by the server), then every request written at once, so the server
    // reads all N in one go.
    const sockets = await Promise.all(Array.from({ length: N }, () => opened()));
    while (accepted < N) await new Promise((r) => setTimeout(r, 5));
    const statuses = sockets.map(statusOf);
    sockets.forEach((s, i) => s.end(slashRequest('agenda preview', `burst-${i}`)));

    expect(await Promise.all(statuses)).toEqual(Array(N).fill(200));
    for (let i = 0; i < N; i++) await api.waitFor(() => api.responses.find((r) => r.id === `burst-${i}`));
    // Every command read it (a preview may read more than one month's record: last month's decisions).
    expect(ackedAtWorkStart.length).toBeGreaterThanOrEqual(N);
    // Before the change, the first build ran straight after the first ack, with five requests unanswered.
    expect(ackedAtWorkStart.every((acked) => acked === N)).toBe(true);
  });
});
