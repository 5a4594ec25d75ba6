import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { verifySlackRequest, type HTTPReceiver } from '@slack/bolt';
import type { HttpRoute } from '../../src/chat/types.js';
import type { Logger } from '../../src/log.js';
import { requestArrived } from './turns.js';

export const SLACK_EVENTS_PATH = '/slack/events';
const FORM = 'application/x-www-form-urlencoded';

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Interactivity payloads (buttons, forms), checked just far enough that Bolt can route them safely. */
function payloadProblem(p: unknown): string | null {
  if (!isObject(p) || !isText(p.type)) return 'payload has no type';
  if (!isObject(p.user) || !isText(p.user.id)) return 'payload has no user';
  switch (p.type) {
    case 'block_actions':
      return Array.isArray(p.actions) &&
        p.actions.length > 0 &&
        p.actions.every((a) => isObject(a) && isText(a.action_id))
        ? null
        : 'block_actions without actions';
    case 'view_submission':
    case 'view_closed':
      return isObject(p.view) && isText(p.view.callback_id) && isText(p.view.id)
        ? null
        : `${p.type} without a view`;
    case 'shortcut':
    case 'message_action':
      return isText(p.callback_id) ? null : `${p.type} without a callback_id`;
    default:
      return `unsupported payload type ${p.type}`;
  }
}

/** What Slack sends to the events URL, or why this body is not it. */
export function bodyProblem(raw: string, contentType: string | undefined): string | null {
  if (contentType === FORM) {
    const form = parseQuery(raw);
    if (form.ssl_check === '1') return null;
    if (typeof form.payload === 'string') {
      try {
        return payloadProblem(JSON.parse(form.payload));
      } catch {
        return 'payload is not JSON';
      }
    }
    if (typeof form.command === 'string') {
      return isText(form.user_id) && isText(form.response_url) && typeof (form.text ?? '') === 'string'
        ? null
        : 'command without user_id or response_url';
    }
    return 'form is neither a command nor a payload';
  }
  if (contentType?.split(';')[0]?.trim() === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return 'body is not JSON';
    }
    if (!isObject(body) || !isText(body.type)) return 'body has no type';
    if (body.type === 'url_verification')
      return isText(body.challenge) ? null : 'url_verification without challenge';
    if (body.type === 'app_rate_limited') return null;
    if (body.type === 'event_callback') {
      return isObject(body.event) && isText(body.event.type) && isText(body.event_id)
        ? null
        : 'event_callback without an event';
    }
    return `unsupported body type ${body.type}`;
  }
  return `unsupported content type ${contentType ?? '(none)'}`;
}

/** Slack's window: a signed request older than this is stale, and one newer than now by this much is forged. */
const WINDOW_SECONDS = 5 * 60;

/**
 * Signatures of requests already accepted, kept for the window their timestamps allow. A signed request
 * copied off the wire (a proxy log, a leaked capture) would otherwise run again until it went stale.
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();
  constructor(private readonly maxEntries = 100_000) {}

  /** True the first time this signature is offered within its window; false for a replay. */
  accept(signature: string, timestamp: number, nowSeconds: number): boolean {
    this.prune(nowSeconds);
    if (this.seen.has(signature)) return false;
    // Slack sends far fewer than this many requests in five minutes; past it the oldest go first.
    if (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(signature, timestamp + WINDOW_SECONDS);
    return true;
  }

  private prune(nowSeconds: number): void {
    for (const [sig, expires] of this.seen) {
      if (expires >= nowSeconds) break;
      this.seen.delete(sig);
    }
  }
}

function refuse(res: ServerResponse, status: number, error: string): void {
  const text = JSON.stringify({ error });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * `POST /slack/events` on the shared server. The body is read with a size cap, its signature checked
 * (forged, more than five minutes old or ahead, or already accepted once: 401), and its shape checked (not what Slack sends: 400) before
 * Bolt's own HTTP receiver sees it, so no request can make Bolt trip over a missing field.
 */
export function slackEventsRoute(
  receiver: HTTPReceiver,
  signingSecret: string,
  log: Logger,
  maxBodyBytes = 1024 * 1024,
  replays: ReplayCache = new ReplayCache(),
): HttpRoute {
  return {
    method: 'POST',
    path: SLACK_EVENTS_PATH,
    async handler(req, res) {
      // Work queued after earlier acks waits while requests are arriving or unanswered (see turns.ts).
      const answered = requestArrived();
      res.once('finish', answered);
      res.once('close', answered);
      let raw: Buffer;
      try {
        raw = await readBody(req, maxBodyBytes);
      } catch (err) {
        if (err instanceof BodyTooLarge) return refuse(res, 413, 'request body too large');
        throw err;
      }
      const text = raw.toString('utf8');
      const contentType = req.headers['content-type'];
      const signature = req.headers['x-slack-signature'];
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      const sslCheck = contentType === FORM && parseQuery(text).ssl_check === '1';
      if (!sslCheck) {
        try {
          if (typeof signature !== 'string') throw new Error('no signature');
          // Bolt refuses only the stale; a timestamp from the future is as suspect as one from the past.
          const nowSeconds = Math.floor(Date.now() / 1000);
          if (timestamp > nowSeconds + WINDOW_SECONDS) throw new Error('timestamp is in the future');
          verifySlackRequest({
            signingSecret,
            body: text,
            headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
          });
          if (!replays.accept(signature, timestamp, nowSeconds)) {
            // An event Slack delivered twice is already deduplicated by its id; a quiet 200 stops retries.
            if (contentType !== FORM) {
              res.writeHead(200).end();
              return;
            }
            log.warn('refused a signed Slack request that was already accepted once (a replay)');
            return refuse(res, 401, 'request already received');
          }
        } catch (err) {
          log.warn(
            { reason: (err as Error).message },
            'refused a Slack request with a bad or stale signature; if Slack itself is refused, check SLACK_SIGNING_SECRET against Basic Information → App Credentials → Signing Secret',
          );
          return refuse(res, 401, 'invalid signature');
        }
      }
      const problem = bodyProblem(text, contentType);
      if (problem) {
        log.warn({ problem }, 'refused a signed Slack request that is not what Slack sends');
        return refuse(res, 400, 'not a Slack request');
      }
      if (contentType !== FORM && (JSON.parse(text) as { type: string }).type === 'app_rate_limited') {
        // Slack tells us it is dropping events for a minute; nothing to do but note it.
        log.warn('Slack is rate-limiting event deliveries to Horizon (app_rate_limited)');
        res.writeHead(200).end();
        return;
      }
      // Bolt reads `rawBody` when it is already there instead of the (spent) stream.
      Object.assign(req, { rawBody: raw });
      receiver.requestListener(req, res);
    },
  };
}
