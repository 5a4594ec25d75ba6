// Posts a month's minutes once per channel, in the thread of that channel's agenda header. The posts
// ledger holds the message as part 'minutes' of the month's agenda, claimed before it is sent, under a
// lease per channel: a second process, a repeated "minutes post" or a resume after a crash never posts
// them twice. A post whose outcome is unknown is left for an admin, as agenda parts are.
import { keepChannelDocument, posterId } from '../agenda/post.js';
import type { AgendaPublisher, ChatChannel } from '../chat/types.js';
import { PostError } from '../chat/types.js';
import type { Horizon } from '../context.js';
import type { Minutes } from '../domain.js';
import { describeStorageError } from '../store/errors.js';
import { monthLabel } from '../time.js';
import { renderMinutesMarkdown } from './markdown.js';
import { currentMinutes } from './month.js';

export const MINUTES_PART = 'minutes';

const STALE_AFTER_MS = 7 * 86_400_000;

export interface MinutesChannelOutcome {
  platform: string;
  channelId: string;
  status: 'posted' | 'already' | 'skipped' | 'busy' | 'unknown' | 'failed';
  detail?: string;
}

export interface MinutesReport {
  month: string;
  /** Null when the month has no posted agenda to hang minutes on. */
  minutes: Minutes | null;
  channels: MinutesChannelOutcome[];
}

export interface MinutesPostOptions {
  owner?: string;
  leaseTtlMs?: number;
}

async function postInChannel(
  h: Horizon,
  publisher: AgendaPublisher,
  channel: ChatChannel,
  agendaId: number,
  minutes: Minutes,
  owner: string,
  ttl: number,
): Promise<MinutesChannelOutcome> {
  const base = { platform: channel.platform, channelId: channel.channelId };
  const header = h.store.posts.get({
    agendaId,
    platform: channel.platform,
    channelId: channel.channelId,
    part: 'header',
  });
  if (header?.status !== 'posted' || !header.messageRef)
    return {
      ...base,
      status: 'skipped',
      detail: `the ${monthLabel(minutes.month)} agenda was not posted here`,
    };
  const key = { agendaId, platform: channel.platform, channelId: channel.channelId, part: MINUTES_PART };
  const lease = `minutes:${minutes.month}:${channel.platform}:${channel.channelId}`;
  if (!h.store.leases.acquire(lease, owner, ttl)) return { ...base, status: 'busy' };
  try {
    const row = h.store.posts.get(key);
    if (row?.status === 'posted') return { ...base, status: 'already' };
    // Sent before and never confirmed: it may be in the thread. Never sent again without an admin.
    if (row?.status === 'pending') return { ...base, status: 'unknown' };
    if (!h.store.posts.claim(key, owner, h.now().toISOString())) return { ...base, status: 'already' };
    try {
      const ref = await publisher.postMinutes!(channel, minutes, header.threadRef ?? header.messageRef);
      h.store.posts.markDone(key, ref, h.now().toISOString());
      // The channel's document (a Slack canvas, where on) gains the minutes under the month's agenda.
      await keepChannelDocument(
        h,
        publisher,
        channel,
        minutes.month,
        'minutes',
        renderMinutesMarkdown(minutes),
      );
      return { ...base, status: 'posted' };
    } catch (err) {
      const e = err instanceof PostError ? err : new PostError((err as Error).message, 'transient');
      if (e.failure === 'unknown-outcome') {
        h.store.posts.markUnknown(key, e.message, h.now().toISOString());
        return { ...base, status: 'unknown', detail: e.message };
      }
      h.store.posts.markFailed(key, e.message, h.now().toISOString());
      return { ...base, status: 'failed', detail: e.message };
    }
  } finally {
    h.store.leases.release(lease, owner);
  }
}

/**
 * Posts the month's minutes in every channel where its agenda went, once. The minutes are frozen on the
 * first post, so every channel gets the same text.
 */
export async function postMinutes(
  h: Horizon,
  publishers: AgendaPublisher[],
  month: string,
  opts: MinutesPostOptions = {},
): Promise<MinutesReport> {
  const record = h.store.agendas.get(month);
  const fresh = currentMinutes(h, month);
  if (!record || !fresh) return { month, minutes: null, channels: [] };
  const minutes = h.store.minutes.freeze(fresh, h.now().toISOString()).minutes;
  const owner = opts.owner ?? posterId();
  const channels: MinutesChannelOutcome[] = [];
  for (const publisher of publishers) {
    if (!publisher.postMinutes) continue;
    for (const channel of await publisher.channels()) {
      try {
        channels.push(
          await postInChannel(h, publisher, channel, record.id, minutes, owner, opts.leaseTtlMs ?? 120_000),
        );
      } catch (err) {
        channels.push({
          platform: channel.platform,
          channelId: channel.channelId,
          status: 'failed',
          detail: describeStorageError(err, h.config.dbPath),
        });
      }
    }
  }
  const problems = channels.filter((c) => c.status === 'failed' || c.status === 'unknown');
  if (problems.length === 0 && channels.some((c) => c.status === 'posted' || c.status === 'already'))
    h.store.minutes.markPosted(month, h.now().toISOString());
  if (problems.length) {
    const message = `The ${monthLabel(month)} minutes could not be posted everywhere: ${problems
      .map(
        (p) =>
          `${p.platform} ${p.channelId}: ${p.status === 'unknown' ? `sent but never confirmed; look in the agenda header's thread, and if they are missing run "agenda resend ${p.channelId} minutes --month ${month}" then "minutes post --month ${month}"` : p.detail}`,
      )
      .join('; ')}.`;
    for (const p of publishers)
      await p
        .notifyAdmins?.(message)
        .catch((e: unknown) => h.log.warn({ err: e }, 'could not notify admins'));
  }
  return { month, minutes, channels };
}

/** Posts the minutes of the month whose discussion has closed, once; null when none is due. */
export async function postMinutesIfDue(
  h: Horizon,
  publishers: AgendaPublisher[],
  month: string,
  dueAt: Date | null,
): Promise<MinutesReport | null> {
  if (!dueAt || h.now() < dueAt) return null;
  // Minutes missed by more than a week (downtime, or months before this version) are left to an admin's
  // "minutes post": a discussion long gone is not summed up in the channel out of the blue.
  if (h.now().getTime() - dueAt.getTime() > STALE_AFTER_MS) return null;
  if (h.store.minutes.get(month)?.postedAt) return null;
  return postMinutes(h, publishers, month);
}
