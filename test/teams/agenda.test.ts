import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderAgendaChart } from '../../src/chart/index.js';
import { postAgenda } from '../../src/agenda/post.js';
import { feed, items } from '../support/horizon.js';
import { cardProblems, cardText, actionTitles } from './cards.js';
import { ADMIN, CHANNEL, botAddedToTeam, channelMessage, startTeams, type TeamsTest } from './harness.js';

const MONTH = '2026-03';

function seedNews(t: TeamsTest): void {
  const policy = feed(t.h, { title: 'DHSC news', kind: 'policy' });
  const funding = feed(t.h, { title: 'Community Fund', kind: 'funding' });
  items(t.h, policy, [
    {
      title: 'Government launches consultation on adult social care reform',
      summary: 'A call for evidence on carers and social care.',
      publishedAt: '2026-03-03T09:00:00Z',
    },
    {
      title: 'Watchdog warns mental health waiting list target delayed',
      summary: 'The NAO finds a shortfall in funding.',
      publishedAt: '2026-03-04T09:00:00Z',
    },
    {
      title: 'Statutory guidance on homelessness comes into force',
      summary: 'Local authorities must follow new guidance.',
      publishedAt: '2026-03-05T09:00:00Z',
    },
  ]);
  items(t.h, funding, [
    {
      title: 'Pilot fund for community health pathfinders opens',
      summary: 'Expressions of interest close on 30 April 2026. Grants of up to £50,000.',
      publishedAt: '2026-03-06T09:00:00Z',
    },
  ]);
}

async function registerChannel(t: TeamsTest): Promise<void> {
  expect((await t.send(botAddedToTeam(t))).status).toBe(200);
  expect((await t.send(channelMessage(t, 'channels add here', { user: ADMIN }))).status).toBe(200);
}

const noSleep = async () => {};

describe('posting the agenda to a Teams channel', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams();
    seedNews(t);
    await registerChannel(t);
  });
  afterEach(() => t.stop());

  it('registers the channel with "channels add here", keeping the address to post there later', () => {
    const [channel] = t.h.store.channels.list('teams');
    expect(channel?.channelId).toBe(CHANNEL);
    expect(channel?.reference).toMatchObject({ serviceUrl: t.connector.url, conversation: { id: CHANNEL } });
  });

  it('posts a header, then each item as its own post with the discussion prompt as its first reply', async () => {
    const report = await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(report.items).toBeGreaterThan(0);
    const posts = t.connector.posts(CHANNEL);
    expect(posts).toHaveLength(1 + report.items);

    const header = posts[0]!.activity.attachments[0].content;
    expect(cardText(header)[0]).toBe('Horizon scan: March 2026');
    expect(posts[0]!.replies).toEqual([]);

    for (const post of posts.slice(1)) {
      const card = post.activity.attachments[0].content;
      expect(actionTitles(card)).toEqual(['Record decision', 'Change stage', 'Themes', 'Not relevant']);
      const themes = card.actions.find((a: { title: string }) => a.title === 'Themes').card.body[1];
      expect(themes).toMatchObject({ type: 'Input.ChoiceSet', id: 'themes', isMultiSelect: true });
      expect(themes.choices.map((c: { value: string }) => c.value)).toEqual(
        t.h.taxonomy.themes.map((th) => th.slug),
      );
      expect(post.replies).toHaveLength(1);
      expect(post.replies[0]!.activity.text).toMatch(/^To discuss: /);
    }
    // Each prompt went to its own item's thread: "channel;messageid=<the item's post>".
    const promptTargets = t.connector.calls
      .filter((c) => /^To discuss/.test(c.body?.text ?? ''))
      .map((c) => c.conversationId);
    expect(promptTargets).toEqual(posts.slice(1).map((p) => `${CHANNEL};messageid=${p.id}`));
  });

  it('posts cards that are valid Adaptive Cards 1.4 and fit in a Teams message', async () => {
    await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    for (const post of t.connector.posts(CHANNEL)) {
      const card = post.activity.attachments[0].content;
      expect(cardProblems(card)).toEqual([]);
      expect(Buffer.byteLength(JSON.stringify(post.activity))).toBeLessThan(28 * 1024);
    }
  });

  it('shows the hype-cycle chart: a PNG too big for any card goes as an image in the header’s thread', async () => {
    const chart = renderAgendaChart(MONTH, [
      { name: 'Adult social care reform', stage: 'trigger', theme: 'social-care' },
      { name: 'Mental health waiting times', stage: 'trough', theme: 'mental-health', movedFrom: 'peak' },
      { name: 'Homelessness guidance', stage: 'plateau', theme: 'housing' },
    ]);
    expect(chart!.png.length).toBeGreaterThan(28 * 1024);
    const report = await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep, chart });
    expect(report.channels[0]?.status).toBe('ok');
    const [header] = t.connector.posts(CHANNEL);
    expect(header!.replies).toHaveLength(1);
    const image = header!.replies[0]!.activity;
    expect(image.text).toBe(chart!.alt);
    expect(image.attachments).toEqual([
      {
        contentType: 'image/png',
        contentUrl: `data:image/png;base64,${Buffer.from(chart!.png).toString('base64')}`,
        name: 'hype-cycle-2026-03.png',
      },
    ]);
    // A real PNG, whole: its signature, and every byte the chart has.
    const bytes = Buffer.from(image.attachments[0].contentUrl.split(',')[1], 'base64');
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.length).toBe(chart!.png.length);
    // The header card itself stays within the card budget.
    expect(Buffer.byteLength(JSON.stringify(header!.activity))).toBeLessThan(28 * 1024);
  });

  it('posts nothing again when the same month is posted twice', async () => {
    await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    const before = t.connector.calls.length;
    const again = await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(t.connector.calls.length).toBe(before);
    expect(again.channels[0]).toMatchObject({ status: 'ok', posted: 0 });
  });

  it('retries a 429 and a 503 from the connector, and each part still lands once', async () => {
    t.connector.fail('create-conversation', { status: 429, retryAfter: 0 });
    t.connector.fail('send', { status: 503, retryAfter: 0 });
    const report = await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(report.channels[0]?.status).toBe('ok');
    const posts = t.connector.posts(CHANNEL);
    expect(posts).toHaveLength(1 + report.items);
    expect(posts.every((p, i) => p.replies.length === (i === 0 ? 0 : 1))).toBe(true);
    expect(t.connector.callsOf('create-conversation').length).toBe(posts.length + 1);
  });

  it('carries on where it stopped after a failed run, without posting anything twice', async () => {
    // The third new post is refused: the run stops in this channel with the header and one item done.
    t.connector.fail('create-conversation', { status: 404 }, { after: 2 });
    const first = await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(first.channels[0]?.status).toBe('failed');
    expect(first.channels[0]?.error).toMatch(/cannot post there/);
    expect(t.connector.posts(CHANNEL)).toHaveLength(2);
    expect(t.connector.posts(CHANNEL)[1]!.replies).toHaveLength(1);

    const second = await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(second.channels[0]?.status).toBe('ok');
    const posts = t.connector.posts(CHANNEL);
    expect(posts).toHaveLength(1 + second.items);
    expect(new Set(posts.map((p) => p.activity.summary)).size).toBe(posts.length);
    expect(posts.map((p) => p.replies.length)).toEqual([0, ...Array(second.items).fill(1)]);
  });

  it('tells the channel admins when a channel cannot be posted to, and carries on', async () => {
    t.connector.fail('create-conversation', { status: 403 });
    const report = await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(report.channels[0]?.status).toBe('failed');
    expect(t.h.store.channels.list('teams')[0]?.lastError).toMatch(/channels add/);
  });
});
