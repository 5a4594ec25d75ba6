// Builds a running Horizon with the Teams adapter on the shared HTTP server, talking to the local fake
// Bot Framework, and small builders for the activities Teams sends.
import type { Server } from 'node:http';
import { createTeamsAdapter, type TeamsChatAdapter } from '../../adapters/teams/index.js';
import { createHttpServer, listen } from '../../src/http/server.js';
import { startFakeConnector, type FakeConnector } from '../support/bot-connector-server.js';
import { testHorizon, type TestHorizon } from '../support/horizon.js';

export const APP_ID = '3f1c2a9e-5b7d-4c1e-9a2f-0d8e7b6c5a41';
export const PASSWORD = 'not-a-real-secret';
export const TENANT = 'b2c3d4e5-0000-4000-8000-000000000001';
export const ADMIN = 'aad-admin-0001';
export const EDITOR = 'aad-editor-0002';
export const MEMBER = 'aad-member-0003';
export const CHANNEL = '19:smt0channel@thread.tacv2';
export const BOT = { id: `28:${APP_ID}`, name: 'Horizon' };

export interface TeamsTest extends TestHorizon {
  connector: FakeConnector;
  adapter: TeamsChatAdapter;
  base: string;
  /** Posts an activity to /api/messages; signs a valid channel token unless told otherwise. */
  send(activity: Record<string, unknown>, opts?: { authorization?: string | null }): Promise<Response>;
  token(claims?: Record<string, unknown>, opts?: Parameters<FakeConnector['channelToken']>[1]): string;
  stop(): Promise<void>;
}

export async function startTeams(
  opts: {
    authenticated?: boolean;
    env?: Record<string, string>;
    members?: Record<string, { name: string }>;
  } = {},
): Promise<TeamsTest> {
  const authenticated = opts.authenticated ?? true;
  const connector = await startFakeConnector({
    ...(authenticated ? { requireTokenFor: APP_ID, password: PASSWORD } : {}),
    members: opts.members,
  });
  const t = testHorizon({
    env: {
      HORIZON_ADMINS: ADMIN,
      HORIZON_EDITORS: EDITOR,
      ...(authenticated
        ? { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: PASSWORD, MICROSOFT_APP_TENANT_ID: TENANT }
        : { TEAMS_ALLOW_UNAUTHENTICATED: '1' }),
      ...opts.env,
    },
  });
  const adapter = createTeamsAdapter(
    t.h,
    authenticated
      ? {
          endpoints: {
            channelOpenIdMetadataUrl: connector.openIdMetadataUrl,
            channelTokenIssuer: connector.issuer,
            oauthScope: connector.scope,
          },
          credentialsFactory: connector.credentialsFactory(APP_ID, PASSWORD),
          minIntervalMs: 0,
        }
      : { minIntervalMs: 0 },
  );
  if (!adapter) throw new Error('the Teams adapter should be configured');
  const server: Server = createHttpServer({ adapters: [adapter], log: t.h.log });
  const port = await listen(server, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;

  function token(
    claims: Record<string, unknown> = {},
    o?: Parameters<FakeConnector['channelToken']>[1],
  ): string {
    const now = Math.floor(Date.now() / 1000);
    return connector.channelToken(
      {
        iss: connector.issuer,
        aud: APP_ID,
        serviceurl: connector.url,
        nbf: now - 60,
        iat: now - 60,
        exp: now + 3600,
        ...claims,
      },
      o,
    );
  }

  return {
    ...t,
    connector,
    adapter,
    base,
    token,
    async send(activity, o = {}) {
      const authorization =
        o.authorization === undefined ? (authenticated ? `Bearer ${token()}` : null) : o.authorization;
      return fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify(activity),
      });
    },
    async stop() {
      await adapter.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await connector.close();
      t.close();
    },
  };
}

let seq = 0;

interface Who {
  user?: string;
  name?: string;
}

function envelope(t: TeamsTest, extra: Record<string, unknown>, who: Who = {}) {
  const user = who.user ?? MEMBER;
  return {
    id: `act-${++seq}`,
    channelId: 'msteams',
    serviceUrl: t.connector.url,
    timestamp: new Date().toISOString(),
    from: { id: `29:${user}`, aadObjectId: user, name: who.name ?? 'Sam Smith' },
    recipient: BOT,
    ...extra,
  };
}

/** "@Horizon …" in a channel, as Teams delivers it: the mention inside the text and as an entity. */
export function channelMessage(
  t: TeamsTest,
  text: string,
  who: Who & { channel?: string; thread?: string } = {},
) {
  const channel = who.channel ?? CHANNEL;
  const threadId = who.thread ?? String(++seq);
  return envelope(
    t,
    {
      type: 'message',
      text: `<at>Horizon</at> ${text}`,
      entities: [{ type: 'mention', text: '<at>Horizon</at>', mentioned: BOT }],
      conversation: {
        id: `${channel};messageid=${threadId}`,
        conversationType: 'channel',
        isGroup: true,
        tenantId: TENANT,
      },
      channelData: {
        channel: { id: channel, name: 'SMT' },
        team: { id: channel, name: 'Leadership' },
        tenant: { id: TENANT },
      },
    },
    who,
  );
}

export function personalConversationId(user: string): string {
  return `a:personal-${user}`;
}

/** A message in the bot's personal chat: no mention needed. */
export function personalMessage(t: TeamsTest, text: string, who: Who = {}) {
  const user = who.user ?? MEMBER;
  return envelope(
    t,
    {
      type: 'message',
      text,
      conversation: { id: personalConversationId(user), conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    },
    who,
  );
}

/** What Teams sends when someone presses a card's submit button. */
export function cardSubmit(
  t: TeamsTest,
  value: Record<string, unknown>,
  at: { conversationId: string; replyToId: string },
  who: Who = {},
) {
  const personal = at.conversationId.startsWith('a:');
  return envelope(
    t,
    {
      type: 'message',
      value,
      replyToId: at.replyToId,
      conversation: {
        id: at.conversationId,
        conversationType: personal ? 'personal' : 'channel',
        tenantId: TENANT,
      },
      channelData: personal
        ? { tenant: { id: TENANT } }
        : { channel: { id: at.conversationId.split(';')[0] }, tenant: { id: TENANT } },
    },
    who,
  );
}

/** The bot being added to a team. */
export function botAddedToTeam(t: TeamsTest, channel = CHANNEL) {
  return envelope(t, {
    type: 'conversationUpdate',
    membersAdded: [BOT],
    conversation: { id: channel, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: {
      team: { id: channel, name: 'Leadership' },
      eventType: 'teamMemberAdded',
      tenant: { id: TENANT },
    },
  });
}
