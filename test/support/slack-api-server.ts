/* eslint-disable @typescript-eslint/no-explicit-any -- requests and messages are JSON from the wire, checked by the assertions */
// A local stand-in for Slack's Web API: a real HTTP server on 127.0.0.1 that answers the methods Horizon
// uses the way Slack does, keeps the messages it was sent (with threads and metadata), can be told to fail
// like Slack fails, and records every call so tests can assert on exactly what Slack would have received.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiCall {
  method: string;
  args: Record<string, any>;
  token: string | null;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  text: string;
  blocks: any[];
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** A file shared into the channel or thread shows as a message carrying it, as in Slack. */
  files?: { id: string; name: string; title?: string }[];
  /** Set on messages a bot posted (Horizon's own); absent on a person's. */
  bot_id?: string;
  user: string;
  /** Set once the message was edited, as Slack marks it. */
  edited?: { user: string; ts: string };
  unfurl_links?: unknown;
  unfurl_media?: unknown;
}

export type Failure =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503 }
  | { error: string }
  /** Slack stores the message, but the answer never arrives (the process dies, the network drops). */
  | { lostAnswer: true }
  /** Slack stores the message and the answer never comes: the poster is stuck, as if the process had died. */
  | { hang: true };

interface Rule {
  method: string;
  failure: Failure;
  times: number;
  when?: (args: Record<string, any>) => boolean;
}

/** A file sent through files.uploadV2: reserved, uploaded, then shared into a channel or thread. */
export interface Upload {
  id: string;
  filename: string;
  altText?: string;
  bytes: number;
  /** The uploaded body carries a PNG image. */
  png?: boolean;
  channel?: string;
  threadTs?: string;
  title?: string;
  completed?: boolean;
}

export interface FakeSlackOptions {
  botToken?: string;
  botUserId?: string;
  botId?: string;
}

/** A channel canvas as conversations.canvases.create made it and canvases.edit changed it. */
export interface Canvas {
  id: string;
  channel: string;
  markdown: string;
  edits: number;
}

export interface FakeSlack {
  /** Base URL for SLACK_API_URL, ending in `/api/`. */
  url: string;
  calls: ApiCall[];
  uploads: Upload[];
  /** Channel canvases, by channel id. */
  canvases: Map<string, Canvas>;
  callsTo(method: string): ApiCall[];
  /** Everything posted to a response_url made by `responseUrl`. */
  responses: { id: string; body: any }[];
  responseUrl(id: string): string;
  fail(
    method: string,
    failure: Failure,
    opts?: { times?: number; when?: (args: Record<string, any>) => boolean },
  ): void;
  /** Top-level messages of a channel, oldest first. */
  messages(channel: string): StoredMessage[];
  /** Replies in a thread, oldest first (without the parent). */
  replies(channel: string, threadTs: string): StoredMessage[];
  /** A person writes in a channel or a thread (as if typed in Slack); returns the stored message. */
  say(m: { channel: string; user: string; text: string; thread_ts?: string }): StoredMessage;
  /** A person edits a message. */
  edit(channel: string, ts: string, text: string): StoredMessage;
  /** A message is deleted in Slack. */
  remove(channel: string, ts: string): void;
  /** Who conversations.members lists for a channel (unset: channel_not_found). */
  setMembers(channel: string, users: string[]): void;
  /** Polls until `check` returns something truthy, or fails after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  revokeToken(): void;
  /** Cuts every open connection (answers still pending are lost), leaving the server up. */
  dropConnections(): void;
  close(): Promise<void>;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function parseBody(raw: string, contentType: string | undefined): Record<string, any> {
  if (!raw) return {};
  if (contentType?.startsWith('application/json')) return JSON.parse(raw) as Record<string, any>;
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    if (/^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // not JSON after all: keep the text
      }
    }
    out[k] = v;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** What Slack itself refuses: more than 50 blocks, a section over 3,000 characters, a header over 150. */
function blocksProblem(blocks: unknown): string | null {
  if (blocks === undefined) return null;
  if (!Array.isArray(blocks)) return 'invalid_blocks_format';
  if (blocks.length > 50) return 'invalid_blocks';
  for (const b of blocks as any[]) {
    if (b.type === 'section' && typeof b.text?.text === 'string' && b.text.text.length > 3000)
      return 'invalid_blocks';
    if (
      b.type === 'section' &&
      Array.isArray(b.fields) &&
      (b.fields.length > 10 || b.fields.some((f: any) => f.text.length > 2000))
    )
      return 'invalid_blocks';
    if (b.type === 'header' && b.text?.text?.length > 150) return 'invalid_blocks';
    if (b.type === 'context' && b.elements?.length > 10) return 'invalid_blocks';
  }
  return null;
}

export async function startSlackApi(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = opts.botToken ?? 'xoxb-test-token';
  const botUserId = opts.botUserId ?? 'UBOT';
  const botId = opts.botId ?? 'BBOT';
  let revoked = false;
  const calls: ApiCall[] = [];
  const responses: { id: string; body: any }[] = [];
  const rules: Rule[] = [];
  const store: StoredMessage[] = [];
  const hanging: ServerResponse[] = [];
  const uploads: Upload[] = [];
  const canvases = new Map<string, Canvas>();
  const members = new Map<string, string[]>();
  let base = '';
  let clock = 1_700_000_000_000;
  const nextTs = () => {
    clock += 1;
    return `${Math.floor(clock / 1000)}.${String((clock % 1000) * 1000).padStart(6, '0')}`;
  };

  function takeFailure(method: string, args: Record<string, any>): Failure | null {
    const rule = rules.find((r) => r.method === method && r.times > 0 && (!r.when || r.when(args)));
    if (!rule) return null;
    rule.times -= 1;
    return rule.failure;
  }

  function postMessage(args: Record<string, any>): StoredMessage | string {
    const problem = blocksProblem(args.blocks);
    if (problem) return problem;
    if (!args.channel) return 'channel_not_found';
    if (!args.text && !args.blocks) return 'no_text';
    const msg: StoredMessage = {
      ts: nextTs(),
      channel: String(args.channel),
      text: String(args.text ?? ''),
      blocks: (args.blocks as any[]) ?? [],
      bot_id: botId,
      user: botUserId,
      unfurl_links: args.unfurl_links,
      unfurl_media: args.unfurl_media,
    };
    if (args.thread_ts) msg.thread_ts = String(args.thread_ts);
    if (args.metadata) msg.metadata = args.metadata;
    store.push(msg);
    return msg;
  }

  function view(args: Record<string, any>) {
    return { ok: true, view: { id: `V${calls.length}`, hash: 'h1', ...(args.view as object) } };
  }

  function answer(method: string, args: Record<string, any>): Record<string, any> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://horizon-test.slack.com/',
          team: 'Horizon Test',
          user: 'horizon',
          team_id: 'T0001',
          user_id: botUserId,
          bot_id: botId,
        };
      case 'chat.postMessage': {
        const msg = postMessage(args);
        if (typeof msg === 'string') return { ok: false, error: msg };
        const { channel, ...message } = msg;
        return { ok: true, channel, ts: msg.ts, message: { type: 'message', ...message } };
      }
      case 'chat.update': {
        const problem = blocksProblem(args.blocks);
        if (problem) return { ok: false, error: problem };
        const msg = store.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!msg) return { ok: false, error: 'message_not_found' };
        if (msg.bot_id !== botId) return { ok: false, error: 'cant_update_message' };
        if (args.text !== undefined) msg.text = String(args.text);
        if (args.blocks !== undefined) msg.blocks = args.blocks as any[];
        if (args.metadata) msg.metadata = args.metadata;
        msg.edited = { user: botUserId, ts: nextTs() };
        return { ok: true, channel: msg.channel, ts: msg.ts, text: msg.text };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://horizon-test.slack.com/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}`,
        };
      case 'conversations.history': {
        const top = store.filter((m) => m.channel === args.channel && !m.thread_ts).reverse();
        const start = Number(args.cursor ?? 0);
        const limit = Number(args.limit ?? 100);
        const page = top
          .slice(start, start + limit)
          .map((m) => (args.include_all_metadata ? m : { ...m, metadata: undefined }));
        const more = start + limit < top.length;
        return {
          ok: true,
          messages: page,
          has_more: more,
          response_metadata: { next_cursor: more ? String(start + limit) : '' },
        };
      }
      case 'conversations.replies': {
        const parent = store.find((m) => m.channel === args.channel && m.ts === args.ts);
        if (!parent) return { ok: false, error: 'thread_not_found' };
        const thread = [
          parent,
          ...store.filter((m) => m.channel === args.channel && m.thread_ts === args.ts),
        ];
        // Pages as Slack does: `limit` messages from `cursor`, the parent first.
        const start = Number(args.cursor ?? 0);
        const limit = Number(args.limit ?? 1000);
        const page = thread.slice(start, start + limit);
        const more = start + limit < thread.length;
        return {
          ok: true,
          messages: page.map((m) => (args.include_all_metadata ? m : { ...m, metadata: undefined })),
          has_more: more,
          response_metadata: { next_cursor: more ? String(start + limit) : '' },
        };
      }
      case 'conversations.members': {
        const list = members.get(String(args.channel));
        if (!list) return { ok: false, error: 'channel_not_found' };
        const start = Number(args.cursor ?? 0);
        const limit = Number(args.limit ?? 100);
        const more = start + limit < list.length;
        return {
          ok: true,
          members: list.slice(start, start + limit),
          response_metadata: { next_cursor: more ? String(start + limit) : '' },
        };
      }
      case 'conversations.canvases.create': {
        const channel = String(args.channel_id ?? '');
        if (!channel) return { ok: false, error: 'invalid_arguments' };
        if (canvases.has(channel)) return { ok: false, error: 'channel_canvas_already_exists' };
        const content = args.document_content as { type?: string; markdown?: string } | undefined;
        if (content && content.type !== 'markdown') return { ok: false, error: 'invalid_arguments' };
        const id = `F0CANVAS${canvases.size + 1}`;
        canvases.set(channel, { id, channel, markdown: content?.markdown ?? '', edits: 0 });
        return { ok: true, canvas_id: id };
      }
      case 'canvases.edit': {
        const canvas = [...canvases.values()].find((c) => c.id === args.canvas_id);
        if (!canvas) return { ok: false, error: 'canvas_not_found' };
        for (const change of (args.changes as any[]) ?? []) {
          const md = String(change.document_content?.markdown ?? '');
          if (change.operation === 'replace' && !change.section_id) canvas.markdown = md;
          else if (change.operation === 'insert_at_end') canvas.markdown += md;
          else return { ok: false, error: 'invalid_change' };
        }
        canvas.edits++;
        return { ok: true };
      }
      case 'conversations.info': {
        const canvas = canvases.get(String(args.channel));
        return {
          ok: true,
          channel: {
            id: args.channel,
            ...(canvas ? { properties: { canvas: { file_id: canvas.id, is_empty: !canvas.markdown } } } : {}),
          },
        };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(args.users).split(',')[0]}` } };
      case 'files.getUploadURLExternal': {
        const id = `F${String(uploads.length + 1).padStart(4, '0')}`;
        uploads.push({ id, filename: String(args.filename), altText: args.alt_text, bytes: 0 });
        return { ok: true, file_id: id, upload_url: `${base}/upload/${id}` };
      }
      case 'files.completeUploadExternal': {
        const files = (args.files as { id: string; title?: string }[]) ?? [];
        for (const f of files) {
          const u = uploads.find((x) => x.id === f.id);
          if (u)
            Object.assign(u, {
              channel: args.channel_id,
              threadTs: args.thread_ts,
              title: f.title,
              completed: true,
            });
          if (u && args.channel_id) {
            store.push({
              ts: nextTs(),
              channel: String(args.channel_id),
              text: '',
              blocks: [],
              files: [{ id: u.id, name: u.filename, title: f.title }],
              bot_id: botId,
              user: botUserId,
              ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
            });
          }
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return view(args);
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const bytes = await readBody(req);
      const raw = bytes.toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(body));
      };
      if (path.startsWith('/response/')) {
        responses.push({
          id: decodeURIComponent(path.slice('/response/'.length)),
          body: parseBody(raw, req.headers['content-type']),
        });
        send(200, { ok: true });
        return;
      }
      if (path.startsWith('/upload/')) {
        const u = uploads.find((x) => x.id === path.slice('/upload/'.length));
        if (!u) return send(404, { ok: false });
        u.bytes = bytes.length;
        u.png = bytes.includes(PNG_SIGNATURE);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`OK - ${u.bytes}`);
        return;
      }
      if (!path.startsWith('/api/')) {
        send(404, { ok: false, error: 'not_found' });
        return;
      }
      const method = path.slice('/api/'.length);
      const args = parseBody(raw, req.headers['content-type']);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ')
        ? auth.slice(7)
        : typeof args.token === 'string'
          ? args.token
          : null;
      delete args.token;
      calls.push({ method, args, token });
      if (!token) return send(200, { ok: false, error: 'not_authed' });
      if (token !== botToken || revoked)
        return send(200, { ok: false, error: revoked ? 'token_revoked' : 'invalid_auth' });
      const failure = takeFailure(method, args);
      if (failure) {
        if ('lostAnswer' in failure) {
          answer(method, args);
          req.socket.destroy();
          return;
        }
        if ('hang' in failure) {
          answer(method, args);
          hanging.push(res);
          return;
        }
        if ('error' in failure) return send(200, { ok: false, error: failure.error });
        if (failure.status === 429)
          return send(
            429,
            { ok: false, error: 'ratelimited' },
            { 'retry-after': String(failure.retryAfter) },
          );
        return send(failure.status, { ok: false, error: 'internal_error' });
      }
      send(200, answer(method, args));
    })().catch((err: unknown) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'invalid_form_data', detail: String(err) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    url: `${base}/api/`,
    calls,
    uploads,
    canvases,
    callsTo: (method) => calls.filter((c) => c.method === method),
    responses,
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    fail: (method, failure, o = {}) => rules.push({ method, failure, times: o.times ?? 1, when: o.when }),
    messages: (channel) => store.filter((m) => m.channel === channel && !m.thread_ts),
    replies: (channel, threadTs) => store.filter((m) => m.channel === channel && m.thread_ts === threadTs),
    async waitFor(check, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const v = check();
        if (v) return v;
        if (Date.now() > until)
          throw new Error('The fake Slack API did not receive the expected call in time.');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    say(m) {
      const msg: StoredMessage = {
        ts: nextTs(),
        channel: m.channel,
        text: m.text,
        blocks: [],
        user: m.user,
        ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
      };
      store.push(msg);
      return msg;
    },
    edit(channel, ts, text) {
      const msg = store.find((m) => m.channel === channel && m.ts === ts);
      if (!msg) throw new Error(`no message ${ts} in ${channel}`);
      msg.text = text;
      msg.edited = { user: msg.user, ts: nextTs() };
      return msg;
    },
    remove(channel, ts) {
      const i = store.findIndex((m) => m.channel === channel && m.ts === ts);
      if (i >= 0) store.splice(i, 1);
    },
    setMembers: (channel, users) => void members.set(channel, users),
    dropConnections: () => server.closeAllConnections(),
    revokeToken: () => {
      revoked = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
