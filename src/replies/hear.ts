// Recording what people write in agenda threads, the same way for every platform. Adapters translate
// their events into these calls after checking what only they can check (the author is a channel member,
// the message is a person's, not a bot's); everything here is idempotent, so retries, duplicate
// deliveries and catch-up after downtime may offer the same message any number of times.
import type { Horizon } from '../context.js';
import type { Platform } from '../domain.js';
import type { ItemThread, MessageKey } from '../store/replies.js';
import { threadItem } from './thread.js';

/** A message in a thread, as a platform delivered it. */
export interface HeardMessage {
  platform: Platform;
  channelId: string;
  threadRef: string;
  messageRef: string;
  authorId: string;
  /** When it was written (ISO). */
  postedAt: string;
  text: string;
}

export type HeardOutcome =
  /** Recorded now. */
  | { status: 'recorded'; thread: ItemThread }
  /** Already recorded (a retry, a duplicate, or catch-up meeting one already heard). */
  | { status: 'already'; thread: ItemThread }
  /**
   * An edit of a recorded reply, mirrored. `before` is what it said until now (null once its text has
   * passed the retention period), so a caller can tell a message that has only now become a decision line.
   */
  | { status: 'edited'; thread: ItemThread; before: string | null }
  /** Not an agenda item's thread in an SMT channel: nothing stored. */
  | { status: 'ignored' };

/** The longest reply text kept; a longer one is cut (the count and the author are what matter most). */
export const MAX_REPLY_TEXT = 8000;

const DAY_MS = 86_400_000;

/** Whether a reply written at `postedAt` may still have its text kept under the retention setting. */
function keepsText(h: Horizon, postedAt: string): boolean {
  const days = h.config.replyRetentionDays;
  if (days <= 0) return false;
  return Date.parse(postedAt) >= h.now().getTime() - days * DAY_MS;
}

function keptText(h: Horizon, postedAt: string, text: string): string | null {
  return keepsText(h, postedAt) ? text.slice(0, MAX_REPLY_TEXT) : null;
}

/** Records a reply under its agenda item, once. */
export function hearReply(h: Horizon, m: HeardMessage): HeardOutcome {
  const thread = threadItem(h, m.platform, m.channelId, m.threadRef);
  if (!thread) return { status: 'ignored' };
  const recorded = h.store.replies.record(
    {
      month: thread.month,
      itemId: thread.itemId,
      platform: m.platform,
      channelId: m.channelId,
      threadRef: m.threadRef,
      messageRef: m.messageRef,
      authorId: m.authorId,
      postedAt: m.postedAt,
      text: keptText(h, m.postedAt, m.text),
    },
    h.now().toISOString(),
  );
  return { status: recorded ? 'recorded' : 'already', thread };
}

/**
 * Mirrors an edit. A reply never recorded (written while Horizon was down, or before the edit's own
 * delivery) is recorded as it now reads.
 */
export function hearEdit(h: Horizon, m: HeardMessage & { editedAt: string }): HeardOutcome {
  const thread = threadItem(h, m.platform, m.channelId, m.threadRef);
  if (!thread) return { status: 'ignored' };
  const key: MessageKey = { platform: m.platform, channelId: m.channelId, messageRef: m.messageRef };
  const before = h.store.replies.get(key);
  if (!before) return hearReply(h, m);
  // A late delivery of an older edit changes nothing (the store keeps the newest).
  if (before.editedAt && before.editedAt > m.editedAt) return { status: 'already', thread };
  h.store.replies.edit(key, keptText(h, m.postedAt, m.text), m.editedAt);
  return { status: 'edited', thread, before: before.text };
}

/** Mirrors a deletion: the reply is deleted here too. True when one was recorded. */
export function hearDeletion(h: Horizon, key: MessageKey): boolean {
  return h.store.replies.delete(key);
}

/** Deletes reply text older than the retention setting, keeping counts; returns how many lost their text. */
export function purgeExpiredReplyText(h: Horizon): number {
  const days = h.config.replyRetentionDays;
  const before = new Date(h.now().getTime() - days * DAY_MS).toISOString();
  return h.store.replies.purgeText(before);
}
