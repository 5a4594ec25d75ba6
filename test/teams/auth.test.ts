import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../adapters/teams/index.js';
import { testHorizon } from '../support/horizon.js';
import { APP_ID, channelMessage, personalMessage, startTeams, type TeamsTest } from './harness.js';

describe('POST /api/messages with an app id configured', () => {
  let t: TeamsTest;
  beforeAll(async () => {
    t = await startTeams();
  });
  afterAll(() => t.stop());

  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a request whose token the issuer signed for this bot, and answers through the connector', async () => {
    const res = await t.send(personalMessage(t, 'help'));
    expect(res.status).toBe(200);
    const reply = t.connector.callsOf('reply').at(-1)!;
    expect(reply.authorization).toMatch(/^Bearer /);
  });

  it('refuses a request with no token', async () => {
    const res = await t.send(personalMessage(t, 'help'), { authorization: null });
    expect(res.status).toBe(401);
  });

  it('refuses a token signed with a key the issuer never published', async () => {
    const res = await t.send(personalMessage(t, 'help'), {
      authorization: `Bearer ${t.token({}, { key: 'stranger' })}`,
    });
    expect(res.status).toBe(401);
  });

  it('refuses a token for another bot (wrong audience)', async () => {
    const res = await t.send(personalMessage(t, 'help'), {
      authorization: `Bearer ${t.token({ aud: 'another-bot' })}`,
    });
    expect(res.status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const res = await t.send(personalMessage(t, 'help'), {
      authorization: `Bearer ${t.token({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })}`,
    });
    expect(res.status).toBe(401);
  });

  it('refuses a token from another issuer', async () => {
    const res = await t.send(personalMessage(t, 'help'), {
      authorization: `Bearer ${t.token({ iss: 'https://evil.example' })}`,
    });
    expect(res.status).toBe(401);
  });

  it('refuses a valid token replayed for another service URL', async () => {
    const res = await t.send({ ...personalMessage(t, 'help'), serviceUrl: 'http://127.0.0.1:9/' });
    expect(res.status).toBe(401);
  });

  it('runs nothing for a refused request', async () => {
    const before = t.connector.calls.length;
    await t.send(channelMessage(t, 'status'), { authorization: null });
    expect(t.connector.calls.length).toBe(before);
  });

  it('answers 400 to a body that is not JSON, and keeps serving', async () => {
    const res = await fetch(`${t.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token()}` },
      body: '{"type": "message", ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/not valid JSON/);
    expect((await t.send(personalMessage(t, 'help'))).status).toBe(200);
  });

  it('answers 400 to JSON that is not an activity', async () => {
    for (const body of ['[]', '"text"', '{"text":"no type"}', '{"type":"message","text":42}']) {
      const res = await fetch(`${t.base}/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.token()}` },
        body,
      });
      expect(res.status, body).toBe(400);
    }
  });

  it('answers 413 to a body far larger than any activity', async () => {
    const res = await fetch(`${t.base}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token()}` },
      body: JSON.stringify({ type: 'message', text: 'x'.repeat(400 * 1024) }),
    });
    expect(res.status).toBe(413);
  });
});

describe('whether the Teams endpoint is on', () => {
  it('is off without an app id', () => {
    const t = testHorizon();
    try {
      expect(createTeamsAdapter(t.h)).toBeNull();
    } finally {
      t.close();
    }
  });

  it('is on without an app id only when TEAMS_ALLOW_UNAUTHENTICATED is set, and warns at start-up', () => {
    const t = testHorizon({ env: { TEAMS_ALLOW_UNAUTHENTICATED: '1' } });
    const warnings: string[] = [];
    t.h.log = { ...t.h.log, warn: (msg: string) => warnings.push(msg) } as unknown as typeof t.h.log;
    try {
      expect(createTeamsAdapter(t.h)?.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /api/messages',
      ]);
      expect(warnings.join(' ')).toMatch(/without authentication/);
    } finally {
      t.close();
    }
  });

  it('says which setting is missing when single-tenant has no tenant id', () => {
    const t = testHorizon({
      env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'x', MICROSOFT_APP_TYPE: 'SingleTenant' },
    });
    try {
      expect(() => createTeamsAdapter(t.h)).toThrow(/MICROSOFT_APP_TENANT_ID/);
    } finally {
      t.close();
    }
  });
});
