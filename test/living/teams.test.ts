// A living agenda on Teams: through the real adapter and the local Bot Connector, an item that changes
// after posting is updated in place (updateActivity on its own post, in its own thread) and its thread is
// told what changed, once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postAgenda, refreshPostedAgenda } from '../../src/agenda/post.js';
import type { Feed } from '../../src/domain.js';
import { agendaItems } from '../../src/domain.js';
import { feed, items } from '../support/horizon.js';
import {
  ADMIN,
  CHANNEL,
  botAddedToTeam,
  channelMessage,
  startTeams,
  type TeamsTest,
} from '../teams/harness.js';

const MONTH = '2026-03';
const FUND = 'Pilot fund for community mental health: expressions of interest open';
const noSleep = async () => {};

function fund(t: TeamsTest, f: Feed, closing: string): number {
  return items(t.h, f, [
    {
      key: 'fund-1',
      title: FUND,
      summary: `A £2m pathfinder fund. ${closing}`,
      publishedAt: '2026-03-07T10:00:00Z',
    },
  ]).get(FUND)!;
}

describe('a living agenda on Teams', () => {
  let t: TeamsTest;
  let funding: Feed;
  let fundId: number;
  beforeEach(async () => {
    t = await startTeams();
    const policy = feed(t.h, { title: 'DHSC news', kind: 'policy' });
    items(t.h, policy, [
      {
        title: 'Government launches consultation on adult social care reform',
        publishedAt: '2026-03-03T09:00:00Z',
      },
    ]);
    funding = feed(t.h, { title: 'Community Fund', kind: 'funding' });
    fundId = fund(t, funding, 'Closing date 30 April 2026.');
    expect((await t.send(botAddedToTeam(t))).status).toBe(200);
    expect((await t.send(channelMessage(t, 'channels add here', { user: ADMIN }))).status).toBe(200);
    const report = await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(report.channels[0]!.status).toBe('ok');
    expect(agendaItems(t.h.store.agendas.get(MONTH)!.agenda!).map((i) => i.itemId)).toContain(fundId);
  });
  afterEach(() => t.stop());

  const fundPost = () => t.connector.posts(CHANNEL).find((p) => p.activity.summary === FUND)!;
  const headerPost = () =>
    t.connector.posts(CHANNEL).find((p) => p.activity.summary === `Horizon scan: ${MONTH}`)!;
  const updatesOf = (id: string) => t.connector.callsOf('update').filter((c) => c.activityId === id);

  it('a moved deadline reaches updateActivity with the post’s own ids, and its thread hears of it once', async () => {
    const post = fundPost();
    expect(JSON.stringify(post.activity.attachments)).toContain('30 Apr');
    fund(t, funding, 'Closing date 12 May 2026.');
    const report = await refreshPostedAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(report!.channels[0]).toMatchObject({ status: 'ok', updated: 1 });

    const updates = updatesOf(post.id);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.method).toBe('PUT');
    expect(updates[0]!.conversationId).toBe(post.threadId);
    expect(updates[0]!.activityId).toBe(post.id);
    expect(updates[0]!.authorization).toMatch(/^Bearer /);
    const now = fundPost();
    expect(now.activity.updated).toBe(true);
    expect(JSON.stringify(now.activity.attachments)).toContain('12 May');
    // Not posted again: still one post for the fund.
    expect(t.connector.posts(CHANNEL).filter((p) => p.activity.summary === FUND)).toHaveLength(1);
    const notes = now.replies.filter((r) => String(r.activity.text).startsWith('Updated:'));
    expect(notes.map((r) => r.activity.text)).toEqual(['Updated: Deadline moved from 30 Apr to 12 May.']);
    expect(notes[0]!.activity.textFormat).toBe('plain');

    // The header's closing-soon list follows, updated in place in its own conversation.
    const header = headerPost();
    expect(updatesOf(header.id)).toHaveLength(1);
    expect(updatesOf(header.id)[0]!.conversationId).toBe(header.threadId);
    expect(header.activity.updated).toBe(true);
    expect(JSON.stringify(header.activity.attachments)).toContain('12 May');
    expect(JSON.stringify(header.activity.attachments)).not.toContain('30 Apr');

    // Nothing shown changed since: no update, no note.
    await refreshPostedAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(t.connector.callsOf('update')).toHaveLength(2);
    expect(fundPost().replies.filter((r) => String(r.activity.text).startsWith('Updated:'))).toHaveLength(1);
  });

  it('no update when nothing shown changed', async () => {
    fund(t, funding, 'Closing date 30 April 2026. Read the guidance before applying.');
    const report = await refreshPostedAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(report!.channels[0]!.updated ?? 0).toBe(0);
    expect(t.connector.callsOf('update')).toHaveLength(0);
  });

  it('a lost answer on the update is tried again (the same card twice does no harm); the note goes out once', async () => {
    fund(t, funding, 'Closing date 12 May 2026.');
    t.connector.fail('update', { lostAnswer: true });
    const report = await refreshPostedAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(report!.channels[0]).toMatchObject({ status: 'ok', updated: 1 });
    // No apology or anything else lands in the thread: only the prompt and the one note.
    expect(fundPost().replies).toHaveLength(2);
    // The first update sent (the header's, which comes first) lost its answer and went again; the fund's once.
    expect(updatesOf(headerPost().id)).toHaveLength(2);
    expect(updatesOf(fundPost().id)).toHaveLength(1);
    expect(fundPost().replies.filter((r) => String(r.activity.text).startsWith('Updated:'))).toHaveLength(1);
  });
});
