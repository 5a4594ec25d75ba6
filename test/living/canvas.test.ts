// The Slack channel canvas (HORIZON_SLACK_CANVAS): one section per month, the agenda then the minutes,
// through the real Web API client against the local Slack server; plans that cannot have canvases keep
// to messages without an error, told once.
import { afterEach, describe, expect, it } from 'vitest';
import { keepChannelDocument, postAgenda, refreshPostedAgenda } from '../../src/agenda/post.js';
import { postMinutes } from '../../src/minutes/post.js';
import type { Horizon } from '../../src/context.js';
import type { Feed } from '../../src/domain.js';
import { feed, items } from '../support/horizon.js';
import { slackStack, type SlackStack } from '../slack/harness.js';

const NOW = '2026-03-20T09:00:00Z';
const SMT = 'CSMT0001';
const FUND = 'Pilot fund for community mental health: expressions of interest open';
const noWait = async () => undefined;
const channel = { platform: 'slack', channelId: SMT };

let s: SlackStack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

function fund(h: Horizon, f: Feed, closing: string): void {
  items(h, f, [
    { key: 'fund', title: FUND, summary: `A £2m fund. ${closing}`, publishedAt: '2026-03-07T10:00:00Z' },
  ]);
}

async function stack(canvas: boolean): Promise<{ stack: SlackStack; funding: Feed; warnings: string[] }> {
  const stack = await slackStack({
    now: NOW,
    env: { HORIZON_SLACK_CHANNELS: SMT, ...(canvas ? { HORIZON_SLACK_CANVAS: '1' } : {}) },
  });
  const policy = feed(stack.h, { title: 'DHSC', kind: 'policy' });
  items(stack.h, policy, [
    { title: 'Government launches consultation on unpaid carers', publishedAt: '2026-03-03T10:00:00Z' },
  ]);
  const funding = feed(stack.h, { title: 'Community Fund', kind: 'funding' });
  fund(stack.h, funding, 'Closing date 30 April 2026.');
  const warnings: string[] = [];
  stack.h.log = {
    ...stack.h.log,
    warn: (_o: unknown, msg: string) => warnings.push(msg),
  } as unknown as typeof stack.h.log;
  return { stack, funding, warnings };
}

describe('the Slack channel canvas', () => {
  it('keeps one section per month: the agenda when posted, kept in step with changes, then the minutes', async () => {
    const t = await stack(true);
    s = t.stack;
    const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect(report.channels[0]!.status).toBe('ok');
    expect(s.api.callsTo('conversations.canvases.create')).toHaveLength(1);
    expect(s.api.callsTo('conversations.canvases.create')[0]!.args.channel_id).toBe(SMT);
    const canvas = s.api.canvases.get(SMT)!;
    expect(canvas.markdown).toContain('# March 2026');
    expect(canvas.markdown).toContain('## Agenda');
    expect(canvas.markdown).toContain(FUND);
    expect(canvas.markdown).not.toContain('## Minutes');

    // A living agenda: the fund's deadline moves; the canvas follows.
    fund(s.h, t.funding, 'Closing date 12 May 2026.');
    await refreshPostedAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect(s.api.canvases.get(SMT)!.markdown).toContain('12 May');

    // The minutes, as they are posted: the same month's section gains them, once.
    const minutes = await postMinutes(s.h, [s.adapter.publisher], '2026-03');
    expect(minutes.channels[0]!.status).toBe('posted');
    expect(s.api.canvases.get(SMT)!.markdown).toMatch(/^## Minutes$/m);
    await keepChannelDocument(
      s.h,
      s.adapter.publisher,
      channel,
      '2026-03',
      'minutes',
      '# Minutes\n\n- Bid for the fund',
    );
    await keepChannelDocument(
      s.h,
      s.adapter.publisher,
      channel,
      '2026-03',
      'minutes',
      '# Minutes\n\n- Bid for the fund',
    );
    const md = s.api.canvases.get(SMT)!.markdown;
    expect(md.match(/^## Minutes$/gm)).toHaveLength(1);
    expect(md.match(/^# March 2026$/gm)).toHaveLength(1);
    expect(md.indexOf('## Agenda')).toBeLessThan(md.indexOf('## Minutes'));
    expect(md).toContain('- Bid for the fund');
    // One canvas, edited in place.
    expect(s.api.callsTo('conversations.canvases.create')).toHaveLength(1);
    expect(s.api.callsTo('canvases.edit').length).toBeGreaterThanOrEqual(2);

    // The next month gets its own section, newest first.
    await keepChannelDocument(
      s.h,
      s.adapter.publisher,
      channel,
      '2026-04',
      'agenda',
      '# Horizon scan: April 2026',
    );
    const both = s.api.canvases.get(SMT)!.markdown;
    expect(both.indexOf('# April 2026')).toBeLessThan(both.indexOf('# March 2026'));
    expect(t.warnings).toEqual([]);
  });

  it('is off by default: no canvas call at all', async () => {
    const t = await stack(false);
    s = t.stack;
    await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    await keepChannelDocument(s.h, s.adapter.publisher, channel, '2026-03', 'minutes', '# Minutes');
    expect(s.api.calls.filter((c) => c.method.includes('canvases'))).toEqual([]);
  });

  for (const error of [
    'free_teams_cannot_create_non_tab_canvases',
    'not_allowed_token_type',
    'canvas_disabled_user_team',
  ]) {
    it(`falls back to messages without error on "${error}", and says so once`, async () => {
      const t = await stack(true);
      s = t.stack;
      s.api.fail('conversations.canvases.create', { error });
      const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
      expect(report.channels[0]).toMatchObject({ status: 'ok' });
      expect(s.api.messages(SMT).length).toBe(3);
      await keepChannelDocument(s.h, s.adapter.publisher, channel, '2026-03', 'minutes', '# Minutes');
      await keepChannelDocument(s.h, s.adapter.publisher, channel, '2026-04', 'agenda', '# April');
      // Asked once; never again for this channel.
      expect(s.api.callsTo('conversations.canvases.create')).toHaveLength(1);
      expect(s.api.callsTo('canvases.edit')).toHaveLength(0);
      expect(t.warnings.filter((w) => w.includes('canvas'))).toHaveLength(1);
      // The admins are not troubled, and the channel is not marked as failing.
      expect(s.api.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'))).toEqual(
        [],
      );
    });
  }

  it('a create whose answer was lost: the next write adopts that canvas instead of making another', async () => {
    const t = await stack(true);
    s = t.stack;
    s.api.fail('conversations.canvases.create', { lostAnswer: true });
    const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: noWait });
    expect(report.channels[0]!.status).toBe('ok');
    await keepChannelDocument(s.h, s.adapter.publisher, channel, '2026-03', 'minutes', '# Minutes\n\n- Done');
    expect(s.api.canvases.size).toBe(1);
    const md = s.api.canvases.get(SMT)!.markdown;
    expect(md).toContain('## Agenda');
    expect(md).toContain('- Done');
  });
});
