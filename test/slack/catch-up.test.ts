import { afterEach, describe, expect, it } from 'vitest';
import { catchUpSlackReplies } from '../../adapters/slack/catch-up.js';
import { createWebClient } from '../../adapters/slack/client.js';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { memberCache } from '../../adapters/slack/members.js';
import { postAgenda } from '../../src/agenda/post.js';
import { silentLogger } from '../../src/log.js';
import { feed, items } from '../support/horizon.js';
import { ADMIN, BOT_TOKEN, EDITOR, MEMBER, slackStack, type SlackStack } from './harness.js';

const NOW = '2026-03-20T09:00:00Z';
const SMT = 'CSMT0001';
let s: SlackStack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** This month's agenda posted in the SMT channel, with a long retention so the fake Slack's old timestamps keep their text. */
async function posted(): Promise<{ s: SlackStack; threads: string[] }> {
  const stack = await slackStack({
    now: NOW,
    env: { HORIZON_SLACK_CHANNELS: SMT, HORIZON_REPLY_RETENTION_DAYS: '3650' },
  });
  const f = feed(stack.h, { title: 'DHSC', kind: 'policy' });
  items(stack.h, f, [
    {
      title: 'Government launches consultation on support for unpaid carers',
      publishedAt: '2026-03-03T10:00:00Z',
    },
    { title: 'Watchdog warns social care reforms delayed again', publishedAt: '2026-03-05T10:00:00Z' },
  ]);
  await postAgenda(stack.h, [stack.adapter.publisher], { sleep: async () => undefined });
  stack.api.setMembers(SMT, [ADMIN, EDITOR, MEMBER]);
  const threads = stack.api
    .messages(SMT)
    .filter((m) => String(m.metadata?.event_payload.part).startsWith('item:'))
    .map((m) => m.ts);
  return { s: stack, threads };
}

const rows = (s: SlackStack) =>
  s.th.db.prepare('SELECT message_ref, author_id, text FROM replies ORDER BY message_ref').all() as {
    message_ref: string;
    author_id: string;
    text: string | null;
  }[];

describe('catching up on Slack agenda threads after downtime', () => {
  it('records each reply written while down exactly once, paged and paced, waiting out a 429', async () => {
    const p = await posted();
    s = p.s;
    const [a, b] = p.threads;
    // Heard live before the outage: one reply that is later edited, one that is later deleted.
    const heard = s.api.say({ channel: SMT, thread_ts: a!, user: MEMBER, text: 'First thoughts' });
    const gone = s.api.say({ channel: SMT, thread_ts: a!, user: ADMIN, text: 'Oops, wrong thread' });
    for (const m of [heard, gone])
      await s.event({
        type: 'message',
        channel_type: 'channel',
        channel: SMT,
        user: m.user,
        text: m.text,
        ts: m.ts,
        thread_ts: a!,
      });
    await s.api.waitFor(() => rows(s!).length === 2);

    // The outage: people keep writing, and Slack delivers nothing.
    const missed = [
      s.api.say({ channel: SMT, thread_ts: a!, user: EDITOR, text: 'We should respond' }),
      s.api.say({ channel: SMT, thread_ts: a!, user: ADMIN, text: 'Agreed' }),
      s.api.say({ channel: SMT, thread_ts: a!, user: MEMBER, text: 'I can draft it' }),
      s.api.say({ channel: SMT, thread_ts: b!, user: EDITOR, text: 'Is this one for us?' }),
    ];
    s.api.say({ channel: SMT, thread_ts: b!, user: 'UOUTSIDE', text: 'Not a member of the channel' });
    s.api.edit(SMT, heard.ts, 'First thoughts, edited');
    s.api.remove(SMT, gone.ts);
    s.api.fail('conversations.replies', { status: 429, retryAfter: 3 }, { times: 1 });

    const sleeps: number[] = [];
    const client = createWebClient(BOT_TOKEN, { apiUrl: s.api.url, log: silentLogger });
    const d = { h: s.h, members: memberCache(silentLogger), botUserId: 'UBOT' };
    const opts = { pageSize: 2, paceMs: 50, sleep: async (ms: number) => void sleeps.push(ms) };
    const report = await catchUpSlackReplies(d, client, opts);

    expect(report).toMatchObject({ threads: 2, recorded: 4, deleted: 1, rateLimited: 1, failed: 0 });
    // Thread a: the parent, the prompt and four replies, three pages of two; thread b: two pages; one 429.
    expect(report.calls).toBe(3 + 2 + 1);
    expect(sleeps).toContain(3000);
    expect(sleeps.filter((ms) => ms !== 3000).every((ms) => ms > 0 && ms <= 50)).toBe(true);
    const calls = s.api.callsTo('conversations.replies').filter((c) => String(c.args.limit) === '2');
    expect(calls.map((c) => c.args.cursor ?? '')).toEqual(['', '', '2', '4', '', '2']);
    expect(rows(s)).toEqual(
      [
        { message_ref: heard.ts, author_id: MEMBER, text: 'First thoughts, edited' },
        ...missed.map((m) => ({ message_ref: m.ts, author_id: m.user, text: m.text })),
      ].sort((x, y) => x.message_ref.localeCompare(y.message_ref)),
    );

    // Run again (another restart): nothing new, nothing doubled.
    const again = await catchUpSlackReplies(d, client, opts);
    expect(again).toMatchObject({ threads: 2, recorded: 0, deleted: 0, failed: 0 });
    expect(rows(s)).toHaveLength(5);
  });

  it('runs on start, and a thread Slack cannot serve is left for the next start without stopping the rest', async () => {
    const p = await posted();
    s = p.s;
    const [a, b] = p.threads;
    await s.adapter.stop();
    const r1 = s.api.say({ channel: SMT, thread_ts: a!, user: EDITOR, text: 'Written while down' });
    const r2 = s.api.say({ channel: SMT, thread_ts: b!, user: MEMBER, text: 'Also written while down' });
    s.api.fail(
      'conversations.replies',
      { error: 'internal_error' },
      { times: 1, when: (args) => args.ts === a },
    );

    const restarted = createSlackAdapter(s.h, { catchUp: { paceMs: 0, sleep: async () => undefined } })!;
    await restarted.start();
    await s.api.waitFor(() => rows(s!).length === 1);
    await restarted.stop();
    expect(rows(s).map((r) => r.message_ref)).toEqual([r2.ts]);

    const again = createSlackAdapter(s.h, { catchUp: { paceMs: 0, sleep: async () => undefined } })!;
    await again.start();
    await s.api.waitFor(() => rows(s!).length === 2);
    await again.stop();
    expect(
      rows(s)
        .map((r) => r.message_ref)
        .sort(),
    ).toEqual([r1.ts, r2.ts].sort());
  });
});
