import { afterEach, describe, expect, it } from 'vitest';
import { postAgenda } from '../../src/agenda/post.js';
import type { AgendaPart, AgendaPublisher, ChatChannel, PostedRef } from '../../src/chat/types.js';
import { PostError } from '../../src/chat/types.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';

/**
 * A channel as the core sees it: it keeps what was posted where, and can be told to fail. It stands in for
 * a platform so these tests pin the core's ledger; the Slack and Teams suites drive the real platforms.
 */
function channelLog(platform: 'slack' | 'teams' = 'slack') {
  const sent: { channel: string; kind: AgendaPart['kind']; key: string; threadRef?: string }[] = [];
  const failures: ((part: AgendaPart, channel: ChatChannel) => PostError | null)[] = [];
  const notices: string[] = [];
  let seq = 0;
  const publisher: AgendaPublisher = {
    platform,
    minIntervalMs: 0,
    async channels() {
      return [];
    },
    async post(channel, part): Promise<PostedRef> {
      for (const f of failures) {
        const e = f(part, channel);
        if (e) throw e;
      }
      sent.push({
        channel: channel.channelId,
        kind: part.kind,
        key: part.key,
        threadRef: part.kind === 'prompt' ? part.threadRef : undefined,
      });
      const ts = `1700000000.${String(++seq).padStart(6, '0')}`;
      return { messageRef: ts, threadRef: ts };
    },
    async notifyAdmins(message) {
      notices.push(message);
    },
  };
  return { publisher, sent, failures, notices };
}

function withChannels(t: TestHorizon, log: ReturnType<typeof channelLog>, ids: string[]) {
  for (const id of ids)
    t.h.store.channels.add(
      { platform: log.publisher.platform, channelId: id, addedBy: 'test' },
      t.h.now().toISOString(),
    );
  log.publisher.channels = async () => t.h.store.channels.list(log.publisher.platform);
}

function seedMonth(t: TestHorizon) {
  const f = feed(t.h, { title: 'DHSC', kind: 'policy' });
  items(t.h, f, [
    { title: 'Government launches consultation on carers leave', publishedAt: '2026-03-02T10:00:00Z' },
    { title: 'Watchdog warns social care reform delayed again', publishedAt: '2026-03-03T10:00:00Z' },
    { title: 'Pilot pathfinder areas announced for integrated care', publishedAt: '2026-03-04T10:00:00Z' },
  ]);
}

const noSleep = async () => {};

describe('posting an agenda', () => {
  let t: TestHorizon;
  afterEach(() => t.close());

  it('posts a header, then each item with its prompt in the item thread', async () => {
    t = testHorizon();
    seedMonth(t);
    const log = channelLog();
    withChannels(t, log, ['C1']);
    const report = await postAgenda(t.h, [log.publisher], { month: '2026-03', sleep: noSleep });

    expect(report.items).toBe(3);
    expect(log.sent.map((s) => s.kind)).toEqual([
      'header',
      'item',
      'prompt',
      'item',
      'prompt',
      'item',
      'prompt',
    ]);
    // Each prompt replies in the thread of the item message just before it.
    const itemRefs = new Map<string, string>();
    let seq = 0;
    for (const s of log.sent) {
      seq++;
      if (s.kind === 'item')
        itemRefs.set(s.key.replace('item:', ''), `1700000000.${String(seq).padStart(6, '0')}`);
      if (s.kind === 'prompt') expect(s.threadRef).toBe(itemRefs.get(s.key.replace('prompt:', '')));
    }
    expect(t.h.store.agendas.get('2026-03')?.status).toBe('posted');
  });

  it('never posts twice: a second run sends nothing', async () => {
    t = testHorizon();
    seedMonth(t);
    const log = channelLog();
    withChannels(t, log, ['C1']);
    await postAgenda(t.h, [log.publisher], { month: '2026-03', sleep: noSleep });
    const first = log.sent.length;
    const again = await postAgenda(t.h, [log.publisher], { month: '2026-03', sleep: noSleep });
    expect(log.sent.length).toBe(first);
    expect(again.channels[0]).toMatchObject({ posted: 0, alreadyPosted: first, status: 'ok' });
  });

  it('resumes after a crash half-way, posting only what is missing', async () => {
    t = testHorizon();
    seedMonth(t);
    const log = channelLog();
    withChannels(t, log, ['C1']);
    let calls = 0;
    log.failures.push(() => (++calls === 4 ? new PostError('process died', 'fatal') : null));
    const crashed = await postAgenda(t.h, [log.publisher], { month: '2026-03', sleep: noSleep });
    expect(crashed.channels[0]!.status).toBe('failed');
    expect(log.sent).toHaveLength(3);

    // New items arriving after the crash do not change the frozen agenda.
    items(t.h, feed(t.h), [{ title: 'Another consultation launched', publishedAt: '2026-03-05T10:00:00Z' }]);
    log.failures.length = 0;
    await postAgenda(t.h, [log.publisher], { month: '2026-03', sleep: noSleep });
    const keys = log.sent.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(7);
    expect(t.h.store.agendas.get('2026-03')?.status).toBe('posted');
  });

  it('waits out a rate limit for as long as the platform asks, then carries on', async () => {
    t = testHorizon();
    seedMonth(t);
    const log = channelLog();
    withChannels(t, log, ['C1']);
    let limited = 0;
    log.failures.push((part) =>
      part.kind === 'item' && limited++ < 2 ? new PostError('ratelimited', 'rate-limited', 7000) : null,
    );
    const waits: number[] = [];
    const report = await postAgenda(t.h, [log.publisher], {
      month: '2026-03',
      sleep: async (ms) => void waits.push(ms),
    });
    expect(report.channels[0]!.status).toBe('ok');
    expect(waits).toEqual([7000, 7000]);
    expect(log.sent).toHaveLength(7);
  });

  it('reports a channel it cannot post in to the admins and carries on with the others', async () => {
    t = testHorizon();
    seedMonth(t);
    const log = channelLog();
    withChannels(t, log, ['C-GONE', 'C-OK']);
    log.failures.push((_p, channel) =>
      channel.channelId === 'C-GONE' ? new PostError('not_in_channel', 'channel-unavailable') : null,
    );
    const report = await postAgenda(t.h, [log.publisher], { month: '2026-03', sleep: noSleep });
    expect(report.channels.map((c) => [c.channelId, c.status])).toEqual([
      ['C-GONE', 'failed'],
      ['C-OK', 'ok'],
    ]);
    expect(log.sent.every((s) => s.channel === 'C-OK')).toBe(true);
    expect(log.notices).toHaveLength(1);
    expect(log.notices[0]).toMatch(/Invite me to the channel/);
    expect(t.h.store.channels.list('slack').find((c) => c.channelId === 'C-GONE')?.lastError).toMatch(
      /not_in_channel/,
    );
  });

  it('asks the platform whether a message sent just before a crash arrived, instead of sending it again', async () => {
    t = testHorizon();
    seedMonth(t);
    const log = channelLog();
    withChannels(t, log, ['C1']);
    // The first run dies after the header was sent but before it was recorded.
    let died = false;
    log.failures.push((part) => {
      if (part.kind === 'header' && !died) {
        died = true;
        log.sent.push({ channel: 'C1', kind: 'header', key: 'header' });
        return new PostError('connection reset after send', 'fatal');
      }
      return null;
    });
    await postAgenda(t.h, [log.publisher], { month: '2026-03', sleep: noSleep });
    log.publisher.findPosted = async (_c, _m, part) =>
      part.kind === 'header' ? { messageRef: 'found.1', threadRef: 'found.1' } : null;
    await postAgenda(t.h, [log.publisher], { month: '2026-03', sleep: noSleep });
    expect(log.sent.filter((s) => s.kind === 'header')).toHaveLength(1);
    expect(log.sent).toHaveLength(7);
  });

  it('freezes nothing while there is no channel to post to', async () => {
    t = testHorizon();
    seedMonth(t);
    const log = channelLog();
    withChannels(t, log, []);
    const report = await postAgenda(t.h, [log.publisher], { month: '2026-03', sleep: noSleep });
    expect(report.channels).toEqual([]);
    expect(t.h.store.agendas.get('2026-03')).toBeNull();
  });
});
