// After downtime: replies written in this month's agenda threads while Horizon was not listening. Each
// thread is read with conversations.replies, page by page, one call at a time with a pause between calls
// (Slack allows an organisation's own app plenty, other apps very little), waiting out a 429's
// Retry-After. What is found goes through the same path as a live event, so a reply already heard is
// not recorded again, and one deleted while Horizon was down is deleted here too.
import type { WebClient } from '@slack/web-api';
import { hearDeletion } from '../../src/replies/hear.js';
import { isSmtChannel } from '../../src/replies/thread.js';
import type { ItemThread } from '../../src/store/replies.js';
import { monthOf, previousMonth } from '../../src/time.js';
import { describeSlackError } from './errors.js';
import {
  hearSlackReply,
  isPersonReply,
  type SlackThreadMessage,
  type ThreadHearing,
} from './thread-replies.js';

export interface CatchUpOptions {
  /** Messages asked for per call (Slack's limit for non-Marketplace apps is 15; 200 for internal ones). */
  pageSize?: number;
  /** Least time between two calls. */
  paceMs?: number;
  /** How many 429s in a row one page may meet before its thread is left for the next start. */
  maxRateLimitWaits?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Checked between calls: true stops the catch-up (Horizon is shutting down). */
  stopped?: () => boolean;
}

export interface CatchUpReport {
  threads: number;
  calls: number;
  recorded: number;
  deleted: number;
  rateLimited: number;
  /** Threads that could not be read this time (they are read again on the next start). */
  failed: number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface SlackishError {
  code?: string;
  retryAfter?: number;
}

/** This month's agenda threads in SMT channels; last month's while this month's agenda is not out yet. */
function openThreads(d: ThreadHearing): ItemThread[] {
  const month = monthOf(d.h.now(), d.h.config.timezone);
  let threads = d.h.store.posts.itemThreadsForMonth(month, 'slack');
  if (threads.length === 0) threads = d.h.store.posts.itemThreadsForMonth(previousMonth(month), 'slack');
  return threads.filter((t) => isSmtChannel(d.h, 'slack', t.channelId));
}

export async function catchUpSlackReplies(
  d: ThreadHearing,
  client: WebClient,
  opts: CatchUpOptions = {},
): Promise<CatchUpReport> {
  const pageSize = opts.pageSize ?? 200;
  const paceMs = opts.paceMs ?? 1200;
  const maxWaits = opts.maxRateLimitWaits ?? 5;
  const sleep = opts.sleep ?? realSleep;
  const stopped = opts.stopped ?? (() => false);
  const report: CatchUpReport = { threads: 0, calls: 0, recorded: 0, deleted: 0, rateLimited: 0, failed: 0 };
  let lastCall = 0;
  // Only replies written before the catch-up began can be missing for having been deleted: one written
  // since may have arrived by event after its page was read.
  const startedAt = d.h.now().toISOString();

  async function page(thread: ItemThread, cursor: string | undefined) {
    for (let waits = 0; ;) {
      const wait = lastCall + paceMs - Date.now();
      if (report.calls > 0 && wait > 0) await sleep(wait);
      if (stopped()) throw new Error('Horizon is stopping');
      lastCall = Date.now();
      report.calls++;
      try {
        return await client.conversations.replies({
          channel: thread.channelId,
          ts: thread.threadRef,
          limit: pageSize,
          cursor,
        });
      } catch (err) {
        const e = err as SlackishError;
        if (e?.code !== 'slack_webapi_rate_limited_error' || ++waits > maxWaits) throw err;
        report.rateLimited++;
        await sleep(Math.max(1, e.retryAfter ?? 1) * 1000);
        if (stopped()) throw err;
      }
    }
  }

  for (const thread of openThreads(d)) {
    if (stopped()) break;
    report.threads++;
    const seen = new Set<string>();
    try {
      let cursor: string | undefined;
      do {
        const res = await page(thread, cursor);
        for (const m of (res.messages as SlackThreadMessage[] | undefined) ?? []) {
          if (m.ts) seen.add(m.ts);
          if (!isPersonReply(m)) continue;
          const outcome = await hearSlackReply(d, client, thread.channelId, m);
          if (outcome.status === 'recorded') report.recorded++;
        }
        cursor = res.response_metadata?.next_cursor || undefined;
        if (stopped()) throw new Error('Horizon is stopping');
      } while (cursor);
    } catch (err) {
      report.failed++;
      if (!stopped())
        d.h.log.warn(
          { channel: thread.channelId, thread: thread.threadRef, err: describeSlackError(err) },
          'could not catch up on an agenda thread; it is read again on the next start',
        );
      continue;
    }
    // Read in full: a reply recorded here that Slack no longer has was deleted while Horizon was down.
    for (const r of d.h.store.replies.forMonth(thread.month)) {
      if (r.platform !== 'slack' || r.channelId !== thread.channelId || r.threadRef !== thread.threadRef)
        continue;
      if (r.postedAt < startedAt && !seen.has(r.messageRef) && hearDeletion(d.h, r)) report.deleted++;
    }
  }
  return report;
}
