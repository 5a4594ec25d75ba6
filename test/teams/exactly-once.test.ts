import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTeamsAdapter } from '../../adapters/teams/index.js';
import { postAgenda } from '../../src/agenda/post.js';
import type { Horizon } from '../../src/context.js';
import { createStore } from '../../src/store/index.js';
import { runWords } from '../../src/commands/run.js';
import { feed, items } from '../support/horizon.js';
import {
  ADMIN,
  APP_ID,
  CHANNEL,
  PASSWORD,
  botAddedToTeam,
  channelMessage,
  personalConversationId,
  personalMessage,
  startTeams,
  type TeamsTest,
} from './harness.js';

const noSleep = async () => {};
const MONTH = '2026-03';

function seed(t: TeamsTest): void {
  const policy = feed(t.h, { title: 'DHSC news', kind: 'policy' });
  items(t.h, policy, [
    {
      title: 'Government launches consultation on adult social care reform',
      publishedAt: '2026-03-03T09:00:00Z',
    },
    {
      title: 'Watchdog warns mental health waiting list target delayed',
      publishedAt: '2026-03-04T09:00:00Z',
    },
  ]);
}

/** Every top-level post in the channel, by what it is: the header's summary, or the item's title. */
function summaries(t: TeamsTest): string[] {
  return t.connector.posts(CHANNEL).map((p) => String(p.activity.summary));
}

function adminMessages(t: TeamsTest): string[] {
  return t.connector.sent(personalConversationId(ADMIN)).map((a) => String(a.text ?? ''));
}

describe('Teams: never a double post when the outcome of a send is unknown', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams();
    seed(t);
    expect((await t.send(botAddedToTeam(t))).status).toBe(200);
    expect((await t.send(channelMessage(t, 'channels add here', { user: ADMIN }))).status).toBe(200);
    // The admin has a personal chat with the bot, so it can be told what went wrong.
    expect((await t.send(personalMessage(t, 'help', { user: ADMIN }))).status).toBe(200);
  });
  afterEach(() => t.stop());

  it('three lost answers post the header once, and the admins are told what may be missing and how to resend', async () => {
    t.connector.fail('create-conversation', { lostAnswer: true }, { times: 3 });
    const report = await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    const headers = summaries(t).filter((s) => s.startsWith('Horizon scan'));
    expect(headers).toHaveLength(1);
    // Every item reached the channel exactly once, even those whose answers were lost.
    const titles = summaries(t).filter((s) => !s.startsWith('Horizon scan'));
    expect(new Set(titles).size).toBe(titles.length);
    expect(report.channels[0]).toMatchObject({
      status: 'failed',
      unknown: expect.arrayContaining(['header']),
    });
    const told = adminMessages(t).find((m) => m.includes('may be missing'));
    expect(told).toContain(`agenda resend ${CHANNEL}`);

    // A second run does not resend what may be there.
    const before = t.connector.callsOf('create-conversation').length;
    await postAgenda(t.h, [t.adapter.publisher], { month: MONTH, sleep: noSleep });
    expect(t.connector.callsOf('create-conversation').length).toBe(before);
    expect(summaries(t).filter((s) => s.startsWith('Horizon scan'))).toHaveLength(1);

    // The admin looked, and says the header is there: only what they name is resent.
    const ctx = { platform: 'cli' as const, userId: 'ops', isServerCli: true };
    const resend = await runWords(t.h, ctx, ['agenda', 'resend', CHANNEL, 'nonsense', '--month', MONTH]);
    expect(resend.ok).toBe(false);
  });

  it('a process that dies between delivery and record: the restart does not post the part again', async () => {
    // The second item's thread is created, and the answer never comes: the process "dies" there.
    t.connector.fail('create-conversation', { hang: true }, { after: 2 });
    const dying = postAgenda(t.h, [t.adapter.publisher], {
      month: MONTH,
      sleep: noSleep,
      leaseTtlMs: 300,
    }).catch(() => undefined);
    await t.connector.waitFor(() => t.connector.posts(CHANNEL).length === 3);

    const restarted: Horizon = { ...t.h, store: createStore(t.h.config.dbPath) };
    const adapter = createTeamsAdapter(restarted, {
      endpoints: {
        channelOpenIdMetadataUrl: t.connector.openIdMetadataUrl,
        channelTokenIssuer: t.connector.issuer,
        oauthScope: t.connector.scope,
      },
      credentialsFactory: t.connector.credentialsFactory(APP_ID, PASSWORD),
      minIntervalMs: 0,
    })!;
    const report = await postAgenda(restarted, [adapter.publisher], { month: MONTH, sleep: noSleep });
    const posts = t.connector.posts(CHANNEL);
    expect(new Set(summaries(t)).size).toBe(posts.length);
    expect(posts).toHaveLength(3);
    expect(report.channels[0]).toMatchObject({
      status: 'failed',
      unknown: [expect.stringMatching(/^item:/)],
    });
    expect(adminMessages(t).some((m) => m.includes('may be missing'))).toBe(true);
    await adapter.stop();
    restarted.store.close();
    void dying;
  });
});
