/* eslint-disable @typescript-eslint/no-explicit-any -- activities and cards are JSON from the wire, checked by the assertions */
// A local stand-in for the Bot Framework: a real HTTP server on 127.0.0.1 that plays the connector Teams
// bots post to (create a channel thread, send, reply, update), and an OpenID issuer with an RSA key made for
// the test, which signs the tokens "Teams" sends to the bot and the tokens the bot gets for itself. Every
// call is recorded; any route can be told to fail the way the real service fails.
import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceClientCredentialsFactory } from 'botframework-connector';

/** The part of an outgoing request that credentials touch. */
interface WebResourceLike {
  headers: { set(name: string, value: string): void };
}

export interface ConnectorCall {
  method: 'POST' | 'PUT';
  kind: 'create-conversation' | 'send' | 'reply' | 'update';
  conversationId?: string;
  activityId?: string;
  body: any;
  authorization: string | null;
}

export interface ChannelMessage {
  id: string;
  /** The thread's conversation id, `channel;messageid=id`. */
  threadId: string;
  channelId: string;
  activity: any;
  replies: { id: string; activity: any }[];
}

export type Failure =
  | { status: 429; retryAfter?: number }
  | { status: 500 | 502 | 503 | 403 | 404 | 400; retryAfter?: number }
  /** The connector delivers the message, but its answer never arrives (the connection drops). */
  | { lostAnswer: true }
  /** The connector delivers the message and never answers: the bot waits, as if it had died there. */
  | { hang: true };

interface Rule {
  kind: ConnectorCall['kind'];
  failure: Failure;
  times: number;
  /** Calls of this kind to let through before failing. */
  after: number;
}

export interface FakeConnector {
  /** Base URL, used as the activities' serviceUrl. */
  url: string;
  /** The issuer: OpenID metadata URL and `iss` of every token it signs. */
  openIdMetadataUrl: string;
  issuer: string;
  /** The audience the connector expects on the bot's own tokens. */
  scope: string;
  calls: ConnectorCall[];
  callsOf(kind: ConnectorCall['kind']): ConnectorCall[];
  /** Top-level posts in a channel, oldest first, with their replies. */
  posts(channelId: string): ChannelMessage[];
  /** Messages sent straight to a conversation (a personal chat, or a command's thread). */
  sent(conversationId: string): any[];
  /** Fails the next `times` calls of a kind, after letting `after` of them through. */
  fail(kind: ConnectorCall['kind'], failure: Failure, opts?: { times?: number; after?: number }): void;
  /** Signs a token as a channel would; `key: 'stranger'` signs with a key the issuer never published. */
  channelToken(claims: Record<string, unknown>, opts?: { key?: 'issuer' | 'stranger'; kid?: string }): string;
  /** Credentials the bot uses for outgoing calls: tokens from this issuer's token endpoint. */
  credentialsFactory(appId: string, password: string): ServiceClientCredentialsFactory;
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export interface FakeConnectorOptions {
  /** People the members endpoint knows, by Entra object id (TeamsInfo.getMember reads their names). */
  members?: Record<string, { name: string }>;
  /** When set, every connector call must carry a token from this issuer for this app id. */
  requireTokenFor?: string;
  /** The client secret the token endpoint accepts. */
  password?: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key);
  return `${head}.${body}.${b64url(signature)}`;
}

function verifyJwt(token: string, key: KeyObject): Record<string, any> | null {
  const [head, body, signature] = token.split('.');
  if (!head || !body || !signature) return null;
  if (!verify('RSA-SHA256', Buffer.from(`${head}.${body}`), key, Buffer.from(signature, 'base64url')))
    return null;
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, any>;
}

function readJson(req: IncomingMessage): Promise<any> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve(undefined);
      try {
        resolve(
          req.headers['content-type']?.includes('x-www-form-urlencoded')
            ? Object.fromEntries(new URLSearchParams(text))
            : JSON.parse(text),
        );
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export async function startFakeConnector(opts: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = 'horizon-test-key';
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const calls: ConnectorCall[] = [];
  const rules: Rule[] = [];
  const channels = new Map<string, ChannelMessage[]>();
  const conversations = new Map<string, any[]>();
  let seq = 1000;
  let base = '';
  const scope = 'https://connector.test';

  function failure(kind: ConnectorCall['kind']): Failure | null {
    const rule = rules.find((r) => r.kind === kind && r.times > 0);
    if (!rule) return null;
    if (rule.after > 0) {
      rule.after--;
      return null;
    }
    rule.times--;
    return rule.failure;
  }

  function authorised(req: IncomingMessage): boolean {
    if (!opts.requireTokenFor) return true;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const claims = token ? verifyJwt(token, createPublicKey(privateKey)) : null;
    return Boolean(
      claims &&
      claims.aud === scope &&
      claims.appid === opts.requireTokenFor &&
      claims.exp * 1000 > Date.now(),
    );
  }

  function thread(conversationId: string): ChannelMessage | undefined {
    const [channelId] = conversationId.split(';messageid=');
    return channels.get(channelId!)?.find((m) => m.threadId === conversationId);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer: base,
        jwks_uri: `${base}/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (req.method === 'GET' && path === '/keys') {
      return json(res, 200, {
        keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256', endorsements: ['msteams', 'emulator'] }],
      });
    }
    if (req.method === 'POST' && path === '/token') {
      const form = await readJson(req);
      if (form?.client_id !== opts.requireTokenFor || form?.client_secret !== opts.password) {
        return json(res, 401, { error: 'invalid_client' });
      }
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt(
        { iss: base, aud: form.scope ?? scope, appid: form.client_id, iat: now, exp: now + 3600 },
        privateKey,
        kid,
      );
      return json(res, 200, { token_type: 'Bearer', expires_in: 3600, access_token: token });
    }

    const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && member) {
      // Teams finds a member by Entra object id or by the "29:" id activities and mentions carry.
      const id = decodeURIComponent(member[1]!).replace(/^29:/, '');
      const person = opts.members?.[id];
      return person
        ? json(res, 200, { id: `29:${id}`, aadObjectId: id, name: person.name })
        : json(res, 404, { error: { code: 'MemberNotFoundInConversation', message: id } });
    }
    const m = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(path);
    if (!m || (req.method !== 'POST' && req.method !== 'PUT'))
      return json(res, 404, { error: { code: 'NotFound', message: path } });
    const conversationId = m[1] ? decodeURIComponent(m[1]) : undefined;
    const activityId = m[2] ? decodeURIComponent(m[2]) : undefined;
    const kind: ConnectorCall['kind'] = !conversationId
      ? 'create-conversation'
      : !activityId
        ? 'send'
        : req.method === 'PUT'
          ? 'update'
          : 'reply';
    const body = await readJson(req);
    calls.push({
      method: req.method,
      kind,
      conversationId,
      activityId,
      body,
      authorization: req.headers.authorization ?? null,
    });

    if (!authorised(req))
      return json(res, 401, {
        error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' },
      });
    const f = failure(kind);
    // Delivered, then the answer is lost or never sent: the message is stored as usual below.
    const swallow = f && 'lostAnswer' in f ? 'lost' : f && 'hang' in f ? 'hang' : null;
    const answer = (status: number, body: unknown) => {
      if (swallow === 'lost') req.socket.destroy();
      else if (swallow === null) json(res, status, body);
    };
    if (f && 'status' in f) {
      const headers: Record<string, string> =
        f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {};
      return json(
        res,
        f.status,
        { error: { code: f.status === 429 ? 'Throttled' : 'ServiceError', message: `scripted ${f.status}` } },
        headers,
      );
    }

    const id = String(++seq);
    switch (kind) {
      case 'create-conversation': {
        const channelId = body?.channelData?.channel?.id;
        if (!channelId || !body.isGroup || !body.activity)
          return json(res, 400, {
            error: { code: 'BadArgument', message: 'expected isGroup, channelData.channel.id and activity' },
          });
        const threadId = `${channelId};messageid=${id}`;
        const list = channels.get(channelId) ?? [];
        list.push({ id, threadId, channelId, activity: body.activity, replies: [] });
        channels.set(channelId, list);
        return answer(201, { id: threadId, activityId: id });
      }
      case 'send':
      case 'reply': {
        const t = thread(conversationId!);
        if (t) t.replies.push({ id, activity: body });
        else
          conversations.set(conversationId!, [
            ...(conversations.get(conversationId!) ?? []),
            { ...body, id },
          ]);
        return answer(200, { id });
      }
      case 'update': {
        // A channel post (a thread's first message) or a reply in a thread, replaced where it stands.
        const t = thread(conversationId!);
        if (t && t.id === activityId) {
          t.activity = { ...body, updated: true };
          return answer(200, { id: activityId });
        }
        const r = t?.replies.find((x) => x.id === activityId);
        if (r) {
          r.activity = { ...body, updated: true };
          return answer(200, { id: activityId });
        }
        if (t) return json(res, 404, { error: { code: 'ActivityNotFound', message: 'no such activity' } });
        const list = conversations.get(conversationId!) ?? [];
        list.push({ ...body, id: activityId, updated: true });
        conversations.set(conversationId!, list);
        return answer(200, { id: activityId });
      }
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) =>
      json(res, 400, { error: { code: 'BadRequest', message: err.message } }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  class LocalIssuerCredentials extends ServiceClientCredentialsFactory {
    constructor(
      private readonly appId: string,
      private readonly password: string,
    ) {
      super();
    }
    async isValidAppId(appId = ''): Promise<boolean> {
      return appId === this.appId;
    }
    async isAuthenticationDisabled(): Promise<boolean> {
      return false;
    }
    // The same client-credentials exchange MSAL makes with Entra ID, against the local token endpoint.
    async createCredentials(appId: string, audience?: string): Promise<any> {
      const { password } = this;
      return {
        async signRequest(webResource: WebResourceLike): Promise<WebResourceLike> {
          const res = await fetch(`${base}/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              grant_type: 'client_credentials',
              client_id: appId,
              client_secret: password,
              scope: audience ?? scope,
            }),
          });
          const token = (await res.json()) as { access_token?: string };
          if (token.access_token) webResource.headers.set('authorization', `Bearer ${token.access_token}`);
          return webResource;
        },
      };
    }
  }

  return {
    url: base,
    openIdMetadataUrl: `${base}/.well-known/openid-configuration`,
    issuer: base,
    scope,
    calls,
    callsOf: (kind) => calls.filter((c) => c.kind === kind),
    posts: (channelId) => channels.get(channelId) ?? [],
    sent: (conversationId) => conversations.get(conversationId) ?? [],
    fail(kind, f, o = {}) {
      rules.push({ kind, failure: f, times: o.times ?? 1, after: o.after ?? 0 });
    },
    channelToken(claims, o = {}) {
      return signJwt(claims, o.key === 'stranger' ? stranger : privateKey, o.kid ?? kid);
    },
    credentialsFactory: (appId, password) => new LocalIssuerCredentials(appId, password),
    async waitFor(check, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = check();
        if (v) return v;
        if (Date.now() > until) throw new Error('waitFor: condition not met in time');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((r) => {
        // Answers held back by a `hang` failure are cut, as a dead process's connections would be.
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
