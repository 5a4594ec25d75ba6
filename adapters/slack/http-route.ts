import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { verifySlackRequest, type HTTPReceiver } from '@slack/bolt';
import type { HttpRoute } from '../../src/chat/types.js';
import type { Logger } from '../../src/log.js';

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
 * (forged or older than five minutes: 401), and its shape checked (not what Slack sends: 400) before
 * Bolt's own HTTP receiver sees it, so no request can make Bolt trip over a missing field.
 */
export function slackEventsRoute(
  receiver: HTTPReceiver,
  signingSecret: string,
  log: Logger,
  maxBodyBytes = 1024 * 1024,
): HttpRoute {
  return {
    method: 'POST',
    path: SLACK_EVENTS_PATH,
    async handler(req, res) {
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
          verifySlackRequest({
            signingSecret,
            body: text,
            headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
          });
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
