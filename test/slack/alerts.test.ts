import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertFailingFeeds } from '../../src/schedule/scheduler.js';
import { feed } from '../support/horizon.js';
import { ADMIN, slackStack, type SlackStack } from './harness.js';

let s: SlackStack;
beforeEach(async () => {
  s = await slackStack({
    now: '2026-03-20T09:00:00Z',
    env: { HORIZON_SLACK_CHANNELS: 'CSMT0001', HORIZON_FEED_ALERT_AFTER_HOURS: '24' },
  });
});
afterEach(async () => {
  await s.close();
});

const dms = () => s.api.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${ADMIN}`);

describe('feed failures in Slack', () => {
  it('reach the admins by DM only once they have lasted, only once, and never the SMT channel', async () => {
    const broken = feed(s.h, { title: 'Think tank <news> & views' });
    s.h.store.feeds.recordFailure(broken.id, {
      now: '2026-03-20T07:00:00Z',
      nextFetchAt: '2026-03-20T10:00:00Z',
      error: 'HTTP 404',
    });

    await alertFailingFeeds(s.h, [s.adapter.publisher]);
    expect(dms()).toHaveLength(0);

    s.th.clock.now = new Date('2026-03-21T08:00:00Z');
    await alertFailingFeeds(s.h, [s.adapter.publisher]);
    await alertFailingFeeds(s.h, [s.adapter.publisher]);
    expect(dms()).toHaveLength(1);
    expect(dms()[0]!.args.text).toContain('Think tank &lt;news&gt; &amp; views');
    expect(dms()[0]!.args.text).toContain('HTTP 404');
    expect(s.api.messages('CSMT0001')).toHaveLength(0);
  });
});
