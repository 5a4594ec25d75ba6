import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAgenda } from '../../src/agenda/build.js';
import { postAgenda } from '../../src/agenda/post.js';
import { agendaItems } from '../../src/domain.js';
import { feed, items } from '../support/horizon.js';
import {
  EDITOR,
  MEMBER,
  blockAction,
  feedServer,
  slackStack,
  viewSubmission,
  type FeedServer,
  type SlackStack,
} from './harness.js';

const SMT = 'CSMT0001';
let s: SlackStack;
let feeds: FeedServer;
let itemId: number;

beforeEach(async () => {
  s = await slackStack({
    now: '2026-03-20T09:00:00Z',
    env: { HORIZON_SLACK_CHANNELS: SMT },
    adapter: { formDeadlineMs: 1000 },
  });
  feeds = await feedServer();
  const f = feed(s.h, { title: 'Department for Education', kind: 'policy' });
  const ids = items(s.h, f, [
    {
      title: 'Consultation launched on family hubs',
      summary: 'A call for evidence.',
      publishedAt: '2026-03-03T10:00:00Z',
    },
  ]);
  itemId = ids.get('Consultation launched on family hubs')!;
});
afterEach(async () => {
  await feeds.close();
  await s.close();
});

const answer = (id: string) => s.api.waitFor(() => s.api.responses.find((r) => r.id === id)?.body);

const decisionValues = (decision: string, due?: string) => ({
  decision: { value: { type: 'plain_text_input', value: decision } },
  owner: { value: { type: 'users_select', selected_user: EDITOR } },
  due: { value: { type: 'datepicker', selected_date: due ?? null } },
});

const addFeedValues = (url: string) => ({
  feed_url: { value: { type: 'url_text_input', value: url } },
  feed_kind: {
    value: {
      type: 'static_select',
      selected_option: { value: 'funding', text: { type: 'plain_text', text: 'Funding' } },
    },
  },
  feed_themes: {
    value: {
      type: 'multi_static_select',
      selected_options: [{ value: 'children-families', text: { type: 'plain_text', text: 'Children' } }],
    },
  },
});

describe('Record decision', () => {
  it("opens a form, stores the decision, confirms it in the item thread and shows it in next month's header", async () => {
    await postAgenda(s.h, [s.adapter.publisher], { sleep: async () => undefined });
    const itemMessage = s.api.messages(SMT)[1]!;
    await s.interact(
      blockAction(
        { type: 'button', action_id: 'horizon_record_decision', value: `${itemId}:2026-03` },
        { api: s.api, messageTs: itemMessage.ts },
      ),
    );
    const open = await s.api.waitFor(() => s.api.callsTo('views.open')[0]);
    expect(open.args.view.callback_id).toBe('horizon_decision');
    expect(JSON.stringify(open.args.view.blocks)).toContain('Consultation launched on family hubs');
    const meta = open.args.view.private_metadata as string;

    const res = await s.interact(
      viewSubmission('horizon_decision', decisionValues('Respond & share our parents survey', '2026-04-15'), {
        privateMetadata: meta,
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const stored = s.th.db.prepare('SELECT item_id, month, decision, owner, due_date FROM decisions').all();
    expect(stored).toEqual([
      {
        item_id: itemId,
        month: '2026-03',
        decision: 'Respond & share our parents survey',
        owner: EDITOR,
        due_date: '2026-04-15',
      },
    ]);

    const confirm = await s.api.waitFor(() =>
      s.api.replies(SMT, itemMessage.ts).find((m) => /Decision #\d+ recorded/.test(m.text)),
    );
    expect(JSON.stringify(confirm.blocks)).toContain('Respond &amp; share our parents survey');

    s.th.clock.now = new Date('2026-04-06T09:00:00Z');
    await postAgenda(s.h, [s.adapter.publisher], { sleep: async () => undefined });
    const april = s.api.messages(SMT).find((m) => m.metadata?.event_payload.month === '2026-04')!;
    const header = JSON.stringify(april.blocks);
    expect(header).toContain('Last month’s decisions and actions');
    expect(header).toContain('*open* Respond &amp; share our parents survey');
    expect(header).toContain('Respond &amp; share our parents survey');
    expect(header).toContain(`<@${EDITOR}>`);
    expect(s.api.callsTo('chat.getPermalink')[0]!.args).toEqual({
      channel: SMT,
      message_ts: s.api.messages(SMT)[0]!.ts,
    });
    expect(header).toContain("Last month's agenda");
  });

  it('shows a problem on the form itself instead of closing it', async () => {
    const meta = JSON.stringify({ itemId, month: '2026-03' });
    const res = await s.interact(
      viewSubmission('horizon_decision', decisionValues('   '), { privateMetadata: meta }),
    );
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { decision: expect.stringContaining('Write down what was decided') },
    });
  });

  it('tells a member who may record decisions, on the form', async () => {
    const meta = JSON.stringify({ itemId, month: '2026-03' });
    const res = await s.interact(
      viewSubmission('horizon_decision', decisionValues('Do it'), { user: MEMBER, privateMetadata: meta }),
    );
    expect(res.json().errors.decision).toContain('Only editors and admins');
    expect(s.th.db.prepare('SELECT COUNT(*) AS n FROM decisions').get()).toEqual({ n: 0 });
  });
});

describe('Change stage and Not relevant', () => {
  it('stores a stage change as a correction and answers privately', async () => {
    await s.interact(
      blockAction(
        {
          type: 'static_select',
          action_id: 'horizon_change_stage',
          selected_option: { value: `${itemId}:2026-03:slope`, text: { type: 'plain_text', text: 'Slope' } },
        },
        { api: s.api, responseId: 'stage' },
      ),
    );
    const body = await answer('stage');
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(body.text).toContain('slope');
    expect(s.h.store.items.get(itemId)!.correctedStage).toBe('slope');
    expect(s.th.db.prepare('SELECT kind, value, platform, user_id FROM corrections').all()).toEqual([
      { kind: 'stage', value: 'slope', platform: 'slack', user_id: EDITOR },
    ]);
  });

  it('refuses a member and says who can change stages', async () => {
    await s.interact(
      blockAction(
        {
          type: 'static_select',
          action_id: 'horizon_change_stage',
          selected_option: { value: `${itemId}:2026-03:slope`, text: { type: 'plain_text', text: 'Slope' } },
        },
        { api: s.api, user: MEMBER, responseId: 'member' },
      ),
    );
    expect((await answer('member')).text).toContain('Only editors and admins');
    expect(s.h.store.items.get(itemId)!.correctedStage).toBeNull();
  });

  it('marks an item not relevant', async () => {
    await s.interact(
      blockAction(
        { type: 'button', action_id: 'horizon_not_relevant', value: `${itemId}:2026-03` },
        { api: s.api, responseId: 'nr' },
      ),
    );
    expect((await answer('nr')).text).toContain('not relevant');
    expect(s.h.store.items.get(itemId)!.notRelevant).toBe(true);
  });

  it('answers a button whose value it cannot read with a way forward', async () => {
    await s.interact(
      blockAction(
        { type: 'button', action_id: 'horizon_not_relevant', value: 'garbage' },
        { api: s.api, responseId: 'bad' },
      ),
    );
    expect((await answer('bad')).text).toContain('That button no longer works');
  });
});

const themesValues = (...slugs: string[]) => ({
  themes: {
    value: {
      type: 'multi_static_select',
      selected_options: slugs.map((value) => ({ value, text: { type: 'plain_text', text: value } })),
    },
  },
});

describe('Themes', () => {
  it('opens a form with every theme and the item’s own chosen, stores the change and confirms it privately', async () => {
    const before = s.h.store.items.get(itemId)!.tagging.themes;
    expect(before.length).toBeGreaterThan(0);
    await s.interact(
      blockAction(
        { type: 'button', action_id: 'horizon_change_themes', value: `${itemId}:2026-03` },
        { api: s.api },
      ),
    );
    const open = await s.api.waitFor(() => s.api.callsTo('views.open')[0]);
    const view = open.args.view;
    expect(view.callback_id).toBe('horizon_themes');
    const select = view.blocks[1].element;
    expect(select.options.map((o: { value: string }) => o.value)).toEqual(
      s.h.taxonomy.themes.map((t) => t.slug),
    );
    expect((select.initial_options ?? []).map((o: { value: string }) => o.value)).toEqual(
      s.h.taxonomy.themes.map((t) => t.slug).filter((slug) => before.includes(slug)),
    );
    expect(select.max_selected_items).toBe(3);

    const res = await s.interact(
      viewSubmission('horizon_themes', themesValues('housing', 'welfare'), {
        privateMetadata: view.private_metadata,
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(s.h.store.items.get(itemId)!.tagging.themes).toEqual(['housing', 'welfare']);
    expect(s.th.db.prepare('SELECT kind, value, platform, user_id FROM corrections').all()).toEqual([
      { kind: 'themes', value: '["housing","welfare"]', platform: 'slack', user_id: EDITOR },
    ]);
    const confirm = await s.api.waitFor(() => s.api.callsTo('chat.postEphemeral')[0]);
    expect(confirm.args).toMatchObject({ channel: SMT, user: EDITOR });
    expect(confirm.args.text).toContain('housing, welfare');
  });

  it('saves no theme when none is chosen', async () => {
    const meta = JSON.stringify({ itemId, month: '2026-03', channel: SMT });
    await s.interact(viewSubmission('horizon_themes', themesValues(), { privateMetadata: meta }));
    expect(s.h.store.items.get(itemId)!.tagging.themes).toEqual([]);
  });

  it('shows on the form why a member may not change themes, and changes nothing', async () => {
    const meta = JSON.stringify({ itemId, month: '2026-03', channel: SMT });
    const res = await s.interact(
      viewSubmission('horizon_themes', themesValues('housing'), { user: MEMBER, privateMetadata: meta }),
    );
    expect(res.json().errors.themes).toContain('Only editors and admins');
    expect(s.th.db.prepare('SELECT COUNT(*) AS n FROM corrections').get()).toEqual({ n: 0 });
  });

  it('asks to press the button again when the form’s context is unreadable', async () => {
    const res = await s.interact(
      viewSubmission('horizon_themes', themesValues('housing'), { privateMetadata: '{' }),
    );
    expect(res.json().errors.themes).toContain('press Themes again');
  });
});

describe('The add-feed form', () => {
  it('refuses a non-web address inline on the URL field', async () => {
    const res = await s.interact(viewSubmission('horizon_add_feed', addFeedValues('file:///etc/passwd')));
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { feed_url: expect.stringContaining('http') },
    });
  });

  it('shows why a page that is not a feed was refused, inline, after really fetching it', async () => {
    const res = await s.interact(viewSubmission('horizon_add_feed', addFeedValues(feeds.url('/page.html'))));
    expect(feeds.requests).toContain('/page.html');
    expect(res.json().response_action).toBe('errors');
    expect(Object.keys(res.json().errors)).toEqual(['feed_url']);
    expect(s.h.store.feeds.list().map((f) => f.url)).not.toContain(feeds.url('/page.html'));
  });

  it('adds a real feed with its kind and themes, closes the form and confirms by message', async () => {
    const res = await s.interact(viewSubmission('horizon_add_feed', addFeedValues(feeds.url('/news.rss'))));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(s.h.store.feeds.list().filter((f) => f.url === feeds.url('/news.rss'))).toEqual([
      expect.objectContaining({ kind: 'funding', themes: ['children-families'] }),
    ]);
    const dm = await s.api.waitFor(() =>
      s.api.callsTo('chat.postMessage').find((c) => c.args.channel === EDITOR),
    );
    expect(dm.args.text).toContain('Added');
  });

  it('keeps a slow check inside Slack\'s 3 seconds by showing "checking", then the outcome', async () => {
    const gate = feeds.hold('/slow.rss');
    const res = await s.interact(viewSubmission('horizon_add_feed', addFeedValues(feeds.url('/slow.rss'))));
    expect(res.json()).toMatchObject({ response_action: 'update', view: { title: { text: 'Add a feed' } } });
    expect(JSON.stringify(res.json().view.blocks)).toContain('Checking');
    gate.release();
    const update = await s.api.waitFor(() => s.api.callsTo('views.update')[0]);
    expect(update.args).toMatchObject({ view_id: 'VFORM01', view: { title: { text: 'Feed added' } } });
  });
});

describe('App Home', () => {
  it('shows the next agenda, the draft with controls for editors, and broken feeds first', async () => {
    const ok = feed(s.h, { title: 'Healthy feed' });
    const broken = feed(s.h, { title: 'Broken feed' });
    s.h.store.feeds.recordFailure(broken.id, {
      now: '2026-03-18T09:00:00Z',
      nextFetchAt: '2026-03-21T09:00:00Z',
      error: 'HTTP 404 from the server',
    });
    await s.event({ type: 'app_home_opened', user: EDITOR, channel: 'DHOME', tab: 'home' });
    const publish = await s.api.waitFor(() => s.api.callsTo('views.publish')[0]);
    expect(publish.args.user_id).toBe(EDITOR);
    const text = JSON.stringify(publish.args.view.blocks);
    expect(text).toContain('Next agenda');
    expect(text).toContain('Draft agenda for March 2026');
    expect(text).toContain('Consultation launched on family hubs');
    expect(text).toContain('horizon_home_drop');
    expect(text.indexOf('Broken feed')).toBeLessThan(text.indexOf(ok.title));
    expect(text).toContain('HTTP 404 from the server');
  });

  it('lets an editor drop an item from the draft, and redraws the page without it', async () => {
    expect(agendaItems(buildAgenda(s.h, '2026-03')).map((i) => i.itemId)).toContain(itemId);
    await s.interact({
      type: 'block_actions',
      user: { id: EDITOR, username: 'editor' },
      container: { type: 'view', view_id: 'VHOME' },
      view: { id: 'VHOME', type: 'home', callback_id: '' },
      actions: [
        {
          type: 'button',
          action_id: 'horizon_home_drop',
          block_id: 'home_item',
          value: `${itemId}:2026-03`,
          action_ts: '1',
        },
      ],
    });
    const publish = await s.api.waitFor(() => s.api.callsTo('views.publish')[0]);
    expect(JSON.stringify(publish.args.view.blocks)).toContain('Dropped');
    expect(agendaItems(buildAgenda(s.h, '2026-03')).map((i) => i.itemId)).not.toContain(itemId);
  });

  it('opens the add-feed form from the Add a feed button', async () => {
    await s.interact({
      type: 'block_actions',
      user: { id: EDITOR, username: 'editor' },
      container: { type: 'view', view_id: 'VHOME' },
      view: { id: 'VHOME', type: 'home', callback_id: '' },
      actions: [{ type: 'button', action_id: 'horizon_home_add_feed', block_id: 'b', action_ts: '1' }],
    });
    const open = await s.api.waitFor(() => s.api.callsTo('views.open')[0]);
    expect(open.args.view.callback_id).toBe('horizon_add_feed');
  });

  it('shows members the draft without editing controls', async () => {
    await s.event({ type: 'app_home_opened', user: MEMBER, channel: 'DHOME', tab: 'home' });
    const publish = await s.api.waitFor(() => s.api.callsTo('views.publish')[0]);
    const text = JSON.stringify(publish.args.view.blocks);
    expect(text).toContain('Consultation launched on family hubs');
    expect(text).not.toContain('horizon_home_drop');
  });
});
