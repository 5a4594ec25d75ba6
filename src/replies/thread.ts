// Which agenda item a chat thread belongs to. The posts ledger recorded where each item went, so a reply's
// (platform, channel, thread) leads back to the item; a thread Horizon did not start, or one in a channel
// that is no longer an SMT channel, belongs to nothing and is never recorded.
import type { Horizon } from '../context.js';
import type { Platform } from '../domain.js';
import type { ItemThread } from '../store/replies.js';

/** True when the channel is one of the registered SMT channels on that platform. */
export function isSmtChannel(h: Horizon, platform: Platform, channelId: string): boolean {
  return h.store.channels.list(platform).some((c) => c.channelId === channelId);
}

/** The agenda item whose thread this is, in a registered SMT channel; null otherwise. */
export function threadItem(
  h: Horizon,
  platform: Platform,
  channelId: string,
  threadRef: string,
): ItemThread | null {
  if (!isSmtChannel(h, platform, channelId)) return null;
  return h.store.posts.itemThread(platform, channelId, threadRef);
}
