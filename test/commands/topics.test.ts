import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import type { CommandContext } from '../../src/commands/types.js';
import { buildAgenda } from '../../src/agenda/build.js';
import { agendaEnrichers } from '../../src/agenda/enrich.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';

const editor: CommandContext = { platform: 'slack', userId: 'U-EDITOR' };
const admin: CommandContext = { platform: 'slack', userId: 'U-ADMIN' };
const member: CommandContext = { platform: 'slack', userId: 'U-MEMBER' };

describe('topics and the organisation profile, by command', () => {
  let t: TestHorizon;
  afterEach(() => t.close());
  const start = () => (t = testHorizon({ env: { HORIZON_ADMINS: 'U-ADMIN', HORIZON_EDITORS: 'U-EDITOR' } }));

  it('follows a policy from one month to the next and says what moved', async () => {
    start();
    const f = feed(t.h);
    items(t.h, f, [
      {
        title: 'Government unveils flagship Better Care Fund to transform services',
        publishedAt: '2026-02-10T09:00:00Z',
      },
    ]);
    items(t.h, f, [
      {
        title: 'Better Care Fund delayed again as watchdog warns of shortfall',
        publishedAt: '2026-03-04T09:00:00Z',
      },
    ]);
    const agenda = buildAgenda(t.h, '2026-03', agendaEnrichers(t.h));
    expect(agenda.movements).toContainEqual({ topic: 'Better Care Fund', from: 'peak', to: 'trough' });

    const list = await runCommand(t.h, member, 'topics');
    expect(list.title).toBe('1 topic this month, 1 in all');
    expect(list.blocks[0]).toMatchObject({
      items: [{ text: 'Better Care Fund (better-care-fund)', detail: 'trough, was peak · 1 item' }],
    });
  });

  it('lets editors rename and pin topics, and no one else', async () => {
    start();
    items(t.h, feed(t.h), [
      { title: 'Consultation on the Household Support Fund', publishedAt: '2026-03-04T09:00:00Z' },
    ]);
    await runCommand(t.h, member, 'topics');
    expect((await runCommand(t.h, member, 'topics pin household-support-fund')).title).toMatch(
      /Only editors/,
    );
    expect((await runCommand(t.h, editor, 'topics rename household-support-fund "HSF"')).title).toBe(
      'Renamed to “HSF”.',
    );
    expect((await runCommand(t.h, editor, 'topics pin household-support-fund')).title).toBe(
      'Pinned “HSF”: it shows every month.',
    );
    expect((await runCommand(t.h, editor, 'topics pin no-such-topic')).ok).toBe(false);
  });

  it("ranks items that match the organisation's profile higher, and says why", async () => {
    start();
    const f = feed(t.h);
    items(t.h, f, [
      { title: 'Consultation on motorway service areas', publishedAt: '2026-03-02T09:00:00Z' },
      { title: 'Consultation on respite breaks for young carers', publishedAt: '2026-03-02T09:00:00Z' },
    ]);
    expect((await runCommand(t.h, editor, 'profile set --mission carers')).title).toMatch(/Only admins/);
    const set = await runCommand(
      t.h,
      admin,
      'profile set --mission "respite" --beneficiaries "young carers"',
    );
    expect(set.ok).toBe(true);
    const agenda = buildAgenda(t.h, '2026-03', agendaEnrichers(t.h));
    const first = agenda.sections.flatMap((s) => s.items)[0]!;
    expect(first.title).toBe('Consultation on respite breaks for young carers');
    expect(first.why.join(' ')).toMatch(/young carers/);
  });
});
