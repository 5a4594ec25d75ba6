/**
 * What a site says about how often it wants to be asked, read into one "not before" instant. A site can make
 * Horizon poll less often than its normal round, never more: a wait shorter than the poll interval is
 * ignored, and any wait is capped at a day so a mistaken header (a year's max-age on a static file) never
 * silences a feed for good.
 */

export const MAX_WAIT_MS = 24 * 60 * 60 * 1000;

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: Date): number | null {
  const v = value?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * Cache-Control's max-age as milliseconds; null when absent, or when the response says it must not be reused
 * without asking (no-cache, no-store), which leaves the normal poll.
 */
export function maxAgeMs(cacheControl: string | null | undefined): number | null {
  if (!cacheControl) return null;
  const directives = cacheControl
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.some((d) => d === 'no-cache' || d === 'no-store')) return null;
  for (const d of directives) {
    const m = /^max-age\s*=\s*"?(\d+)"?$/.exec(d);
    if (m) return Number(m[1]) * 1000;
  }
  return null;
}

export interface Wait {
  ms: number;
  reason: string;
}

function minutes(ms: number): string {
  const m = Math.round(ms / 60_000);
  return m >= 120 && m % 60 === 0 ? `${m / 60} h` : `${m} min`;
}

/** The longest of the waits a response asked for, when it is longer than the normal interval; capped. */
export function longestWait(
  waits: (Wait | null)[],
  intervalMs: number,
  now: Date,
): { notBefore: string; reason: string } | null {
  let best: Wait | null = null;
  for (const w of waits) if (w && w.ms > intervalMs && (!best || w.ms > best.ms)) best = w;
  if (!best) return null;
  const ms = Math.min(best.ms, MAX_WAIT_MS);
  const capped = ms < best.ms ? `; capped at ${minutes(MAX_WAIT_MS)}` : '';
  return { notBefore: new Date(now.getTime() + ms).toISOString(), reason: `${best.reason}${capped}` };
}

export function maxAgeWait(cacheControl: string | null | undefined): Wait | null {
  const ms = maxAgeMs(cacheControl);
  return ms === null
    ? null
    : { ms, reason: `the site says the feed stays fresh for ${minutes(ms)} (Cache-Control max-age)` };
}

export function ttlWait(ttlMinutes: number | null | undefined): Wait | null {
  if (!ttlMinutes || !Number.isFinite(ttlMinutes) || ttlMinutes <= 0) return null;
  const ms = ttlMinutes * 60_000;
  return { ms, reason: `the feed asks to be read at most every ${minutes(ms)} (RSS ttl)` };
}

export function retryAfterWait(status: number, value: string | null | undefined, now: Date): Wait | null {
  const ms = retryAfterMs(value, now);
  return ms === null ? null : { ms, reason: `the site asked Horizon to wait (HTTP ${status}, Retry-After)` };
}
