/* eslint-disable @typescript-eslint/no-explicit-any -- answers are JSON from the wire */
import { openSync, writeSync, closeSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../app/bot.js';
import { agendaHealth, storeHealth } from '../../src/http/health.js';
import { createHttpServer, listen } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { startScheduler } from '../../src/schedule/scheduler.js';
import { createStore } from '../../src/store/index.js';
import { feed, items, testHorizon, type TestHorizon } from '../support/horizon.js';
import { ADMIN, slackStack, type SlackStack } from '../slack/harness.js';

const NOW = '2026-03-20T09:00:00Z';
let s: SlackStack | undefined;
let t: TestHorizon | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
  t?.close();
  t = undefined;
});

async function healthz(base: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/healthz`);
  return { status: res.status, body: await res.json() };
}

describe('/healthz tells the truth', () => {
  it('goes red, naming the file and the fix, when the database is damaged (not a SELECT 1 from the cache)', async () => {
    t = testHorizon({ now: NOW });
    const f = feed(t.h, { title: 'DHSC news' });
    items(
      t.h,
      f,
      Array.from({ length: 300 }, (_, i) => ({
        title: `Consultation number ${i} on social care reform`,
        summary: 'x'.repeat(400),
      })),
    );
    const path = t.h.config.dbPath;
    t.h.store.close();
    t.db.pragma('wal_checkpoint(TRUNCATE)');
    t.db.close();
    // Scribble over pages in the middle of the file, as a failing disk or a bad copy would.
    const size = statSync(path).size;
    const fd = openSync(path, 'r+');
    const pageSize = 4096;
    for (let p = Math.floor(size / pageSize / 2); p < Math.floor(size / pageSize / 2) + 4; p++)
      writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, p * pageSize);
    closeSync(fd);
    t.h.store = createStore(path);

    const store = storeHealth(t.h);
    const server = createHttpServer({
      adapters: [],
      log: silentLogger,
      checks: { store: () => store.check() },
    });
    const port = await listen(server, 0, '127.0.0.1');
    const answer = await healthz(`http://127.0.0.1:${port}`);
    store.stop();
    server.close();
    t.h.store.close();
    expect(answer.status).toBe(503);
    expect(answer.body.checks.store.ok).toBe(false);
    expect(answer.body.checks.store.detail).toContain(path);
    expect(answer.body.checks.store.detail).toMatch(/restore (it|the file) from your latest backup/);
  });

  it('a scheduled agenda that fails before reaching any channel: admins get a DM, /healthz answers 503 and a later feed poll does not clear it', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: 'CSMT0001' } });
    // The agenda cannot even be built: a table it reads is gone (a damaged or half-restored database).
    s.th.db.exec('DROP TABLE agenda_overrides');
    const scheduler = await startScheduler(s.h, () => [s!.adapter.publisher]);
    const store = storeHealth(s.h);
    const server = createHttpServer({
      adapters: [s.adapter],
      log: silentLogger,
      checks: {
        store: () => store.check(),
        agenda: () => agendaHealth(s!.h),
        scheduler: () => scheduler.health(),
      },
    });
    const port = await listen(server, 0, '127.0.0.1');
    // The first poll runs after start-up and succeeds (no feed is due).
    await new Promise((r) => setTimeout(r, 300));
    expect(scheduler.health().jobs.poll.lastSuccessAt).not.toBeNull();
    const answer = await healthz(`http://127.0.0.1:${port}`);
    await scheduler.stop();
    store.stop();
    server.close();

    expect(answer.status).toBe(503);
    expect(answer.body.checks.scheduler).toMatchObject({
      ok: false,
      detail: expect.stringContaining('agenda failed'),
    });
    expect(answer.body.checks.agenda).toMatchObject({ ok: false, detail: expect.stringContaining('failed') });
    const run = s.th.db.prepare("SELECT status FROM runs WHERE kind = 'agenda-post'").get() as {
      status: string;
    };
    expect(run.status).toBe('failed');
    const dm = s.api.callsTo('chat.postMessage').find((c) => c.args.channel === `D${ADMIN}`);
    expect(dm?.args.text).toMatch(/could not post the 2026-03 agenda anywhere/);
    expect(s.api.messages('CSMT0001')).toHaveLength(0);
  });

  it('is served by `horizon start` with no chat platform at all, on PORT', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = (probe.address() as { port: number }).port;
        probe.close(() => resolve(p));
      });
    });
    t = testHorizon({ now: NOW, env: { PORT: String(port) } });
    const bot = await startBot(t.h);
    const answer = await healthz(`http://127.0.0.1:${port}`);
    await bot.stop();
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body.checks)).toEqual(
      expect.arrayContaining(['store', 'agenda', 'scheduler', 'console']),
    );
  });
});
