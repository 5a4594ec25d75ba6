/** Why a feed could not be read. Stored with the feed so people can see what went wrong. */
export type FeedErrorReason =
  | 'refused-url'
  | 'dns'
  | 'timeout'
  | 'http-status'
  | 'too-large'
  | 'too-many-redirects'
  | 'not-a-feed'
  | 'parse-error'
  | 'empty'
  | 'network';

/** A feed problem with a reason code and a one-line message that says what to do next. */
export class FeedError extends Error {
  readonly reason: FeedErrorReason;
  readonly status?: number;
  /** A 429's or 503's Retry-After header, as sent, when there was one. */
  readonly retryAfter?: string;

  constructor(reason: FeedErrorReason, message: string, status?: number, retryAfter?: string | null) {
    super(message);
    this.name = 'FeedError';
    this.reason = reason;
    if (status !== undefined) this.status = status;
    if (retryAfter) this.retryAfter = retryAfter;
  }
}

export function isFeedError(e: unknown): e is FeedError {
  return e instanceof FeedError;
}

/** A short "reason: message" line for feed health and reports; anything unexpected becomes a network error. */
export function describeFeedError(e: unknown): string {
  if (e instanceof FeedError) return `${e.reason}: ${e.message}`;
  const message = e instanceof Error ? e.message : String(e);
  return `network: ${message}`;
}
