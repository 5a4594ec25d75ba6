import { PostError } from '../../src/chat/types.js';

interface ConnectorErrorLike {
  message?: string;
  statusCode?: number;
  code?: string;
  response?: { status?: number; headers?: { get?(name: string): string | undefined } };
}

function retryAfterMs(err: ConnectorErrorLike): number | undefined {
  const raw = err.response?.headers?.get?.('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Says how a call to the Bot Framework connector failed, in the terms the core's posting loop acts on:
 * wait and retry (429), retry with backoff (5xx, network), give up on this channel (403/404: the bot was
 * removed or the channel deleted), fix the credentials (401), or a bug on our side (other 4xx).
 */
export function classifyConnectorError(err: unknown): PostError {
  if (err instanceof PostError) return err;
  const e = (err ?? {}) as ConnectorErrorLike;
  const status = e.statusCode ?? e.response?.status;
  const detail = (e.message ?? String(err)).split('\n')[0]!.slice(0, 300);
  if (status === 429)
    return new PostError(`Teams asked us to slow down (${detail})`, 'rate-limited', retryAfterMs(e));
  if (status === 401) return new PostError(`Teams refused the bot's credentials (${detail})`, 'auth');
  if (status === 403 || status === 404) {
    return new PostError(
      `Teams says the bot cannot post there (HTTP ${status}: ${detail})`,
      'channel-unavailable',
    );
  }
  if (status !== undefined && status >= 500)
    return new PostError(`Teams had a problem (HTTP ${status})`, 'transient');
  if (status === undefined) {
    // Refused before anything was sent: safe to send again. Anything else (a reset, a timeout) happened
    // after the message went out, so it may have been delivered.
    if (NOT_SENT.has(e.code ?? ''))
      return new PostError(`could not reach Teams (${e.code ?? detail})`, 'transient');
    return new PostError(
      `Teams did not answer (${e.code ?? detail}); the message may have been delivered`,
      'unknown-outcome',
    );
  }
  return new PostError(`Teams refused the message (HTTP ${status}: ${detail})`, 'fatal');
}
