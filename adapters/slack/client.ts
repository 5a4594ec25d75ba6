import { WebClient, LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../src/log.js';

/** Bolt and the Web API client log through our pino logger, so secrets are redacted the same way. */
export function slackLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack' });
  const fmt = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => child.debug(fmt(m)),
    info: (...m: unknown[]) => child.info(fmt(m)),
    warn: (...m: unknown[]) => child.warn(fmt(m)),
    error: (...m: unknown[]) => child.error(fmt(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export interface ClientOptions {
  apiUrl?: string;
  log: Logger;
  /** Per-request timeout, so a hung connection cannot stall a post. */
  timeoutMs?: number;
  /** Retries inside the client for interactive calls; the agenda poster does its own. */
  retries?: number;
}

/**
 * Options for every Slack Web API client Horizon makes. Rate limits are rejected rather than waited out
 * inside the client, so the agenda poster can space and retry posts by its own policy.
 */
export function webClientOptions(opts: ClientOptions) {
  return {
    slackApiUrl: opts.apiUrl,
    logger: slackLogger(opts.log),
    timeout: opts.timeoutMs ?? 10_000,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: opts.retries ?? 0 },
  };
}

export function createWebClient(token: string, opts: ClientOptions): WebClient {
  return new WebClient(token, webClientOptions(opts));
}
