import type { LlmConfig } from '../config.js';
import { type LlmAnswer, parseCompletion } from './answer.js';
import type { Endpoint } from './endpoint.js';
import { LlmError } from './errors.js';
import { postJson } from './http.js';
import { answerJsonSchema, type ChatMessage, type PromptContext } from './prompt.js';

export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** The request body for an OpenAI-compatible chat completion, with the answer's schema where asked for. */
export function requestBody(
  cfg: Pick<LlmConfig, 'model' | 'responseFormat'>,
  messages: ChatMessage[],
  ctx: PromptContext,
): Record<string, unknown> {
  const body: Record<string, unknown> = { model: cfg.model, messages, stream: false };
  if (cfg.responseFormat === 'json_schema')
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: 'horizon_item_tags', strict: true, schema: answerJsonSchema(ctx) },
    };
  else if (cfg.responseFormat === 'json_object') body.response_format = { type: 'json_object' };
  return body;
}

function statusError(status: number, retryAfterMs: number | undefined): LlmError {
  if (status === 429)
    return new LlmError('rate-limited', 'the language model server asked us to slow down (HTTP 429)', {
      status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  if (status === 401 || status === 403)
    return new LlmError(
      'http-status',
      `the language model server refused the key (HTTP ${status}); check HORIZON_LLM_API_KEY`,
      { status },
    );
  if (status === 404)
    return new LlmError(
      'http-status',
      'the language model server has no such endpoint or model (HTTP 404); check HORIZON_LLM_URL and HORIZON_LLM_MODEL',
      { status },
    );
  if (status === 400)
    return new LlmError(
      'http-status',
      'the language model server rejected the request (HTTP 400); if it does not support structured output, set HORIZON_LLM_RESPONSE_FORMAT=json_object',
      { status },
    );
  if (status >= 500)
    return new LlmError('http-status', `the language model server had an error (HTTP ${status})`, { status });
  return new LlmError('http-status', `the language model server answered HTTP ${status}`, { status });
}

/** One chat-completions call, validated. Throws LlmError on anything but a valid answer. */
export async function callModel(
  endpoint: Endpoint,
  cfg: LlmConfig,
  allowPrivateHosts: string[],
  messages: ChatMessage[],
  ctx: PromptContext,
  opts: CallOptions,
): Promise<LlmAnswer> {
  const res = await postJson(endpoint.url, JSON.stringify(requestBody(cfg, messages, ctx)), {
    headers: endpoint.headers,
    timeoutMs: opts.timeoutMs,
    maxBytes: cfg.maxBytes,
    allowPrivateHosts,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  if (res.status < 200 || res.status >= 300) throw statusError(res.status, res.retryAfterMs);
  return parseCompletion(
    res.body,
    ctx.themes.map((t) => t.slug),
    ctx.maxThemes,
  );
}
