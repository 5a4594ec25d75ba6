/* eslint-disable @typescript-eslint/no-explicit-any -- activities and cards are JSON from the wire, checked by the assertions */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardBytes, CARD_BUDGET_BYTES } from '../../adapters/teams/render/limits.js';
import { minutesCard } from '../../adapters/teams/render/minutes.js';
import type { Minutes } from '../../src/domain.js';
import { postAgenda } from '../../src/agenda/post.js';
import { runCommand } from '../../src/commands/run.js';
import { sendDueReminders } from '../../src/minutes/reminders.js';
import { runMinutesIfDue } from '../../src/minutes/schedule.js';
import { feed, items } from '../support/horizon.js';
import { cardProblems, cardText } from './cards.js';
import {
  ADMIN,
  CHANNEL,
  EDITOR,
  personalConversationId,
  personalMessage,
  channelMessage,
  startTeams,
  type TeamsTest,
} from './harness.js';

const OWNER = '7d0b8f4e-2a1c-4e5f-9b3a-6c1d2e3f4a5b';
const HOSTILE = 'Fund [click](https://evil.example) **now** {{DATE(2026-01-01)}}';
let t: TeamsTest;
let fund: number;

beforeEach(async () => {
  t = await startTeams({ members: { [OWNER]: { name: 'Priya Shah' } } });
  t.clock.now = new Date('2026-03-02T09:00:00Z');
  const ids = items(t.h, feed(t.h, { title: 'DHSC' }), [
    { title: HOSTILE, publishedAt: '2026-03-01T09:00:00Z' },
    { title: 'Hospital discharge guidance comes into force', publishedAt: '2026-03-01T10:00:00Z' },
  ]);
  fund = ids.get(HOSTILE)!;
  await t.send(channelMessage(t, 'channels add here', { user: ADMIN }));
  await postAgenda(t.h, [t.adapter.publisher], { month: '2026-03', sleep: async () => {} });
});
afterEach(() => t.stop());

const ctx = { platform: 'teams', userId: EDITOR, channelId: CHANNEL };

describe('minutes in Teams', () => {
  it("go once as a valid card in the header's thread, owners mentioned, every text inert", async () => {
    const header = t.connector.posts(CHANNEL)[0]!;
    t.h.store.replies.record(
      {
        month: '2026-03',
        itemId: fund,
        platform: 'teams',
        channelId: CHANNEL,
        threadRef: 'x',
        messageRef: 'r1',
        authorId: 'aad-someone',
        postedAt: '2026-03-03T10:00:00Z',
        text: 'Apply',
      },
      '2026-03-03T10:00:00Z',
    );
    await runCommand(t.h, ctx, `decide ${fund} "Apply _soon_" --action --owner ${OWNER} --due 2026-03-20`);
    // A typed command has no roster to read the owner's name from; the card button does (see commands.test.ts).
    t.db.prepare("UPDATE decisions SET owner_name = 'Priya Shah'").run();

    t.clock.now = new Date('2026-03-09T09:30:00Z');
    await runMinutesIfDue(t.h, [t.adapter.publisher]);
    await runMinutesIfDue(t.h, [t.adapter.publisher]);
    const minutes = header.replies
      .map((r) => r.activity)
      .filter((a: any) => a.attachments?.[0]?.content?.fallbackText?.startsWith('Minutes'));
    expect(minutes).toHaveLength(1);
    const card = minutes[0].attachments[0].content;
    expect(cardProblems(card)).toEqual([]);
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    const text = cardText(card).join('\n');
    expect(text).toContain('Minutes: March 2026');
    expect(text).toContain('1 reply from 1 person');
    expect(text).toContain('**Action** (open): Apply \\_soon\\_ (<at>Priya Shah</at>, due 20 Mar 2026)');
    expect(text).toContain(
      'Fund \\[click\\](https://evil.example) \\*\\*now\\*\\* {\u200d{DATE(2026-01-01)}}',
    );
    expect(text).toContain('Hospital discharge guidance comes into force');
    expect(card.msteams.entities).toEqual([
      { type: 'mention', text: '<at>Priya Shah</at>', mentioned: { id: OWNER, name: 'Priya Shah' } },
    ]);
  });

  it('reminds an owner in their personal chat with Horizon, once, three days before the due date', async () => {
    await t.send(personalMessage(t, 'help', { user: OWNER }));
    await runCommand(t.h, ctx, `decide ${fund} "Apply" --action --owner ${OWNER} --due 2026-03-12`);
    const dms = () =>
      t.connector.sent(personalConversationId(OWNER)).filter((a: any) => /Reminder/.test(a.text ?? ''));
    t.clock.now = new Date('2026-03-08T12:00:00Z');
    expect(await sendDueReminders(t.h, [t.adapter.publisher])).toEqual([]);
    t.clock.now = new Date('2026-03-09T08:00:00Z');
    expect(await sendDueReminders(t.h, [t.adapter.publisher])).toEqual([1]);
    expect(await sendDueReminders(t.h, [t.adapter.publisher])).toEqual([]);
    expect(dms()).toHaveLength(1);
    expect(dms()[0].text).toMatch(/^Reminder: action #1 is due on 12 Mar 2026: "Apply"/);
    expect(dms()[0].textFormat).toBe('plain');
  });

  it('keeps a very long month inside the card budget, counting what it leaves out', () => {
    const item = (n: number) => ({
      itemId: n,
      title: `Item ${n} ${'t'.repeat(600)}`,
      link: `https://example.org/${n}`,
      stage: 'trigger' as const,
      stageLabel: 'Policy trigger',
      replies: 3,
      participants: ['a', 'b'],
      decisions: [],
    });
    const m: Minutes = {
      month: '2026-03',
      generatedAt: '2026-03-09T09:00:00Z',
      discussed: Array.from({ length: 300 }, (_, i) => item(i + 1)),
      decisions: [],
      undiscussed: Array.from({ length: 300 }, (_, i) => item(i + 1000)),
      participants: ['a', 'b'],
      totalReplies: 900,
    };
    const card = minutesCard(m, { timezone: 'Europe/London' });
    expect(cardBytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card).join('\n')).toMatch(/…and \d+ more/);
  });
});
