import { afterEach, describe, expect, it } from 'vitest';
import { postAgenda } from '../../src/agenda/post.js';
import { feed, items } from '../support/horizon.js';
import { ADMIN, slackStack, type SlackStack } from '../slack/harness.js';

const NOW = '2026-03-20T09:00:00Z';
let s: SlackStack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

describe('a database error while posting', () => {
  it('does not stop the other channels: they are tried, the admins told, and the run marked failed, not left "running"', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: 'CBAD0001,CSMT0001' } });
    const f = feed(s.h, { title: 'DHSC news' });
    items(s.h, f, [
      { title: 'Government launches consultation on unpaid carers', publishedAt: '2026-03-03T10:00:00Z' },
      { title: 'Watchdog warns social care reforms delayed again', publishedAt: '2026-03-05T10:00:00Z' },
    ]);
    // Writes about one channel fail as a failing disk would make them fail, including the error handler's
    // own write of the channel's error.
    s.th.db.exec(`
      CREATE TRIGGER fail_posts BEFORE UPDATE ON posts WHEN NEW.channel_id = 'CBAD0001' AND NEW.status = 'posted'
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;
      CREATE TRIGGER fail_channel BEFORE UPDATE ON channels WHEN NEW.channel_id = 'CBAD0001'
      BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
    const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: async () => undefined });
    expect(report.channels.map((c) => [c.channelId, c.status])).toEqual([
      ['CBAD0001', 'failed'],
      ['CSMT0001', 'ok'],
    ]);
    expect(s.api.messages('CSMT0001').length).toBe(3);
    const run = s.th.db.prepare("SELECT status FROM runs WHERE kind = 'agenda-post'").get() as {
      status: string;
    };
    expect(run.status).toBe('partial');
    const dm = s.api.callsTo('chat.postMessage').find((c) => c.args.channel === `D${ADMIN}`);
    expect(dm?.args.text).toContain('disk I/O error');
  });
});
