import type { Horizon } from '../context.js';
import { FeedError, describeFeedError } from '../ingest/errors.js';
import { fetchFeed } from '../ingest/fetch.js';

/** A structured service Horizon reads (GOV.UK Content API, Bills API…), with its health kept across restarts. */
export interface ServiceHealth {
  failures: number;
  lastError: string | null;
  failingSince: string | null;
  /** Not asked again before this time (ISO). */
  retryAfter: string | null;
}

const HEALTHY: ServiceHealth = { failures: 0, lastError: null, failingSince: null, retryAfter: null };
const BACKOFF_BASE_MS = 15 * 60 * 1000;
const BACKOFF_MAX_MS = 24 * 60 * 60 * 1000;

function healthKey(service: string): string {
  return `sources.health:${service}`;
}

export function serviceHealth(h: Horizon, service: string): ServiceHealth {
  return h.store.settings.get<ServiceHealth>(healthKey(service), HEALTHY) ?? HEALTHY;
}

/** All services that are failing now, as "title: reason" lines for the agenda and status. */
export function failingServices(h: Horizon): { service: string; reason: string }[] {
  return SERVICES.map((service) => ({ service, health: serviceHealth(h, service) }))
    .filter((s) => s.health.failures > 0)
    .map((s) => ({ service: s.service, reason: s.health.lastError ?? 'failing' }));
}

/** Services whose health is reported beside feeds (named as in each gate). */
export const SERVICES = ['GOV.UK Content API', '360Giving'] as const;

/** A status that means "ask again later, more slowly": the service is overloaded or refusing the query. */
export function isBackoffStatus(status: number | undefined): boolean {
  return status === 422 || status === 429 || (status !== undefined && status >= 500);
}

export type JsonResult =
  | { kind: 'ok'; json: unknown; etag: string | null; lastModified: string | null }
  | { kind: 'not-modified' }
  | { kind: 'missing'; status: number };

/**
 * One GET of a JSON API through the same guard, size cap and time limit as feeds, with a conditional
 * request when validators are known. 404/410 answer "missing"; other failures throw FeedError.
 */
export async function getJson(
  h: Horizon,
  url: string,
  validators: { etag?: string | null; lastModified?: string | null } = {},
): Promise<JsonResult> {
  let fetched;
  try {
    fetched = await fetchFeed(url, {
      timeoutMs: h.config.fetch.timeoutMs,
      maxBytes: h.config.fetch.maxBytes,
      allowPrivateHosts: h.config.allowPrivateHosts,
      accept: 'application/json',
      etag: validators.etag ?? null,
      lastModified: validators.lastModified ?? null,
    });
  } catch (e) {
    if (e instanceof FeedError && (e.status === 404 || e.status === 410))
      return { kind: 'missing', status: e.status };
    throw e;
  }
  if (fetched.kind === 'not-modified') return { kind: 'not-modified' };
  let json: unknown;
  try {
    json = JSON.parse(fetched.body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new FeedError(
      'parse-error',
      `${new URL(url).host} did not answer with JSON. Horizon will retry later.`,
    );
  }
  return { kind: 'ok', json, etag: fetched.etag, lastModified: fetched.lastModified };
}

/**
 * Calls to one service during a scan: a few at a time, each address asked once, and after a 422, 429 or
 * 5xx no more calls until the back-off has passed (kept in the database, so a restart does not hammer it).
 */
export class ServiceGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private stopped = false;
  readonly requests: string[] = [];

  constructor(
    private readonly h: Horizon,
    readonly service: string,
    private readonly concurrency: number,
  ) {
    const health = serviceHealth(h, service);
    if (health.retryAfter && Date.parse(health.retryAfter) > h.now().getTime()) this.stopped = true;
  }

  /** False while the service is backed off: callers keep what they have and move on. */
  get open(): boolean {
    return !this.stopped;
  }

  async run<T>(url: string, call: () => Promise<T>): Promise<T | null> {
    if (this.stopped) return null;
    if (this.active >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      if (this.stopped) return null;
      this.requests.push(url);
      const result = await call();
      this.succeeded();
      return result;
    } catch (e) {
      this.failed(e);
      return null;
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private succeeded(): void {
    const health = serviceHealth(this.h, this.service);
    if (health.failures > 0)
      this.h.store.settings.set(healthKey(this.service), HEALTHY, this.h.now().toISOString());
  }

  private failed(e: unknown): void {
    const error = describeFeedError(e);
    const now = this.h.now();
    const health = serviceHealth(this.h, this.service);
    const status = e instanceof FeedError ? e.status : undefined;
    // Any failure is reported. A service that says "too many", is broken, or cannot be reached at all is
    // left alone for a while; a single odd answer (a 403 for one page) is not.
    const unreachable =
      e instanceof FeedError && ['timeout', 'dns', 'network', 'refused-url'].includes(e.reason);
    const backoff = isBackoffStatus(status) || unreachable || !(e instanceof FeedError);
    const failures = health.failures + 1;
    const retryAfter = backoff
      ? new Date(
          now.getTime() + Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 20)),
        ).toISOString()
      : null;
    if (backoff) this.stopped = true;
    this.h.store.settings.set(
      healthKey(this.service),
      { failures, lastError: error, failingSince: health.failingSince ?? now.toISOString(), retryAfter },
      now.toISOString(),
    );
    this.h.log.warn({ service: this.service, error, retryAfter }, 'structured source failed');
  }
}
