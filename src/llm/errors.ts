/** Why the language model gave no usable answer. Every one of them falls back to the local tagger. */
export type LlmFailure =
  | 'refused-url'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'http-status'
  | 'rate-limited'
  | 'malformed'
  | 'schema'
  | 'refusal'
  | 'budget';

/** A failure with a one-line message that never carries the key, a header or the item's text. */
export class LlmError extends Error {
  readonly reason: LlmFailure;
  readonly status?: number;
  /** From a 429's Retry-After (or retry-after-ms), when the server gave one. */
  readonly retryAfterMs?: number;

  constructor(reason: LlmFailure, message: string, extra: { status?: number; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'LlmError';
    this.reason = reason;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }
}

/** Failures that say something about this answer, not the connection: worth remembering, never retried. */
export function isAnswerFault(e: LlmError): boolean {
  return e.reason === 'malformed' || e.reason === 'schema' || e.reason === 'refusal';
}
