// A living agenda on Slack: items that change after posting are updated in place with chat.update (through
// the real Web API client against the local Slack server) and their threads told what changed, once.
import { afterEach, describe, expect, it } from 'vitest';
import { postAgenda, refreshPostedAgenda } from '../../src/agenda/post.js';
import type { Horizon } from '../../src/context.js';
import { agendaItems } from '../../src/domain.js';
import type { Feed } from '../../src/domain.js';
import type { StoredMessage } from '../support/slack-api-server.js';
import { feed, items } from '../support/horizon.js';
import { slackStack, type SlackStack } from '../slack/harness.js';

const NOW = '2026-03-20T09:00:00Z';
const SMT = 'CSMT0001';
const FUND = 'Pilot fund for community mental health: expressions of interest open';
const noWait = async () => undefined;

let s: SlackStack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

function seed(h: Horizon): { funding: Feed; policy: Feed } {
  const policy = feed(h, { title: 'Department of Health & Social Care', kind: 'policy' });
  const funding = feed(h, { title: 'Community Fund', kind: 'funding' });
  items(h, policy, [
    {
      title: 'Government launches consultation on support for unpaid carers',
      summary: 'A call for evidence on carers breaks.',
      publishedAt: '2026-03-03T10:00:00Z',
    },
  ]);
  fund(h, funding, 'Closing date 30 April 2026.');
  return { funding, policy };
}

/** The fund as its feed carries it; called again, it is the same item read again by a scan. */
function fund(h: Horizon, f: Feed, closing: string, title = FUND): number {
  return items(h, f, [
    {
      key: 'fund-1',
      title,
      summary: `A £2m pathfinder fund. ${closing}`,
      publishedAt: '2026-03-07T10:00:00Z',
    },
  ]).get(title)!;
}

const partOf = (m: StoredMessage) => m.metadata?.event_payload.part;

function itemMessage(stack: SlackStack, itemId: number): StoredMessage {
  return stack.api.messages(SMT).find((m) => partOf(m) === `item:${itemId}`)!;
}

function headerMessage(stack: SlackStack): StoredMessage {
  return stack.api.messages(SMT).find((m) => partOf(m) === 'header')!;
}

/** chat.update calls on one message. */
function updatesOf(stack: SlackStack, ts: string) {
  return stack.api.callsTo('chat.update').filter((c) => c.args.ts === ts);
}

function notes(stack: SlackStack, itemId: number): StoredMessage[] {
  return stack.api
    .replies(SMT, itemMessage(stack, itemId).ts)
    .filter((m) => String(partOf(m)).startsWith('note:'));
}

async function posted(): Promise<{ stack: SlackStack; fundId: number; funding: Feed }> {
  const stack = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
  const { funding } = seed(stack.h);
  const report = await postAgenda(stack.h, [stack.adapter.publisher], { sleep: noWait });
  expect(report.channels[0]!.status).toBe('ok');
  const fundId = agendaItems(stack.h.store.agendas.get('2026-03')!.agenda!).find(
    (i) => i.title === FUND,
  )!.itemId;
  return { stack, fundId, funding };
}

describe('a living agenda on Slack', () => {
  it('a deadline that moves after posting updates the item message in place and says so once in its thread', async () => {
    const p = await posted();
    s = p.stack;
    const before = itemMessage(s, p.fundId);
    expect(JSON.stringify(before.blocks)).toContain('30 Apr');
    const topLevel = s.api.messages(SMT).length;

    // The next scan reads the fund again: it now closes on 12 May.
    fund(s.h, p.funding, 'Closing date 12 May 2026.');
    const report = await refreshPostedAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect(report!.channels[0]).toMatchObject({ status: 'ok', updated: 1 });

    const updates = updatesOf(s, before.ts);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args).toMatchObject({ channel: SMT, ts: before.ts });
    const after = itemMessage(s, p.fundId);
    expect(after.edited).toBeDefined();
    expect(JSON.stringify(after.blocks)).toContain('12 May');
    expect(JSON.stringify(after.blocks)).not.toContain('30 Apr');
    // Still one message per item: nothing was posted again.
    expect(s.api.messages(SMT)).toHaveLength(topLevel);
    const told = notes(s, p.fundId);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('Deadline moved from 30 Apr to 12 May');

    // The header's closing-soon list follows: updated in place, once, with no note of its own.
    const header = headerMessage(s);
    expect(updatesOf(s, header.ts)).toHaveLength(1);
    expect(JSON.stringify(header.blocks)).toContain('12 May');
    expect(JSON.stringify(header.blocks)).not.toContain('30 Apr');
    expect(s.api.replies(SMT, header.ts).filter((m) => String(partOf(m)).startsWith('note:'))).toHaveLength(
      0,
    );

    // Nothing shown changed since: the next scans update nothing and say nothing.
    await refreshPostedAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    await refreshPostedAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect(s.api.callsTo('chat.update')).toHaveLength(2);
    expect(notes(s, p.fundId)).toHaveLength(1);
  });

  it('no update when nothing shown changed, even if the item was read again with other words', async () => {
    const p = await posted();
    s = p.stack;
    fund(s.h, p.funding, 'Closing date 30 April 2026. Applicants should read the guidance first.');
    const report = await refreshPostedAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect(report!.channels[0]!.updated ?? 0).toBe(0);
    expect(s.api.callsTo('chat.update')).toHaveLength(0);
    expect(notes(s, p.fundId)).toHaveLength(0);
  });

  it('a corrected title and a fund that closes early each update once, even with two processes refreshing at once', async () => {
    const p = await posted();
    s = p.stack;
    // The funder closes the call early (its closing date is now past) and corrects the title.
    const corrected = `${FUND} (round 2)`;
    fund(s.h, p.funding, 'Closing date 15 March 2026.', corrected);
    const a = refreshPostedAgenda(s.h, [s.adapter.publisher], { sleep: noWait, owner: 'process-a' });
    const b = refreshPostedAgenda(s.h, [s.adapter.publisher], { sleep: noWait, owner: 'process-b' });
    await Promise.all([a, b]);
    expect(updatesOf(s, itemMessage(s, p.fundId).ts)).toHaveLength(1);
    // The call has closed: the header no longer lists it as closing soon, and says so once.
    const header = headerMessage(s);
    expect(updatesOf(s, header.ts)).toHaveLength(1);
    expect(JSON.stringify(header.blocks)).not.toContain('round 2');
    expect(JSON.stringify(header.blocks)).not.toContain('30 Apr');
    const told = notes(s, p.fundId);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain('Title corrected to');
    expect(told[0]!.text).toContain('Deadline moved from 30 Apr to 15 Mar');
    expect(told[0]!.text).toContain('Now closed');
    expect(JSON.stringify(itemMessage(s, p.fundId).blocks)).toContain('Closed');
  });

  it('a poster that hangs after sending the note: the next one takes over, updates again harmlessly and finds the note', async () => {
    const p = await posted();
    s = p.stack;
    fund(s.h, p.funding, 'Closing date 12 May 2026.');
    s.api.fail(
      'chat.postMessage',
      { hang: true },
      { when: (args) => String(args.metadata?.event_payload?.part).startsWith('note:') },
    );
    const stuck = refreshPostedAgenda(s.h, [s.adapter.publisher], {
      sleep: noWait,
      owner: 'stuck',
      leaseTtlMs: 300,
    });
    await s.api.waitFor(() => notes(s!, p.fundId).length === 1);
    const report = await refreshPostedAgenda(s.h, [s.adapter.publisher], {
      sleep: noWait,
      owner: 'next',
      leaseWaitMs: 10_000,
    });
    expect(report!.channels[0]!.status).toBe('ok');
    s.api.dropConnections();
    await stuck;
    expect(notes(s, p.fundId)).toHaveLength(1);
    expect(JSON.stringify(itemMessage(s, p.fundId).blocks)).toContain('12 May');
    // And from now on, nothing more.
    const updates = s.api.callsTo('chat.update').length;
    await refreshPostedAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect(s.api.callsTo('chat.update')).toHaveLength(updates);
    expect(notes(s, p.fundId)).toHaveLength(1);
  });

  it('an item added with /horizon agenda add after posting goes out as a late item with its own thread, once', async () => {
    const p = await posted();
    s = p.stack;
    const stack = s;
    stack.h.runtime = { publishers: () => [stack.adapter.publisher], nextAgendaAt: () => null };
    const policy = feed(s.h, { title: 'Charity Commission', kind: 'policy' });
    const lateId = items(s.h, policy, [
      { title: 'Regulator consults on annual return questions', publishedAt: '2026-03-18T10:00:00Z' },
    ]).get('Regulator consults on annual return questions')!;
    const topLevel = s.api.messages(SMT).length;

    expect((await s.slash(`agenda add ${lateId}`, { responseId: 'late' })).status).toBe(200);
    const answer = await s.api.waitFor(() => s!.api.responses.find((r) => r.id === 'late'));
    expect(JSON.stringify(answer.body)).toContain('The posted agenda is updated');

    const late = s.api.messages(SMT).filter((m) => partOf(m) === `item:${lateId}`);
    expect(late).toHaveLength(1);
    expect(s.api.messages(SMT)).toHaveLength(topLevel + 1);
    expect(JSON.stringify(late[0]!.blocks)).toContain('Added to the agenda after it was posted');
    const thread = s.api.replies(SMT, late[0]!.ts);
    expect(thread.map(partOf)).toEqual([`prompt:${lateId}`]);

    // Again (a scan, a repeated command): nothing twice.
    await refreshPostedAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect((await s.slash(`agenda add ${lateId}`, { responseId: 'again' })).status).toBe(200);
    await s.api.waitFor(() => s!.api.responses.find((r) => r.id === 'again'));
    expect(s.api.messages(SMT).filter((m) => partOf(m) === `item:${lateId}`)).toHaveLength(1);
    expect(s.api.replies(SMT, late[0]!.ts)).toHaveLength(1);
  });

  it('an item dropped after posting keeps its message, updated to say so', async () => {
    const p = await posted();
    s = p.stack;
    const stack = s;
    stack.h.runtime = { publishers: () => [stack.adapter.publisher], nextAgendaAt: () => null };
    expect((await s.slash(`agenda drop ${p.fundId}`, { responseId: 'drop' })).status).toBe(200);
    await s.api.waitFor(() => s!.api.responses.find((r) => r.id === 'drop'));
    const updates = updatesOf(s, itemMessage(s, p.fundId).ts);
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(itemMessage(s, p.fundId).blocks)).toContain('Taken off this month’s agenda');
    expect(notes(s, p.fundId)[0]!.text).toContain('Taken off this month’s agenda');
  });
});
