import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/commands/run.js';
import { correctionExamples } from '../../src/tagging/learned.js';
import type { CommandContext } from '../../src/commands/types.js';
import { feed, items, type TestHorizon, testHorizon } from '../support/horizon.js';
import { type FeedServer, feedServer } from '../support/feed-server.js';

const LEGISLATION = 'real/legislation-gov-uk/all-data-feed-sorted-published-2015-12-10.atom';

const member: CommandContext = {
  platform: 'slack',
  userId: 'U-MEMBER',
  channelId: 'C-SMT',
  channelName: 'smt',
};
const editor: CommandContext = { platform: 'slack', userId: 'U-EDITOR', channelId: 'C-SMT' };
const admin: CommandContext = {
  platform: 'slack',
  userId: 'U-ADMIN',
  channelId: 'C-SMT',
  channelName: 'smt',
};

describe('the shared command layer', () => {
  let t: TestHorizon;
  let server: FeedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    t.close();
  });

  const start = () => (t = testHorizon({ env: { HORIZON_ADMINS: 'U-ADMIN', HORIZON_EDITORS: 'U-EDITOR' } }));

  it('answers an empty or unknown command with help, not silence', async () => {
    start();
    const empty = await runCommand(t.h, member, '');
    expect(empty.ok).toBe(true);
    expect(empty.title).toMatch(/monthly horizon scan/);
    const unknown = await runCommand(t.h, member, 'feedz lst');
    expect(unknown.ok).toBe(false);
    expect(unknown.title).toBe('I don\'t know "feedz lst".');
    expect(unknown.hint).toMatch(/feeds list/);
  });

  it('tells a member who tries an admin command who can do it', async () => {
    start();
    const reply = await runCommand(t.h, member, 'channels add here');
    expect(reply.ok).toBe(false);
    expect(reply.title).toMatch(/Only admins/);
    expect(reply.hint).toMatch(/U-ADMIN/);
    expect(t.h.store.channels.list()).toEqual([]);
  });

  it('lets an editor add a feed, validated by a real fetch, and reads it at once', async () => {
    start();
    server = await feedServer();
    const reply = await runCommand(
      t.h,
      editor,
      `feeds add <${server.url(LEGISLATION)}> --kind legislation --theme local-government`,
    );
    expect(reply.ok).toBe(true);
    expect(reply.title).toMatch(/^Added “.+” \(#\d+, legislation\)\.$/);
    const [stored] = t.h.store.feeds.list();
    expect(stored).toMatchObject({ kind: 'legislation', themes: ['local-government'] });
    const count = (t.db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
    expect(count).toBe(20);
  });

  it('refuses a feed that is not a feed, with the reason and the form field to fix', async () => {
    start();
    server = await feedServer();
    const reply = await runCommand(t.h, editor, `feeds add ${server.url('missing.xml')}`);
    expect(reply.ok).toBe(false);
    expect(reply.form?.error?.field).toBe('url');
    expect(t.h.store.feeds.list()).toEqual([]);
  });

  it('checks kind and theme before fetching anything', async () => {
    start();
    const reply = await runCommand(t.h, editor, 'feeds add https://example.org/feed --kind blog');
    expect(reply.ok).toBe(false);
    expect(reply.title).toMatch(/"blog" is not a kind/);
    const theme = await runCommand(t.h, editor, 'feeds add https://example.org/feed --theme gardening');
    expect(theme.title).toMatch(/Unknown theme: gardening/);
  });

  it('opens the add-feed form in chat when no URL is given', async () => {
    start();
    const reply = await runCommand(t.h, editor, 'feeds add');
    expect(reply.form).toEqual({ type: 'add-feed' });
  });

  it('registers the channel it is typed in as an agenda channel', async () => {
    start();
    const reply = await runCommand(t.h, admin, 'channels add here');
    expect(reply.ok).toBe(true);
    expect(t.h.store.channels.list('slack').map((c) => c.channelId)).toEqual(['C-SMT']);
    expect(reply.blocks[0]).toMatchObject({
      type: 'text',
      text: expect.stringMatching(/^Next agenda: Monday 6 April 2026 at 09:00/),
    });
  });

  it('stores a stage correction and shows it in the agenda', async () => {
    start();
    const ids = items(t.h, feed(t.h), [
      { title: 'Minister unveils flagship £50m fund', publishedAt: '2026-03-02T09:00:00Z' },
    ]);
    const id = ids.get('Minister unveils flagship £50m fund')!;
    const reply = await runCommand(t.h, editor, `tag ${id} stage trough`);
    expect(reply.ok).toBe(true);
    expect(t.h.store.items.get(id)?.correctedStage).toBe('trough');
    expect(t.db.prepare('SELECT kind, value FROM corrections').all() as unknown[]).toEqual([
      { kind: 'stage', value: 'trough' },
    ]);
    const preview = await runCommand(t.h, member, 'agenda preview');
    expect(preview.agenda?.sections.map((s) => s.stage)).toEqual(['trough']);
  });

  it('stores a themes correction the tagger learns from, and explains a slug it does not know', async () => {
    start();
    const ids = items(t.h, feed(t.h), [
      { title: 'Council sets out plans for new homes', publishedAt: '2026-03-02T09:00:00Z' },
    ]);
    const id = ids.get('Council sets out plans for new homes')!;
    const typo = await runCommand(t.h, editor, `tag ${id} themes hosing,welfare`);
    expect(typo.ok).toBe(false);
    expect(typo.title).toBe('"hosing" is not a theme.');
    expect(typo.hint).toMatch(/^Did you mean housing\? Themes: .*local-government.*; or "none"\.$/);
    const many = await runCommand(t.h, editor, `tag ${id} themes housing welfare funding equality`);
    expect(many.title).toMatch(/4 themes is too many/);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM corrections').get()).toEqual({ n: 0 });

    const reply = await runCommand(t.h, editor, `tag ${id} themes Housing, local-government`);
    expect(reply.ok).toBe(true);
    expect(reply.title).toMatch(/now has housing, local-government/);
    expect(t.h.store.items.get(id)?.tagging.themes).toEqual(['housing', 'local-government']);
    const viaOption = await runCommand(t.h, editor, `tag ${id} --themes housing`);
    expect(viaOption.ok).toBe(true);
    expect(t.h.store.items.get(id)?.tagging.themes).toEqual(['housing']);
    expect(t.db.prepare('SELECT kind, value FROM corrections ORDER BY id').all() as unknown[]).toEqual([
      { kind: 'themes', value: '["housing","local-government"]' },
      { kind: 'themes', value: '["housing"]' },
    ]);
    // The same record the model fine-tunes from: the item's latest themes.
    const examples = correctionExamples(t.h.store, () => new Map([['w:home', 1]]));
    expect(examples.map((e) => e.themes)).toEqual([['housing']]);
    expect((await runCommand(t.h, member, `tag ${id} themes none`)).title).toMatch(/Only/);
    expect((await runCommand(t.h, editor, `tag ${id} themes none`)).title).toMatch(/now has no theme/);
    expect(t.h.store.items.get(id)?.tagging.themes).toEqual([]);
  });

  it('changes the schedule for admins only, and explains a bad one', async () => {
    start();
    expect((await runCommand(t.h, editor, 'schedule set "day 1 09:00"')).title).toMatch(/Only admins/);
    const bad = await runCommand(t.h, admin, 'schedule set "whenever"');
    expect(bad.ok).toBe(false);
    expect(bad.title).toMatch(/not a schedule I understand/);
    const good = await runCommand(t.h, admin, 'schedule set "last friday 16:00" --timezone Europe/London');
    expect(good.title).toBe('Agenda schedule set: last friday 16:00 (Europe/London).');
    expect((await runCommand(t.h, member, 'schedule')).title).toBe(
      'Agenda schedule: last friday 16:00 (Europe/London)',
    );
  });

  it('records a decision and lists it next month', async () => {
    start();
    const ids = items(t.h, feed(t.h), [
      { title: 'Call for evidence on volunteering', publishedAt: '2026-03-02T09:00:00Z' },
    ]);
    const id = ids.get('Call for evidence on volunteering')!;
    const reply = await runCommand(
      t.h,
      editor,
      `decide ${id} "Respond with our volunteer survey" --owner "Head of Policy" --due 2026-03-30`,
    );
    expect(reply.ok).toBe(true);
    t.clock.now = new Date('2026-04-08T10:00:00Z');
    const list = await runCommand(t.h, member, 'decisions --month 2026-03');
    expect(list.title).toBe('1 decision or action for March 2026: 1 open');
    expect(list.blocks[0]).toMatchObject({
      heading: 'Open',
      items: [
        {
          text: 'Call for evidence on volunteering: Respond with our volunteer survey',
          detail: 'Decision #1 · open · owner Head of Policy · due 2026-03-30 · 2026-03',
        },
      ],
    });
  });

  it('lists open decisions and actions first, marks them done or dropped and moves due dates', async () => {
    start();
    const ids = items(t.h, feed(t.h), [
      { title: 'Carers strategy consultation', publishedAt: '2026-03-02T09:00:00Z' },
    ]);
    const id = ids.get('Carers strategy consultation')!;
    const first = await runCommand(t.h, editor, `decide ${id} "Respond" --owner <@U0OWNER> --due 2026-03-20`);
    expect(first.data).toMatchObject({ kind: 'decision', owner: 'U0OWNER', status: 'open' });
    expect(first.mentions).toEqual(['U0OWNER']);
    await runCommand(
      t.h,
      editor,
      `decide ${id} "Draft the response" --action --owner U0OWNER --due 2026-03-25`,
    );
    await runCommand(t.h, editor, `decide ${id} "Brief trustees" --action`);

    const done = await runCommand(t.h, editor, 'decisions done #1');
    expect(done.title).toBe('#1 is now done (was open): Respond');
    expect((await runCommand(t.h, editor, 'decisions done 1')).title).toBe('#1 is already done.');
    const dropped = await runCommand(t.h, editor, 'decisions drop 3');
    expect(dropped.ok).toBe(true);
    const moved = await runCommand(t.h, editor, 'decisions due 2 2026-04-02');
    expect(moved.title).toBe('#2 is now due 2026-04-02 (was 2026-03-25).');
    expect((await runCommand(t.h, editor, 'decisions due 2 2026-02-30')).hint).toMatch(/YYYY-MM-DD/);
    expect((await runCommand(t.h, member, 'decisions done 2')).title).toMatch(/Only editors/);
    expect((await runCommand(t.h, editor, 'decisions done 99')).title).toBe('No decision #99.');

    const list = await runCommand(t.h, member, 'decisions');
    expect(list.title).toBe('3 decisions and actions: 1 open');
    const [open, closed] = list.blocks as { heading: string; items: { text: string }[] }[];
    expect(open!.heading).toBe('Open');
    expect(open!.items.map((i) => i.text)).toEqual(['Carers strategy consultation: Draft the response']);
    expect(closed!.items.map((i) => i.text)).toEqual([
      'Carers strategy consultation: Respond',
      'Carers strategy consultation: Brief trustees',
    ]);
    const actions = await runCommand(t.h, member, 'decisions --kind action --status all');
    expect((actions.data as unknown[]).length).toBe(2);
    const mine = await runCommand(t.h, member, 'decisions --owner <@U0OWNER> --status open');
    expect((mine.data as { id: number }[]).map((d) => d.id)).toEqual([2]);
    expect((await runCommand(t.h, member, 'decisions --status finished')).hint).toMatch(/open, done/);
    expect((await runCommand(t.h, editor, `decide ${id} "x" --owner "<script>"`)).ok).toBe(false);
  });

  it('explains a bad option instead of failing silently', async () => {
    start();
    const reply = await runCommand(t.h, member, 'agenda preview --month March');
    expect(reply.ok).toBe(false);
    expect(reply.title).toBe('"March" is not a month.');
    const unknownFlag = await runCommand(t.h, member, 'agenda preview --colour blue');
    expect(unknownFlag.ok).toBe(false);
    expect(unknownFlag.hint).toMatch(/^Usage: agenda preview/);
  });
});

describe('granting roles from the shell', () => {
  it('tells a Slack id from a Teams id, and refuses what is neither', async () => {
    const t = testHorizon();
    const cli: CommandContext = { platform: 'cli', userId: 'ops', isServerCli: true };
    expect((await runCommand(t.h, cli, 'roles grant U0ABC123 editor')).ok).toBe(true);
    expect((await runCommand(t.h, cli, 'roles grant 3f2504e0-4f89-11d3-9a0c-0305e82c3301 admin')).ok).toBe(
      true,
    );
    const bad = await runCommand(t.h, cli, 'roles grant alice editor');
    expect(bad.ok).toBe(false);
    expect(bad.title).toMatch(/neither a Slack user id/);
    const roles = t.db.prepare('SELECT platform, user_id, role FROM roles ORDER BY user_id').all();
    expect(roles).toEqual([
      { platform: 'teams', user_id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', role: 'admin' },
      { platform: 'slack', user_id: 'U0ABC123', role: 'editor' },
    ]);
    t.close();
  });
});
