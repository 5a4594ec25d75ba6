import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agenda, agendaItems } from '../../src/domain.js';
import Database from 'better-sqlite3';
import { cliProcess, type CliProcess } from '../support/cli-process.js';
import { feed, items, testHorizon } from '../support/horizon.js';
import { startSlackApi, type FakeSlack } from '../support/slack-api-server.js';

const TRIALS = Number(process.env.TRIALS ?? 50);
const TOKEN = 'xoxb-test-token';

let slack: FakeSlack;
let a: CliProcess;
let b: CliProcess;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'horizon-posters-'));
  slack = await startSlackApi({ botToken: TOKEN });
  [a, b] = await Promise.all([cliProcess(), cliProcess()]);
  // Loading the CLI (and compiling it) is paid once here, not by the first trial.
  await Promise.all([a.run(['--help'], {}), b.run(['--help'], {})]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await slack?.close();
  rmSync(root, { recursive: true, force: true });
});

/** A database with two of this month's items, as a scan would leave it. */
function seed(dbPath: string): void {
  const t = testHorizon({ now: new Date().toISOString(), env: { HORIZON_DB: dbPath } });
  const f = feed(t.h, { title: 'Department of Health and Social Care', kind: 'policy' });
  const now = new Date().toISOString();
  items(t.h, f, [
    { title: 'Government launches consultation on support for unpaid carers', publishedAt: now },
    { title: 'Watchdog warns social care reforms delayed again', publishedAt: now },
  ]);
  t.close();
}

/** What the channel holds, by ledger part: how many of each, and which were expected but are not there. */
function tally(channel: string, dbPath: string): { duplicates: number; missing: number; parts: number } {
  const db = new Database(dbPath, { readonly: true });
  const row = db.prepare('SELECT data FROM agendas').get() as { data: string };
  const agenda = JSON.parse(row.data) as Agenda;
  db.close();
  const expected = [
    'header',
    ...agendaItems(agenda).flatMap((i) => [`item:${i.itemId}`, `prompt:${i.itemId}`]),
  ];
  const seen = new Map<string, number>();
  for (const m of slack.messages(channel)) {
    for (const msg of [m, ...slack.replies(channel, m.ts)]) {
      const part = msg.metadata?.event_payload.part;
      if (typeof part === 'string') seen.set(part, (seen.get(part) ?? 0) + 1);
    }
  }
  const duplicates = [...seen.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
  const missing = expected.filter((p) => !seen.has(p)).length;
  return { duplicates, missing, parts: expected.length };
}

describe('two `horizon agenda post` processes at once on one database', () => {
  it(`post every part exactly once, in ${TRIALS} trials`, async () => {
    const trials = Array.from({ length: TRIALS }, (_, i) => {
      const dir = join(root, `t${i}`);
      const dbPath = join(dir, 'horizon.db');
      seed(dbPath);
      return { dbPath, channel: `CPOST${String(i).padStart(4, '0')}` };
    });
    const results = await Promise.all(
      trials.map(async ({ dbPath, channel }) => {
        const env = {
          HORIZON_DB: dbPath,
          SLACK_BOT_TOKEN: TOKEN,
          SLACK_API_URL: slack.url,
          HORIZON_SLACK_CHANNELS: channel,
        };
        const [ra, rb] = await Promise.all([a.run(['agenda', 'post'], env), b.run(['agenda', 'post'], env)]);
        return { ra, rb, ...tally(channel, dbPath) };
      }),
    );
    const duplicates = results.reduce((n, r) => n + r.duplicates, 0);
    const missing = results.reduce((n, r) => n + r.missing, 0);
    expect({ duplicates, missing }).toEqual({ duplicates: 0, missing: 0 });
    expect(results.every((r) => r.parts === 5)).toBe(true);
    // Both exit cleanly: one posts, the other waits for it and finds everything there.
    expect(results.map((r) => [r.ra.code, r.rb.code]).filter(([x, y]) => x !== 0 || y !== 0)).toEqual([]);
    expect(results.every((r) => /already there/.test(r.ra.text + r.rb.text))).toBe(true);
  }, 120_000);
});
