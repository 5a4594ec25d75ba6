// A month's agenda posted through the real posting ledger by a publisher that stands in for a channel, so
// tests of what happens in the threads afterwards start from the ledger rows a real post leaves.
import { postAgenda } from '../../src/agenda/post.js';
import type { AgendaPublisher, PostedRef } from '../../src/chat/types.js';
import type { Horizon } from '../../src/context.js';
import { feed, items } from './horizon.js';

export interface PostedThread {
  itemId: number;
  channelId: string;
  threadRef: string;
}

/**
 * Stores three items, registers the channels and posts the month's agenda in them. Each item's thread
 * ref comes from `threadRef(channel, n)` (Slack: a ts; Teams: the thread's conversation id).
 */
export async function postedMonth(
  h: Horizon,
  o: {
    platform: string;
    channels: string[];
    month?: string;
    threadRef?: (channel: string, n: number) => string;
  },
): Promise<PostedThread[]> {
  const f = feed(h, { title: 'DHSC', kind: 'policy' });
  items(h, f, [
    { title: 'Government launches consultation on carers leave', publishedAt: '2026-03-02T10:00:00Z' },
    { title: 'Watchdog warns social care reform delayed again', publishedAt: '2026-03-03T10:00:00Z' },
    { title: 'Pilot pathfinder areas announced for integrated care', publishedAt: '2026-03-04T10:00:00Z' },
  ]);
  for (const id of o.channels)
    h.store.channels.add({ platform: o.platform, channelId: id, addedBy: 'test' }, h.now().toISOString());
  let n = 0;
  const ref = o.threadRef ?? ((_c: string, i: number) => `1773000000.${String(i).padStart(6, '0')}`);
  const threads: PostedThread[] = [];
  const publisher: AgendaPublisher = {
    platform: o.platform,
    minIntervalMs: 0,
    channels: async () => h.store.channels.list(o.platform),
    async post(channel, part): Promise<PostedRef> {
      n++;
      if (part.kind === 'prompt' || part.kind === 'chart')
        return { messageRef: `${part.threadRef}/reply-${n}`, threadRef: part.threadRef };
      const r = ref(channel.channelId, n);
      if (part.kind === 'item')
        threads.push({ itemId: part.item.itemId, channelId: channel.channelId, threadRef: r });
      return { messageRef: r, threadRef: r };
    },
  };
  const report = await postAgenda(h, [publisher], { month: o.month ?? '2026-03', sleep: async () => {} });
  if (report.channels.some((c) => c.status !== 'ok'))
    throw new Error(`posting failed: ${JSON.stringify(report)}`);
  return threads;
}
