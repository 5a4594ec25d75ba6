import { afterEach, describe, expect, it } from 'vitest';
import { buildAgenda } from '../../src/agenda/build.js';
import { runCommand } from '../../src/commands/run.js';
import type { CommandContext } from '../../src/commands/types.js';
import { agendaItems } from '../../src/domain.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';

const admin: CommandContext = { platform: 'slack', userId: 'U-ADMIN', channelId: 'C-SMT' };
const editor: CommandContext = { platform: 'slack', userId: 'U-EDITOR', channelId: 'C-SMT' };

describe('command input gets a clear answer', () => {
  let t: TestHorizon;
  afterEach(() => t.close());
  const start = () => {
    t = testHorizon({ env: { HORIZON_ADMINS: 'U-ADMIN', HORIZON_EDITORS: 'U-EDITOR' } });
    return items(t.h, feed(t.h, { title: 'DHSC' }), [
      { title: 'Government launches consultation on carers leave', publishedAt: '2026-03-02T10:00:00Z' },
    ]).get('Government launches consultation on carers leave')!;
  };

  it('refuses a due date that is not a real day', async () => {
    const id = start();
    const reply = await runCommand(t.h, editor, `decide ${id} "Respond to it" --due 2026-13-45`);
    expect(reply.ok).toBe(false);
    expect(reply.title).toBe('"2026-13-45" is not a date.');
    expect(reply.hint).toMatch(/YYYY-MM-DD/);
    expect((await runCommand(t.h, editor, `decide ${id} "Respond" --due 2026-02-30`)).ok).toBe(false);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM decisions').get()).toEqual({ n: 0 });
    expect((await runCommand(t.h, editor, `decide ${id} "Respond" --due 2026-03-31`)).ok).toBe(true);
  });

  it('refuses themes that do not exist, listing the ones that do', async () => {
    start();
    const reply = await runCommand(t.h, admin, 'profile set --themes nonsense,housing');
    expect(reply.ok).toBe(false);
    expect(reply.title).toBe('"nonsense" is not a theme.');
    expect(reply.hint).toContain('housing');
    expect(reply.hint).toContain('social-care');
    expect((await runCommand(t.h, admin, 'profile set --themes housing,social-care')).ok).toBe(true);
  });

  it('refuses a topic name of 5,000 characters', async () => {
    start();
    t.db
      .prepare(
        "INSERT INTO topics (slug, name, aliases, pinned, created_at) VALUES ('care-act', 'Care Act', '[]', 0, ?)",
      )
      .run(t.h.now().toISOString());
    const reply = await runCommand(t.h, editor, `topics rename care-act "${'a'.repeat(5000)}"`);
    expect(reply.ok).toBe(false);
    expect(reply.title).toMatch(/5,000 characters long.*at most 80/);
    expect(t.db.prepare("SELECT name FROM topics WHERE slug = 'care-act'").get()).toEqual({
      name: 'Care Act',
    });
  });

  it('says which roles exist when given one that does not', async () => {
    start();
    const reply = await runCommand(t.h, admin, 'roles grant U0123ABCD superuser');
    expect(reply.ok).toBe(false);
    expect(reply.title).toBe('"superuser" is not a role.');
    expect(reply.hint).toMatch(/admin .*editor .*member/);
  });

  it('puts an item marked not relevant on the agenda when an editor adds it, and "not relevant" can be undone', async () => {
    const id = start();
    expect((await runCommand(t.h, editor, `tag ${id} not-relevant`)).ok).toBe(true);
    expect(agendaItems(buildAgenda(t.h, '2026-03'))).toEqual([]);

    const added = await runCommand(t.h, editor, `agenda add ${id}`);
    expect(added.ok).toBe(true);
    expect(added.title).toMatch(/mark is lifted/);
    expect(agendaItems(buildAgenda(t.h, '2026-03')).map((i) => i.itemId)).toEqual([id]);

    await runCommand(t.h, editor, `tag ${id} not-relevant`);
    expect(t.h.store.items.get(id)?.notRelevant).toBe(true);
    const undone = await runCommand(t.h, editor, `tag ${id} relevant`);
    expect(undone.ok).toBe(true);
    expect(t.h.store.items.get(id)?.notRelevant).toBe(false);
  });
});
