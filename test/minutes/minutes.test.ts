import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../adapters/console/index.js';
import { buildAgenda } from '../../src/agenda/build.js';
import { postAgenda } from '../../src/agenda/post.js';
import { renderAgendaMarkdown } from '../../src/agenda/render/markdown.js';
import { runCommand } from '../../src/commands/run.js';
import type { CommandContext } from '../../src/commands/types.js';
import { minutesDueAt } from '../../src/minutes/month.js';
import { postMinutes } from '../../src/minutes/post.js';
import { runMinutesIfDue } from '../../src/minutes/schedule.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';

const editor: CommandContext = { platform: 'slack', userId: 'UEDITOR1', channelId: 'CSMT' };
const admin: CommandContext = { platform: 'slack', userId: 'UADMIN01', channelId: 'CSMT' };

function terminal() {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { out, text: () => chunks.join('') };
}

describe('a month closed by its minutes', () => {
  let t: TestHorizon;
  afterEach(() => t.close());

  async function postedMonth(env: Record<string, string> = {}) {
    // Monday 2 March 2026, 09:00 in London: the first Monday, when the agenda is due.
    t = testHorizon({
      now: '2026-03-02T09:00:00Z',
      env: { HORIZON_ADMINS: 'UADMIN01', HORIZON_EDITORS: 'UEDITOR1', ...env },
    });
    const ids = items(t.h, feed(t.h, { title: 'DHSC <news>' }), [
      { title: 'Carers strategy consultation launched', publishedAt: '2026-03-01T09:00:00Z' },
      { title: 'Social care pilot prospectus *open*', publishedAt: '2026-03-01T10:00:00Z' },
      { title: 'Hospital discharge guidance comes into force', publishedAt: '2026-03-01T11:00:00Z' },
    ]);
    const term = terminal();
    const consoleAdapter = createConsoleAdapter(t.h, { out: term.out, chartDir: t.dir });
    await postAgenda(t.h, [consoleAdapter.publisher], { month: '2026-03', sleep: async () => {} });
    const carers = ids.get('Carers strategy consultation launched')!;
    const pilot = ids.get('Social care pilot prospectus *open*')!;
    const discharge = ids.get('Hospital discharge guidance comes into force')!;
    const reply = (itemId: number, author: string, n: number) =>
      t.h.store.replies.record(
        {
          month: '2026-03',
          itemId,
          platform: 'slack',
          channelId: 'CSMT',
          threadRef: `thread-${itemId}`,
          messageRef: `m-${itemId}-${n}`,
          authorId: author,
          postedAt: '2026-03-03T10:00:00Z',
          text: 'We should respond',
        },
        '2026-03-03T10:00:00Z',
      );
    reply(carers, 'UPRIYA01', 1);
    reply(carers, 'UJON0001', 2);
    reply(carers, 'UPRIYA01', 3);
    reply(pilot, 'UJON0001', 1);
    t.clock.now = new Date('2026-03-04T12:00:00Z');
    const decided = await runCommand(
      t.h,
      editor,
      `decide ${carers} "Draft our response <with> the carers' survey" --action --owner UPRIYA01 --due 2026-03-27`,
    );
    expect(decided.ok).toBe(true);
    return { consoleAdapter, term, carers, pilot, discharge };
  }

  it('reports discussion, decisions and silence, as Markdown for board papers', async () => {
    const { carers, pilot, discharge } = await postedMonth();
    const shown = await runCommand(t.h, editor, 'minutes --month 2026-03');
    const markdown = (shown.data as { markdown: string }).markdown;
    expect(markdown).toContain('# Horizon scan minutes: March 2026');
    expect(markdown).toContain(
      '2 items discussed (4 replies from 2 people), 1 decision or action, 1 item not discussed.',
    );
    expect(markdown).toContain(`(#${carers}): 3 replies from 2 people`);
    expect(markdown).toContain(
      "  - Action (open): Draft our response \\<with\\> the carers' survey (owner: UPRIYA01, due 27 Mar 2026)",
    );
    expect(markdown).toContain(`(#${pilot}): 1 reply from 1 person`);
    expect(markdown).toMatch(
      new RegExp(
        `## Not discussed\\n\\n- \\[Hospital discharge guidance comes into force\\]\\(.+\\) \\(#${discharge}, `,
      ),
    );
    // The pilot's title is escaped, so its asterisks are not read as emphasis.
    expect(markdown).toContain('Social care pilot prospectus \\*open\\*');
  });

  it('posts once when the discussion closes, seven days after the agenda, and not before', async () => {
    const { consoleAdapter, term } = await postedMonth();
    expect(minutesDueAt(t.h, '2026-03')?.toISOString()).toBe('2026-03-09T09:00:00.000Z');
    t.clock.now = new Date('2026-03-09T08:59:00Z');
    expect(await runMinutesIfDue(t.h, [consoleAdapter.publisher])).toEqual([]);
    expect(term.text()).not.toContain('Horizon scan minutes');

    t.clock.now = new Date('2026-03-09T09:05:00Z');
    // Two posters at once (the scheduler and an admin's "minutes post"), then a repeat: one post.
    const [a, b] = await Promise.all([
      runMinutesIfDue(t.h, [consoleAdapter.publisher]),
      postMinutes(t.h, [consoleAdapter.publisher], '2026-03'),
    ]);
    const again = await runMinutesIfDue(t.h, [consoleAdapter.publisher]);
    expect(again).toEqual([]);
    expect((await postMinutes(t.h, [consoleAdapter.publisher], '2026-03')).channels[0]!.status).toBe(
      'already',
    );
    expect(term.text().match(/# Horizon scan minutes: March 2026/g)).toHaveLength(1);
    const statuses = [...a.flatMap((r) => r.channels), ...b.channels].map((c) => c.status).sort();
    expect(statuses[statuses.length - 1]).toBe('posted');
    const ledger = t.db
      .prepare("SELECT status, COUNT(*) AS n FROM posts WHERE part = 'minutes' GROUP BY status")
      .all();
    expect(ledger).toEqual([{ status: 'posted', n: 1 }]);
    expect(t.h.store.minutes.get('2026-03')?.postedAt).toBe('2026-03-09T09:05:00.000Z');
  });

  it('closes the window the day before the next agenda when that comes first, and admins can post early', async () => {
    const { consoleAdapter, term } = await postedMonth({ HORIZON_MINUTES_AFTER_DAYS: '60' });
    // The next agenda: Monday 6 April, 09:00 in London (08:00 UTC, summer time); a day before that.
    expect(minutesDueAt(t.h, '2026-03')?.toISOString()).toBe('2026-04-05T08:00:00.000Z');
    const member = await runCommand(t.h, editor, 'minutes post --month 2026-03');
    expect(member.title).toMatch(/Only admins/);
    const preview = await runCommand(t.h, admin, 'minutes preview --month 2026-03');
    expect(preview.ok).toBe(true);
    expect(preview.hint).toContain('2026-04-05T08:00:00.000Z');
    t.h.runtime = { publishers: () => [consoleAdapter.publisher] } as never;
    const early = await runCommand(t.h, admin, 'minutes post --month 2026-03');
    expect(early.title).toBe('The March 2026 minutes: 1 posted, 0 already there.');
    expect(term.text()).toContain('# Horizon scan minutes: March 2026');
    const none = await runCommand(t.h, admin, 'minutes --month 2025-01');
    expect(none.title).toBe('There are no minutes for January 2025: no agenda was posted that month.');
  });

  it("opens next month's agenda with last month's actions and status, and what was discussed but not decided", async () => {
    const { pilot } = await postedMonth();
    await runCommand(t.h, editor, 'decisions due 1 2026-04-10');
    t.clock.now = new Date('2026-04-06T08:00:00Z');
    const april = buildAgenda(t.h, '2026-04');
    expect(april.lastMonthDecisions.map((d) => [d.kind, d.status, d.dueDate])).toEqual([
      ['action', 'open', '2026-04-10'],
    ]);
    expect(april.lastMonthUndecided).toEqual([
      expect.objectContaining({ itemId: pilot, title: 'Social care pilot prospectus *open*', replies: 1 }),
    ]);
    const md = renderAgendaMarkdown(april);
    expect(md).toContain("## Last month's decisions and actions");
    expect(md).toContain('- **open**: Carers strategy consultation launched: Draft our response');
    expect(md).toContain('## Discussed last month, not yet decided');
    expect(md).toMatch(
      new RegExp(`Social care pilot prospectus \\\\\\*open\\\\\\*\\]\\(.+\\) \\(#${pilot}, 1 reply\\)`),
    );
  });
});
