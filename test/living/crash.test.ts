// A real crash while posting: `horizon agenda post` runs in a child process against the local Slack
// server and is killed with SIGKILL mid-post (once while Slack holds a delivered message's answer back,
// once just after an answer arrived); a fresh process then finishes the job. Every part lands once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliProcess } from '../support/cli-process.js';
import { feed, items, testHorizon } from '../support/horizon.js';
import { startSlackApi, type FakeSlack } from '../support/slack-api-server.js';
import { BOT_TOKEN, slackEnv } from '../slack/harness.js';

const MONTH = '2026-03';
let api: FakeSlack;
beforeAll(async () => {
  api = await startSlackApi({ botToken: BOT_TOKEN });
});
afterAll(() => api.close());

/** Every agenda part in a channel, by ledger key: top-level messages, their thread replies, the chart. */
function parts(channel: string): string[] {
  const key = (m: { metadata?: { event_payload: Record<string, unknown> }; files?: unknown[] }) =>
    m.files?.length ? 'chart' : String(m.metadata?.event_payload.part);
  return api.messages(channel).flatMap((m) => [key(m), ...api.replies(channel, m.ts).map(key)]);
}

const posts = (channel: string) => api.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

describe('kill -9 while posting the agenda to Slack', () => {
  for (const trial of [
    { name: 'killed while Slack holds back the answer to the second item', hangOn: 3 },
    { name: 'killed just after the second answer arrived', killAfter: 2 },
  ]) {
    it(
      trial.name,
      async () => {
        const channel = `CKILL${trial.hangOn ?? trial.killAfter}X`;
        const th = testHorizon({ env: slackEnv(api, { HORIZON_SLACK_CHANNELS: channel }) });
        try {
          const f = feed(th.h, { title: 'DHSC', kind: 'policy' });
          items(th.h, f, [
            {
              title: 'Government launches consultation on unpaid carers',
              publishedAt: '2026-03-03T10:00:00Z',
            },
            {
              title: 'Watchdog warns social care reforms delayed again',
              publishedAt: '2026-03-05T10:00:00Z',
            },
          ]);
          const env = {
            ...slackEnv(api, { HORIZON_SLACK_CHANNELS: channel }),
            HORIZON_DB: th.h.config.dbPath,
            HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1,localhost',
            HORIZON_ENRICH: 'off',
          };
          if (trial.hangOn) {
            let n = 0;
            api.fail(
              'chat.postMessage',
              { hang: true },
              { when: (a) => a.channel === channel && ++n === trial.hangOn },
            );
          }
          const first = await cliProcess();
          void first.run(['agenda', 'post', '--month', MONTH], env);
          const seen = trial.hangOn ?? trial.killAfter!;
          await api.waitFor(() => posts(channel).length >= seen, 60_000);
          process.kill(first.pid, 'SIGKILL');

          // Two minutes pass: the dead poster's channel lease lapses.
          th.db.prepare('UPDATE leases SET expires_at = 0').run();
          const second = await cliProcess();
          const done = await second.run(['agenda', 'post', '--month', MONTH], env);
          await second.close();
          expect(done.code, done.text).toBe(0);

          const got = parts(channel);
          const ids = [...th.db.prepare('SELECT id FROM items').all()].map((r) => (r as { id: number }).id);
          const expected = ['header', ...ids.flatMap((id) => [`item:${id}`, `prompt:${id}`])];
          for (const part of expected)
            expect(
              got.filter((p) => p === part),
              part,
            ).toHaveLength(1);
          // Nothing else, and at most one chart.
          expect(got.filter((p) => !expected.includes(p) && p !== 'chart')).toEqual([]);
          expect(got.filter((p) => p === 'chart').length).toBeLessThanOrEqual(1);
        } finally {
          th.close();
        }
      },
      120_000,
    );
  }
});
