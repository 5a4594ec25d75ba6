import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackStack, type SlackStack } from './harness.js';

let s: SlackStack;
beforeEach(async () => {
  s = await slackStack();
});
afterEach(async () => {
  await s.close();
});

const FORM = 'application/x-www-form-urlencoded';

describe('POST /slack/events', () => {
  it("answers Slack's URL verification challenge", async () => {
    const res = await s.send(
      JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' }),
      'application/json',
    );
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ challenge: 'abc123' });
  });

  it("acknowledges Slack's notice that it is rate-limiting events", async () => {
    const res = await s.send(
      JSON.stringify({
        type: 'app_rate_limited',
        token: 't',
        team_id: 'T0001',
        minute_rate_limited: 1518467820,
        api_app_id: 'A0001',
      }),
      'application/json',
    );
    expect(res.status).toBe(200);
  });

  it('refuses a request signed with the wrong secret, and runs nothing', async () => {
    const body = new URLSearchParams({
      command: '/horizon',
      text: 'help',
      user_id: 'U1',
      response_url: s.api.responseUrl('forged'),
    }).toString();
    const res = await s.send(body, FORM, {}, { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.api.responses).toHaveLength(0);
  });

  it('refuses a correctly signed request older than five minutes (a replay)', async () => {
    const body = new URLSearchParams({
      command: '/horizon',
      text: 'help',
      user_id: 'U1',
      response_url: s.api.responseUrl('stale'),
    }).toString();
    const res = await s.send(body, FORM, {}, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
  });

  it('runs a signed slash command once: the same signed request replayed within the window is refused', async () => {
    const body = new URLSearchParams({
      command: '/horizon',
      text: 'help',
      user_id: 'UADMIN01',
      response_url: s.api.responseUrl('replayed'),
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const first = await s.send(body, FORM, {}, { timestamp: ts });
    expect(first.status).toBe(200);
    const replay = await s.send(body, FORM, {}, { timestamp: ts });
    expect(replay.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(s.api.responses.filter((r) => r.id === 'replayed')).toHaveLength(1);
  });

  it('refuses a correctly signed request dated an hour in the future', async () => {
    const body = new URLSearchParams({
      command: '/horizon',
      text: 'help',
      user_id: 'U1',
      response_url: s.api.responseUrl('future'),
    }).toString();
    const res = await s.send(body, FORM, {}, { timestamp: Math.floor(Date.now() / 1000) + 3600 });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.api.responses).toHaveLength(0);
  });

  it('refuses a request with no signature at all', async () => {
    const res = await fetch(`${s.base}/slack/events`, {
      method: 'POST',
      body: '{"type":"url_verification","challenge":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(401);
  });

  it.each([
    ['a JSON array', '[1,2,3]', 'application/json'],
    ['JSON null', 'null', 'application/json'],
    ['broken JSON', '{"type":', 'application/json'],
    [
      'an event with no event',
      JSON.stringify({ type: 'event_callback', event_id: 'Ev1' }),
      'application/json',
    ],
    ['a form that is neither command nor payload', 'hello=world', FORM],
    ['a payload that is not JSON', 'payload=%7Bnot-json', FORM],
    [
      'a button press with no actions',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' } }))}`,
      FORM,
    ],
    [
      'a form submission with no view',
      `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission', user: { id: 'U1' } }))}`,
      FORM,
    ],
    ['plain text', 'hello', 'text/plain'],
  ])('answers 400 to a signed body that is not what Slack sends: %s', async (_name, body, type) => {
    const res = await s.send(body, type);
    expect(res.status).toBe(400);
    const health = await fetch(`${s.base}/healthz`);
    expect(health.status).toBe(200);
  });

  it('refuses a body larger than the cap with 413', async () => {
    const res = await s.send(`payload=${'x'.repeat(1024 * 1024 + 10)}`, FORM);
    expect(res.status).toBe(413);
  });

  it('reports the Slack adapter on /healthz', async () => {
    const res = await fetch(`${s.base}/healthz`);
    const report = (await res.json()) as { checks: Record<string, { ok: boolean; detail: string }> };
    expect(report.checks.slack).toEqual({
      ok: true,
      detail: expect.stringContaining('HTTP (POST /slack/events)'),
    });
  });
});
