import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderMinutes } from '../../adapters/slack/render/minutes.js';
import { LIMITS } from '../../adapters/slack/render/limits.js';
import { postAgenda } from '../../src/agenda/post.js';
import { runCommand } from '../../src/commands/run.js';
import type { Decision, Minutes } from '../../src/domain.js';
import { sendDueReminders } from '../../src/minutes/reminders.js';
import { runMinutesIfDue } from '../../src/minutes/schedule.js';
import { feed, items } from '../support/horizon.js';
import { EDITOR, slackStack, type SlackStack } from './harness.js';

const SMT = 'CSMT0001';
const OWNER = 'UPRIYA01';
const HOSTILE = 'Fund <!channel> & <https://evil.example|click> closes';
let s: SlackStack;
let ids: Map<string, number>;

beforeEach(async () => {
  // Monday 2 March 2026, 09:00 London: the agenda is due.
  s = await slackStack({ now: '2026-03-02T09:00:00Z', env: { HORIZON_SLACK_CHANNELS: SMT } });
  ids = items(s.h, feed(s.h, { title: 'DHSC' }), [
    { title: HOSTILE, publishedAt: '2026-03-01T09:00:00Z' },
    { title: 'Hospital discharge guidance comes into force', publishedAt: '2026-03-01T10:00:00Z' },
  ]);
  await postAgenda(s.h, [s.adapter.publisher], { sleep: async () => undefined });
});
afterEach(async () => {
  await s.close();
});

const slackCtx = { platform: 'slack', userId: EDITOR, channelId: SMT };

describe('minutes in Slack', () => {
  it("go once in the header's thread when the discussion closes, with mentions and every text escaped", async () => {
    const header = s.api.messages(SMT)[0]!;
    const fund = ids.get(HOSTILE)!;
    s.h.store.replies.record(
      {
        month: '2026-03',
        itemId: fund,
        platform: 'slack',
        channelId: SMT,
        threadRef: 'x',
        messageRef: 'r1',
        authorId: 'UJON0001',
        postedAt: '2026-03-03T10:00:00Z',
        text: 'Apply',
      },
      '2026-03-03T10:00:00Z',
    );
    await runCommand(
      s.h,
      slackCtx,
      `decide ${fund} "Apply <!here> now, with <@UJON0001>" --action --owner <@${OWNER}> --due 2026-03-20`,
    );

    s.th.clock.now = new Date('2026-03-09T08:00:00Z');
    await runMinutesIfDue(s.h, [s.adapter.publisher]);
    expect(s.api.replies(SMT, header.ts).filter((m) => m.metadata?.event_payload.part === 'minutes')).toEqual(
      [],
    );

    s.th.clock.now = new Date('2026-03-09T09:30:00Z');
    await runMinutesIfDue(s.h, [s.adapter.publisher]);
    await runMinutesIfDue(s.h, [s.adapter.publisher]);
    const minutes = s.api.replies(SMT, header.ts).filter((m) => m.metadata?.event_payload.part === 'minutes');
    expect(minutes).toHaveLength(1);
    const blocks = JSON.stringify(minutes[0]!.blocks);
    expect(blocks).toContain('Minutes: March 2026');
    expect(blocks).toContain('1 reply from <@UJON0001>');
    expect(blocks).toContain(`Apply &lt;!here&gt; now, with <@UJON0001> — <@${OWNER}>`);
    expect(blocks).toContain('Fund &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; closes');
    expect(blocks).toContain('Hospital discharge guidance comes into force');
    expect(blocks).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
    expect(minutes[0]!.text).not.toContain('<!channel>');
  });

  it('keeps a long month within Block Kit limits, continuing in more messages without losing an item', () => {
    const decision = (n: number): Decision => ({
      id: n,
      itemId: n,
      itemTitle: `Item ${n} ${'x'.repeat(400)}`,
      month: '2026-03',
      kind: 'action',
      decision: `Do thing ${n} ${'y'.repeat(1500)}`,
      owner: OWNER,
      ownerName: null,
      dueDate: '2026-03-20',
      status: 'open',
      statusChangedAt: null,
      platform: 'slack',
      recordedBy: EDITOR,
      recordedAt: '2026-03-03T10:00:00Z',
      remindedAt: null,
    });
    const item = (n: number) => ({
      itemId: n,
      title: `Item ${n} ${'t'.repeat(600)}`,
      link: `https://example.org/${n}`,
      stage: 'trigger' as const,
      stageLabel: 'Policy trigger',
      replies: n,
      participants: Array.from({ length: 20 }, (_, i) => `U${String(i).padStart(7, '0')}`),
      decisions: [],
    });
    const m: Minutes = {
      month: '2026-03',
      generatedAt: '2026-03-09T09:00:00Z',
      discussed: Array.from({ length: 120 }, (_, i) => item(i + 1)),
      decisions: Array.from({ length: 60 }, (_, i) => decision(i + 1)),
      undiscussed: Array.from({ length: 80 }, (_, i) => item(i + 500)),
      participants: [],
      totalReplies: 7260,
    };
    const messages = renderMinutes(m);
    expect(messages.length).toBeGreaterThan(1);
    for (const msg of messages) {
      expect(msg.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      expect(msg.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
      for (const b of msg.blocks as { type: string; text?: { text: string } }[]) {
        if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
      }
    }
    const all = JSON.stringify(messages);
    for (const n of [1, 120, 500, 579]) expect(all).toContain(`(#${n})`);
    expect(all).toContain('and 12 more');
  });
});

describe('reminders in Slack', () => {
  it('reach the owner by direct message three days before the due date, once, and again after a new date', async () => {
    const fund = ids.get(HOSTILE)!;
    await runCommand(s.h, slackCtx, `decide ${fund} "Apply" --action --owner <@${OWNER}> --due 2026-03-12`);
    await runCommand(
      s.h,
      slackCtx,
      `decide ${fund} "Ask the trustees" --owner "Head of Policy" --due 2026-03-12`,
    );
    const dms = () => s.api.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${OWNER}`);

    // 11 p.m. on the 8th in London: the 12th is four days away.
    s.th.clock.now = new Date('2026-03-08T23:00:00Z');
    expect(await sendDueReminders(s.h, [s.adapter.publisher])).toEqual([]);
    // Just after midnight on the 9th (GMT): three days to go.
    s.th.clock.now = new Date('2026-03-09T00:05:00Z');
    expect(await sendDueReminders(s.h, [s.adapter.publisher])).toEqual([1]);
    expect(await sendDueReminders(s.h, [s.adapter.publisher])).toEqual([]);
    expect(dms()).toHaveLength(1);
    expect(dms()[0]!.args.text).toBe(
      'Reminder: action #1 is due on 12 Mar 2026: "Apply" (on "Fund &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; closes", 2026-03). When it is done, type "decisions done 1"; to move the date, "decisions due 1 YYYY-MM-DD".',
    );
    // The owner written as a name cannot be messaged, and is never tried.
    expect(s.api.callsTo('conversations.open').map((c) => c.args.users)).toEqual([OWNER]);

    await runCommand(s.h, slackCtx, 'decisions due 1 2026-03-20');
    s.th.clock.now = new Date('2026-03-16T12:00:00Z');
    expect(await sendDueReminders(s.h, [s.adapter.publisher])).toEqual([]);
    s.th.clock.now = new Date('2026-03-17T09:00:00Z');
    expect(await sendDueReminders(s.h, [s.adapter.publisher])).toEqual([1]);
    // Done: no more reminders, whatever the date.
    await runCommand(s.h, slackCtx, 'decisions done 1');
    await runCommand(s.h, slackCtx, 'decisions due 1 2026-03-25');
    s.th.clock.now = new Date('2026-03-24T09:00:00Z');
    expect(await sendDueReminders(s.h, [s.adapter.publisher])).toEqual([]);
    expect(dms()).toHaveLength(2);
  });
});
