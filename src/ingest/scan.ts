import type { Horizon } from '../context.js';
import type { Feed } from '../domain.js';
import type { LlmRound, LlmRoundStats } from '../llm/model.js';
import { withLanguageModel } from '../llm/ingest.js';
import { describeStorageError, isStorageError } from '../store/errors.js';
import { monthBounds, monthOf } from '../time.js';
import { discoverFeedLinks, looksLikeHtml } from './discover.js';
import { type BatchedWrite, batchedWrites } from './batch.js';
import { describeFeedError, FeedError } from './errors.js';
import { fetchFeed } from './fetch.js';
import { decodeBody, parseFeed } from './parse.js';
import { longestWait, maxAgeWait, retryAfterWait, ttlWait } from './politeness.js';
import { type HostVerdict, hostKey, type Lane, runByHost } from './round.js';
import { tagForFeed } from './tagging.js';
import { type GovukEnricher, govukEnricher } from '../sources/enrich.js';
import { retagDueItems } from '../sources/retag.js';
import { changedItems, toRecord } from './records.js';
import { linkUnlinkedTopics } from '../topics/backfill.js';
import { loadTopicModel } from '../topics/extract.js';
import { decidedBySource } from '../sources/signals.js';
import { readStructured, structuredSource } from '../sources/structured.js';
import { refreshGrants } from '../sources/giving.js';

export interface FeedScanResult {
  feedId: number;
  title: string;
  url: string;
  /** `skipped`: not asked this round (the site asked to wait, or its host was struggling); not a failure. */
  outcome: 'new-items' | 'no-change' | 'not-modified' | 'failed' | 'skipped';
  newItems: number;
  updatedItems: number;
  error?: string;
  /** Why a feed was skipped, in words. */
  note?: string;
}

export interface ScanReport {
  startedAt: string;
  finishedAt: string;
  feeds: FeedScanResult[];
  totals: { feeds: number; failed: number; skipped: number; newItems: number; updatedItems: number };
  /** What the optional language model did in this round, when one is configured. */
  llm?: LlmRoundStats;
  /** Requests made to GOV.UK's Content API to look up the pages items link to. */
  contentApiRequests: number;
}

export interface ScanOptions {
  feedIds?: number[];
  /** Poll even feeds that are not yet due (a person asked for it). */
  force?: boolean;
  progress?: (done: number, total: number, label: string) => void;
}

export const POLL_INTERVAL_MS = 60 * 60 * 1000;
const BACKOFF_BASE_MS = 15 * 60 * 1000;
const BACKOFF_MAX_MS = 24 * 60 * 60 * 1000;

/** 15 min, 30 min, 1 h, 2 h … capped at a day: a broken feed is retried, but not hammered. */
export function backoffMs(consecutiveFailures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(consecutiveFailures, 20)));
}

function monthContaining(now: Date, timeZone: string): { start: string; end: string } {
  try {
    return monthBounds(monthOf(now, timeZone), timeZone);
  } catch {
    return monthBounds(monthOf(now, 'UTC'), 'UTC');
  }
}

// Zone arithmetic costs far more than storing a small feed; a round of hundreds of new feeds asks for the
// same month every time, so the last answer per zone is kept while the clock stays inside that month.
const monthCache = new Map<string, { start: string; startMs: number; endMs: number }>();

/** When the current month began in the organisation's time zone (UTC if the zone is not valid). */
export function startOfMonth(now: Date, timeZone: string): string {
  const t = now.getTime();
  const cached = monthCache.get(timeZone);
  if (cached && t >= cached.startMs && t < cached.endMs) return cached.start;
  const { start, end } = monthContaining(now, timeZone);
  if (monthCache.size > 16) monthCache.clear();
  monthCache.set(timeZone, { start, startMs: Date.parse(start), endMs: Date.parse(end) });
  return start;
}

/** How many feeds are parsed, tagged and stored at once; enough to overlap the GOV.UK and model look-ups. */
const WORK_WIDTH = 4;

/**
 * Rounds start on the hour and a feed is read a little after. Were a healthy feed due a full hour after its
 * read, it would miss the next round by those minutes and an hourly poll would read it every two hours.
 */
const DUE_GRACE_MS = 5 * 60 * 1000;

function pickFeeds(h: Horizon, opts: ScanOptions): Feed[] {
  const wanted = opts.feedIds ? new Set(opts.feedIds) : null;
  if (opts.force) {
    if (wanted) return [...wanted].map((id) => h.store.feeds.get(id)).filter((f): f is Feed => f !== null);
    return h.store.feeds.list();
  }
  const due = h.store.feeds.due(h.now().toISOString());
  return wanted ? due.filter((f) => wanted.has(f.id)) : due;
}

/** A wait for RSS <ttl> is not in a 304's headers; the document is unchanged, so its ttl still holds. */
function keptTtl(feed: Feed) {
  const { notBefore, waitReason, lastFetchedAt } = feed.health;
  if (!notBefore || !lastFetchedAt || !waitReason?.includes('(RSS ttl)')) return null;
  return { ms: Date.parse(notBefore) - Date.parse(lastFetchedAt), reason: waitReason };
}

/** Why a failure means the host gets no more requests this round. */
function hostTrouble(e: unknown): HostVerdict {
  if (!(e instanceof FeedError)) return null;
  if (e.reason === 'timeout') return 'its site did not answer in time earlier in this round';
  if (e.status === 429 || e.status === 503) return `its site answered HTTP ${e.status} earlier in this round`;
  return null;
}

async function scanOne(
  h: Horizon,
  feed: Feed,
  write: BatchedWrite,
  llm: LlmRound | undefined,
  enricher: GovukEnricher | null,
  lane: Lane,
): Promise<FeedScanResult & { hostVerdict?: HostVerdict }> {
  const base = { feedId: feed.id, title: feed.title, url: feed.url, newItems: 0, updatedItems: 0 };
  let done: (() => void) | null = null;
  try {
    const limits = {
      timeoutMs: h.config.fetch.timeoutMs,
      ttfbMs: h.config.fetch.ttfbMs,
      maxBytes: h.config.fetch.maxBytes,
      allowPrivateHosts: h.config.allowPrivateHosts,
      agents: lane.agents,
    };
    // A GOV.UK search or a Bills API list is asked for JSON, through the configured base address.
    const source = structuredSource(feed.url, h.config);
    let fetched = await fetchFeed(source?.fetchUrl ?? feed.url, {
      ...limits,
      ...(source ? { accept: 'application/json' } : {}),
      etag: feed.etag,
      lastModified: feed.lastModified,
    });
    // A permanent redirect is remembered, so the next scan asks the new address first.
    let movedTo: string | null = !source && fetched.permanentUrl !== feed.url ? fetched.permanentUrl : null;
    // A web page that advertises its feed (a catalogue entry, or a site that moved its feed) is followed to
    // the feed once, and the feed's address is remembered.
    if (!source && fetched.kind === 'ok' && looksLikeHtml(fetched.body, fetched.contentType)) {
      const [link] = discoverFeedLinks(decodeBody(fetched.body, fetched.contentType), fetched.finalUrl);
      if (link) {
        fetched = await fetchFeed(link, limits);
        movedTo = fetched.permanentUrl;
      }
    }
    // The bytes are here: from now on the feed needs the processor, not the network.
    done = await lane.work();
    // Time is read after the fetch so that the clock a test moves is the one the record uses.
    const now = h.now();
    const waitFor = (ttlMinutes?: number | null) =>
      longestWait(
        [maxAgeWait(fetched.cacheControl), fetched.kind === 'ok' ? ttlWait(ttlMinutes) : keptTtl(feed)],
        POLL_INTERVAL_MS,
        now,
      );
    const normalNext = new Date(now.getTime() + POLL_INTERVAL_MS - DUE_GRACE_MS).toISOString();
    if (fetched.kind === 'not-modified') {
      const wait = waitFor();
      const nextFetchAt = wait?.notBefore ?? normalNext;
      if (movedTo && h.store.feeds.updateUrl(feed.id, movedTo, { keepValidators: true }))
        h.log.info({ feedId: feed.id, from: feed.url, to: movedTo }, 'feed moved permanently');
      await write(() =>
        h.store.feeds.recordSuccess(feed.id, {
          now: now.toISOString(),
          nextFetchAt,
          etag: null,
          lastModified: null,
          wait,
        }),
      );
      return { ...base, outcome: 'not-modified' };
    }
    const parsed = source
      ? readStructured(source, fetched.body, (field, problem) =>
          h.log.warn({ feedId: feed.id, url: feed.url, field, problem }, 'unexpected answer shape'),
        )
      : await parseFeed(fetched.body, fetched.contentType, fetched.finalUrl);
    const wait = waitFor(parsed.ttlMinutes);
    const nextFetchAt = wait?.notBefore ?? normalNext;
    // What GOV.UK states about the pages items link to (looked up once per page, then kept).
    if (enricher) await enricher.enrich(parsed.items);
    if (movedTo && h.store.feeds.updateUrl(feed.id, movedTo)) {
      h.log.info({ feedId: feed.id, from: feed.url, to: movedTo }, 'feed address updated');
    }
    // The first successful fetch records what the feed already holds without making it agenda material.
    const backfillBefore = feed.health.lastSuccessAt === null ? startOfMonth(now, h.config.timezone) : null;
    let tag = tagForFeed(h.tagger, feed, h.now);
    // Only items new or changed upstream are tagged and stored.
    const fresh = changedItems(h.store, feed.id, parsed.items);
    if (llm && h.llm) {
      // Only items this scan stores as agenda material go to the language model; backfill never does.
      // An item whose source states its stage outright (GOV.UK, Parliament) needs no model's guess.
      const asked = fresh.filter(
        (p) =>
          (backfillBefore === null || (p.publishedAt ?? now.toISOString()) >= backfillBefore) &&
          !decidedBySource(p, now),
      );
      tag = await withLanguageModel(llm, feed, asked, tag, h.llm.maxThemes);
    }
    // Everything about an item is worked out before the write; the store only stores.
    const records = fresh.map((p) => toRecord(p, feed, tag, h.now()));
    // The items and the feed's new ETag are stored together, so a crash between them can never leave a 304
    // hiding items that were never stored.
    const stored = await write(() => {
      const result = h.store.items.upsert(feed, records, { now: now.toISOString(), backfillBefore });
      h.store.feeds.recordSuccess(feed.id, {
        now: now.toISOString(),
        nextFetchAt,
        etag: fetched.etag,
        lastModified: fetched.lastModified,
        title: parsed.title || undefined,
        wait,
      });
      return result;
    });
    return {
      ...base,
      title: feed.title === feed.url && parsed.title ? parsed.title : feed.title,
      outcome: stored.inserted > 0 ? 'new-items' : 'no-change',
      newItems: stored.inserted,
      updatedItems: stored.updated,
    };
  } catch (e) {
    // The database failing (a full disk, a lock) is not the feed's fault: it is not recorded against the
    // feed, and the feed is not backed off; it is simply read again on the next poll.
    if (isStorageError(e)) {
      const error = describeStorageError(e, h.config.dbPath);
      h.log.error({ feedId: feed.id, err: e }, error);
      return { ...base, outcome: 'failed', error };
    }
    const error = describeFeedError(e);
    const now = h.now();
    const hostVerdict = hostTrouble(e);
    const status = e instanceof FeedError ? (e.status ?? 0) : 0;
    const asked = e instanceof FeedError ? retryAfterWait(status, e.retryAfter, now) : null;
    try {
      if (status === 429 && asked) {
        // Asked to wait because Horizon asked too often: the feed is fine, it is simply read later.
        const wait = longestWait([asked], 0, now)!;
        h.store.feeds.recordWait(feed.id, { now: now.toISOString(), wait });
        h.log.info({ feedId: feed.id, url: feed.url, until: wait.notBefore }, 'feed asked to wait');
        return { ...base, outcome: 'skipped', note: `${wait.reason}, until ${wait.notBefore}`, hostVerdict };
      }
      const backoff = now.getTime() + backoffMs(feed.health.consecutiveFailures);
      // A 503 with Retry-After is a failure, retried no sooner than the site asked.
      const wait = asked ? longestWait([asked], backoff - now.getTime(), now) : null;
      h.store.feeds.recordFailure(feed.id, {
        now: now.toISOString(),
        nextFetchAt: wait?.notBefore ?? new Date(backoff).toISOString(),
        error,
        wait,
      });
    } catch (dbError) {
      h.log.error({ err: dbError, feedId: feed.id }, 'could not record a feed failure');
    }
    h.log.warn({ feedId: feed.id, url: feed.url, error }, 'feed failed');
    return { ...base, outcome: 'failed', error, hostVerdict };
  } finally {
    done?.();
  }
}

/**
 * Polls feeds (those due, or all with `force`) a few at a time, stores and tags new items, and records each
 * feed's health. One feed failing never stops the others. Writes a `runs` row with the totals.
 */
export async function scanFeeds(h: Horizon, opts: ScanOptions = {}): Promise<ScanReport> {
  const startedAt = h.now().toISOString();
  const runId = h.store.runs.start('scan', startedAt);
  const picked = pickFeeds(h, opts);
  // A scan a person forces still leaves alone the feeds whose site asked to be left alone until later.
  const at = h.now().toISOString();
  const feeds = picked.filter((f) => !f.health.notBefore || f.health.notBefore <= at);
  const waiting = picked.filter((f) => f.health.notBefore && f.health.notBefore > at);
  const results: FeedScanResult[] = new Array(feeds.length);
  const write = batchedWrites(h.store);
  // The language model's budget of calls and time is per scan round, shared by all its feeds.
  const llm = h.llm?.startRound();
  // Consultations that opened or closed since they were tagged are tagged again first.
  retagDueItems(h);
  // Items stored before topics were linked at ingest get their topics here, by the writer, a batch at a time.
  const backfilled = await linkUnlinkedTopics(h.store, { now: h.now });
  // New items have their topics found as they are stored: the model is loaded before any fetch waits.
  if (feeds.length > 0) loadTopicModel();
  if (backfilled > 0) h.log.info({ items: backfilled }, 'linked the topics of items stored earlier');
  const enricher = govukEnricher(h);
  // The 360Giving file (when set) is read beside the feeds, at most once a day.
  const giving = refreshGrants(h).catch((err: unknown) => h.log.warn({ err }, '360Giving grants not read'));
  let done = 0;
  const finish = (i: number, r: FeedScanResult) => {
    results[i] = r;
    done++;
    opts.progress?.(done, feeds.length, feeds[i]!.title);
  };
  const skipped = (f: Feed, note: string): FeedScanResult => ({
    feedId: f.id,
    title: f.title,
    url: f.url,
    outcome: 'skipped',
    newItems: 0,
    updatedItems: 0,
    note,
  });
  await runByHost(
    feeds.map((_, i) => i),
    {
      hostOf: (i) => hostKey(structuredSource(feeds[i]!.url, h.config)?.fetchUrl ?? feeds[i]!.url),
      hosts: h.config.fetch.concurrency,
      work: WORK_WIDTH,
      run: async (i, lane) => {
        const { hostVerdict, ...r } = await scanOne(h, feeds[i]!, write, llm, enricher, lane);
        finish(i, r);
        return hostVerdict ?? null;
      },
      defer: (i, why) => finish(i, skipped(feeds[i]!, `left for the next round: ${why}`)),
    },
  );
  for (const f of waiting)
    results.push(
      skipped(f, `not read before ${f.health.notBefore}: ${f.health.waitReason ?? 'the site asked'}`),
    );
  await giving;

  const totals = {
    feeds: results.length,
    failed: results.filter((r) => r.outcome === 'failed').length,
    skipped: results.filter((r) => r.outcome === 'skipped').length,
    newItems: results.reduce((n, r) => n + r.newItems, 0),
    updatedItems: results.reduce((n, r) => n + r.updatedItems, 0),
  };
  const finishedAt = h.now().toISOString();
  const status =
    totals.failed === 0 ? 'ok' : totals.failed === totals.feeds - totals.skipped ? 'failed' : 'partial';
  h.store.runs.finish(runId, status, totals, finishedAt);
  const llmStats = llm?.stats();
  if (llmStats) h.log.info({ ...llmStats }, 'language model: scan round');
  const contentApiRequests = enricher?.requestCount ?? 0;
  h.log.info({ ...totals, contentApiRequests }, 'scan finished');
  return {
    startedAt,
    finishedAt,
    feeds: results,
    totals,
    contentApiRequests,
    ...(llmStats ? { llm: llmStats } : {}),
  };
}
