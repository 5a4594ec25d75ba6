// A month, end to end, on Slack: the scheduler's agenda run posts through real Bolt to the local Slack
// Web API; people reply in the threads (signed events); one action is written in a thread and one
// decision made with the button; an item corrected after posting is updated in place; the minutes go once
// when the discussion closes; next month's header opens with the open actions and what was discussed but
// not decided.
import { afterEach, describe, expect, it } from 'vitest';
import { refreshPostedAgenda } from '../../src/agenda/post.js';
import { runMinutesIfDue } from '../../src/minutes/schedule.js';
import { runAgendaIfDue } from '../../src/schedule/scheduler.js';
import { items } from '../support/horizon.js';
import { DISCHARGE, seedMonth } from './month-items.js';
import {
  ADMIN,
  EDITOR,
  MEMBER,
  blockAction,
  slackStack,
  viewSubmission,
  type SlackStack,
} from '../slack/harness.js';

const SMT = 'CSMT0001';
let s: SlackStack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('a month on Slack', () => {
  it('runs from agenda to minutes to the next header', async () => {
    // Monday 2 March 2026, 09:00 in London: the first Monday, when the agenda is due.
    s = await slackStack({ now: '2026-03-02T09:00:00Z', env: { HORIZON_SLACK_CHANNELS: SMT } });
    const stack = s;
    const { dhsc, ids, carers, watchdog } = seedMonth(stack.h);
    const discharge = DISCHARGE;
    stack.api.setMembers(SMT, [ADMIN, EDITOR, MEMBER]);

    const march = await runAgendaIfDue(stack.h, [stack.adapter.publisher]);
    expect(march?.channels[0]?.status).toBe('ok');
    const header = stack.api.messages(SMT)[0]!;
    const thread = (itemId: number) =>
      stack.api.messages(SMT).find((m) => m.metadata?.event_payload.part === `item:${itemId}`)!;

    // The discussion: replies in two threads, and an action written as a thread line.
    let n = 0;
    const reply = async (itemId: number, user: string, text: string) => {
      n++;
      await stack.event(
        {
          type: 'message',
          channel: SMT,
          channel_type: 'channel',
          user,
          text,
          ts: `1772450000.0001${String(n).padStart(2, '0')}`,
          thread_ts: thread(itemId).ts,
        },
        { eventId: `EvMonth${n}` },
      );
    };
    await reply(carers, MEMBER, 'Our carers survey is exactly the evidence they ask for.');
    await reply(carers, ADMIN, 'Agreed, and the deadline is close.');
    await reply(carers, EDITOR, `Action: <@${MEMBER}> to draft our response by 20 Mar`);
    await reply(watchdog, ADMIN, 'Worth watching; nothing to do yet.');
    await stack.api.waitFor(() => stack.h.store.replies.statsForMonth('2026-03').length === 2 || null, 5000);
    await stack.api.waitFor(() => stack.h.store.decisions.forMonth('2026-03').length === 1 || null, 5000);

    // A decision by the button on the carers item, owned by the admin.
    await stack.interact(
      blockAction(
        { type: 'button', action_id: 'horizon_record_decision', value: `${carers}:2026-03` },
        { api: stack.api, messageTs: thread(carers).ts },
      ),
    );
    const open = await stack.api.waitFor(() => stack.api.callsTo('views.open')[0]);
    await stack.interact(
      viewSubmission(
        'horizon_decision',
        {
          decision: { value: { type: 'plain_text_input', value: 'Respond to the consultation' } },
          owner: { value: { type: 'users_select', selected_user: ADMIN } },
          due: { value: { type: 'datepicker', selected_date: '2026-03-25' } },
        },
        { privateMetadata: open.args.view.private_metadata as string },
      ),
    );
    expect(stack.h.store.decisions.forMonth('2026-03').map((d) => [d.kind, d.owner])).toEqual([
      ['action', MEMBER],
      ['decision', ADMIN],
    ]);

    // The department corrects a title after posting: the next scan reads it again, and the posted message
    // is edited in place (same ts), with one line in its thread, rather than posted again.
    const dischargeId = ids.get(discharge.title)!;
    const dischargeTs = thread(dischargeId).ts;
    const topLevel = stack.api.messages(SMT).length;
    items(stack.h, dhsc, [{ ...discharge, title: `${discharge.title} in April` }]);
    await refreshPostedAgenda(stack.h, [stack.adapter.publisher], { sleep: async () => undefined });
    const updates = stack.api.callsTo('chat.update');
    expect(updates.map((u) => [u.args.channel, u.args.ts])).toEqual([[SMT, dischargeTs]]);
    expect(JSON.stringify(thread(dischargeId).blocks)).toContain(`${discharge.title} in April`);
    expect(stack.api.messages(SMT)).toHaveLength(topLevel);
    const noted = stack.api
      .replies(SMT, dischargeTs)
      .filter((m) => String(m.metadata?.event_payload.part).startsWith('note:'));
    expect(noted).toHaveLength(1);

    // The discussion closes seven days after the agenda: the minutes go once, in the header's thread.
    stack.th.clock.now = new Date('2026-03-09T09:30:00Z');
    await runMinutesIfDue(stack.h, [stack.adapter.publisher]);
    await runMinutesIfDue(stack.h, [stack.adapter.publisher]);
    const minutes = stack.api
      .replies(SMT, header.ts)
      .filter((m) => m.metadata?.event_payload.part === 'minutes');
    expect(minutes).toHaveLength(1);
    const text = JSON.stringify(minutes[0]!.blocks);
    expect(text).toContain(`(#${carers}) — 3 replies from <@${MEMBER}>, <@${ADMIN}>, <@${EDITOR}>`);
    expect(text).toContain(`(#${watchdog}) — 1 reply from <@${ADMIN}>`);
    expect(text).toContain(`Respond to the consultation — <@${ADMIN}>, due 25 Mar`);
    expect(text).toContain('*Not discussed*');
    expect(text).toContain('Hospital discharge guidance comes into force');

    // One action done before next month; the other still open.
    const [, decision] = stack.h.store.decisions.forMonth('2026-03');
    stack.h.store.decisions.setStatus(decision!.id, 'done', ADMIN, '2026-03-26T10:00:00Z');

    // April's agenda: Monday 6 April, 09:00 in London (08:00 UTC).
    stack.th.clock.now = new Date('2026-04-06T08:00:00Z');
    const april = await runAgendaIfDue(stack.h, [stack.adapter.publisher]);
    expect(april?.channels[0]?.status).toBe('ok');
    const aprilHeader = stack.api
      .messages(SMT)
      .find(
        (m) => m.metadata?.event_payload.month === '2026-04' && m.metadata.event_payload.part === 'header',
      )!;
    const head = JSON.stringify(aprilHeader.blocks);
    expect(head).toContain('Last month’s decisions and actions');
    expect(head).toContain(
      // The owner written in the thread line stays a mention, not text.
      `*open* <@${MEMBER}> to draft our response — <@${MEMBER}>`,
    );
    expect(head).toContain('*done* Respond to the consultation');
    expect(head).toContain('Discussed last month, not yet decided');
    expect(head).toContain(
      `Watchdog warns social care reforms delayed again> — 1 reply, no decision yet (#${watchdog})`,
    );
  });
});
