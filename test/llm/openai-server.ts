import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server saw: the request's headers, path and query, its JSON body, and the item it carried. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    [k: string]: unknown;
  };
  /** The item from the data block of the user message, parsed. */
  item: { title: string; summary: string; source_kind: string; categories: string[] } | null;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as given (for malformed bodies). */
  raw?: string | Buffer;
  /** Waits this long before answering (a slow model). */
  delayMs?: number;
}

export type Handler = (req: SeenRequest, n: number) => Reply;

export interface OpenAiServer {
  /** The base URL a user would configure, ending in /v1. */
  baseUrl: string;
  port: number;
  requests: SeenRequest[];
  handle(h: Handler): void;
  close(): Promise<void>;
}

/**
 * A chat completion shaped like OpenAI's documented response to POST /v1/chat/completions: id, object,
 * created, model, choices with message (role, content, refusal, annotations), logprobs and finish_reason,
 * usage with its token details, service_tier and system_fingerprint.
 */
export function completion(
  content: string | null,
  opts: { refusal?: string; finishReason?: string; model?: string } = {},
): Record<string, unknown> {
  return {
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    object: 'chat.completion',
    created: 1741570283,
    model: opts.model ?? 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: opts.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: opts.finishReason ?? 'stop',
      },
    ],
    usage: {
      prompt_tokens: 1117,
      completion_tokens: 46,
      total_tokens: 1163,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_06737a9306',
  };
}

/** A completion whose content is the JSON answer Horizon asks for. */
export function answerReply(a: {
  stage: string;
  stage_evidence?: string;
  themes?: string[];
  why_it_matters?: string;
  [extra: string]: unknown;
}): Reply {
  return {
    json: completion(JSON.stringify({ stage_evidence: '', themes: [], why_it_matters: '', ...a })),
  };
}

/** OpenAI's error body, as sent with 4xx and 5xx statuses. */
export function errorReply(
  status: number,
  message: string,
  code: string | null,
  headers?: Record<string, string>,
): Reply {
  return {
    status,
    json: { error: { message, type: status === 429 ? 'requests' : 'server_error', param: null, code } },
    ...(headers ? { headers } : {}),
  };
}

function itemOf(body: SeenRequest['body']): SeenRequest['item'] {
  const user = body.messages?.find((m) => m.role === 'user')?.content ?? '';
  const m = /<<<ITEM\n([^\n]*)\nITEM>>>/.exec(user);
  if (!m) return null;
  try {
    return JSON.parse(m[1]!) as SeenRequest['item'];
  } catch {
    return null;
  }
}

/** A real HTTP server on 127.0.0.1 that answers POST /v1/chat/completions like the OpenAI API. */
export async function openAiServer(handler: Handler): Promise<OpenAiServer> {
  let current = handler;
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: SeenRequest['body'] = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SeenRequest['body'];
      } catch {
        body = {};
      }
      const seen: SeenRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        item: itemOf(body),
      };
      requests.push(seen);
      const reply: Reply =
        req.method === 'POST' && /\/chat\/completions$/.test(url.pathname)
          ? current(seen, requests.length)
          : errorReply(404, `Unknown request URL: ${req.method} ${url.pathname}.`, 'unknown_url');
      const send = () => {
        if (res.destroyed) return;
        const payload = reply.raw ?? JSON.stringify(reply.json ?? {});
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        res.end(payload);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    handle: (h) => {
      current = h;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
