import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult, BotFrameworkAuthentication } from 'botframework-connector';
import { CloudAdapter } from 'botbuilder';
import type { HttpRoute } from '../../src/chat/types.js';
import type { Logger } from '../../src/log.js';

/** Bot Framework activities are a few kilobytes; anything far bigger is not from Teams. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * CloudAdapter with its turn pipeline reachable from our own HTTP handler. Its `process()` expects an
 * Express-style request with a parsed body and answers 500 for some bad tokens; we read, cap, parse and
 * authenticate the request ourselves so every failure gets the status it deserves.
 */
export class HorizonCloudAdapter extends CloudAdapter {
  run(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(auth, activity, logic);
  }
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new BodyError(413, `The request is larger than ${maxBytes} bytes.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.removeAllListeners('data');
        reject(new BodyError(413, `The request is larger than ${maxBytes} bytes.`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses an activity, refusing anything that is not a JSON object with a type. */
export function parseActivity(body: Buffer): Activity {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BodyError(400, 'The request body is not valid JSON.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new BodyError(400, 'The request body is not an activity object.');
  const a = value as Partial<Activity>;
  if (typeof a.type !== 'string' || !a.type) throw new BodyError(400, 'The activity has no type.');
  if (a.serviceUrl !== undefined && typeof a.serviceUrl !== 'string')
    throw new BodyError(400, 'The activity serviceUrl is not a string.');
  if (a.text !== undefined && a.text !== null && typeof a.text !== 'string')
    throw new BodyError(400, 'The activity text is not a string.');
  if (a.conversation !== undefined && (typeof a.conversation !== 'object' || a.conversation === null)) {
    throw new BodyError(400, 'The activity conversation is not an object.');
  }
  return a as Activity;
}

/** Failures to fetch the signing keys are ours (or the network's), not the caller's: 503, not 401. */
function authStatus(err: unknown): number {
  const status = (err as { statusCode?: number }).statusCode;
  return typeof status === 'number' && status >= 500 ? 503 : 401;
}

export interface MessagesRouteDeps {
  adapter: HorizonCloudAdapter;
  auth: BotFrameworkAuthentication;
  logic: (context: TurnContext) => Promise<void>;
  log: Logger;
  maxBodyBytes?: number;
}

/** `POST /api/messages`: where Teams (through the Bot Framework) delivers every activity. */
export function messagesRoute(deps: MessagesRouteDeps): HttpRoute {
  const maxBytes = deps.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    method: 'POST',
    path: '/api/messages',
    handler: async (req, res) => {
      let activity: Activity;
      try {
        activity = parseActivity(await readBody(req, maxBytes));
      } catch (err) {
        if (err instanceof BodyError) {
          if (err.status === 413) res.setHeader('connection', 'close');
          send(res, err.status, { error: err.message });
          return;
        }
        throw err;
      }

      const header = req.headers.authorization ?? '';
      let auth: AuthenticateRequestResult;
      try {
        auth = await deps.auth.authenticateRequest(activity, header);
      } catch (err) {
        const status = authStatus(err);
        deps.log.warn(
          { status, reason: (err as Error).message, channelId: activity.channelId },
          'Teams request refused',
        );
        send(res, status, {
          error:
            status === 401
              ? 'Unauthorized: the Bot Framework token is missing or not valid.'
              : 'Could not load the signing keys; try again.',
        });
        return;
      }

      let result: InvokeResponse | undefined;
      try {
        result = await deps.adapter.run(auth, activity, deps.logic);
      } catch (err) {
        deps.log.error({ err, type: activity.type }, 'Teams activity failed');
        send(res, 500, { error: 'The bot could not handle this activity.' });
        return;
      }
      if (result) send(res, result.status, result.body);
      else send(res, 200);
    },
  };
}
