import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { projectPath } from '../../src/paths.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHorizon as horizon } from '../support/cli.js';
import { type FakeSlack, startSlackApi } from '../support/slack-api-server.js';
import { type FeedServer, feedServer } from '../support/feed-server.js';

const escapeXml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Real published policy items served as RSS without dates, as many small publishers' feeds are: the
 * items then count as first seen now, so they are this month's candidates whatever today is.
 */
function undatedPolicyFeed(): string {
  const items = readFileSync(projectPath('test', 'fixtures', 'items', 'policy-items.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, 15)
    .map((l) => JSON.parse(l) as { title: string; summary: string; url: string })
    .map(
      (i) =>
        `<item><title>${escapeXml(i.title)}</title><link>${escapeXml(i.url)}</link><description>${escapeXml(i.summary)}</description></item>`,
    );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>Policy items</title><link>https://example.org/</link><description>Real items</description>${items.join('')}</channel></rss>`;
}

describe('horizon agenda post, with Slack configured', () => {
  let dir: string;
  let slack: FakeSlack | undefined;
  let feeds: FeedServer | undefined;
  afterEach(async () => {
    await slack?.close();
    await feeds?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts a header and one message per item, each with its prompt in its thread, exactly once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-post-'));
    slack = await startSlackApi({ botToken: 'xoxb-test-token' });
    feeds = await feedServer({
      '/policy.rss': (res) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(undatedPolicyFeed());
      },
    });
    const env = {
      HORIZON_DB: join(dir, 'h.db'),
      HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.url,
      HORIZON_SLACK_CHANNELS: 'C0SMT',
    };
    expect((await horizon(['feeds', 'add', feeds.url('policy.rss'), '--kind', 'policy'], env)).code).toBe(0);

    const first = await horizon(['agenda', 'post'], env);
    expect(first.code).toBe(0);
    const top = slack.messages('C0SMT');
    expect(top.length).toBeGreaterThan(1);
    const [header, ...itemMessages] = top;
    expect(header!.metadata?.event_payload).toMatchObject({ part: 'header' });
    for (const m of itemMessages) {
      const replies = slack.replies('C0SMT', m.ts);
      expect(replies).toHaveLength(1);
      expect(replies[0]!.text).toMatch(/\?/);
    }

    const again = await horizon(['agenda', 'post'], env);
    expect(again.code).toBe(0);
    expect(slack.messages('C0SMT')).toHaveLength(top.length);
    expect(again.text).toMatch(/already there/);
  });

  it('refuses an empty month, saying why and how to post it anyway', async () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-post-'));
    slack = await startSlackApi({ botToken: 'xoxb-test-token' });
    const env = {
      HORIZON_DB: join(dir, 'h.db'),
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.url,
      HORIZON_SLACK_CHANNELS: 'C0SMT',
    };
    const refused = await horizon(['agenda', 'post', '--month', '2026-11'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.text).toContain('The November 2026 agenda is empty');
    expect(refused.text).toContain('agenda post --month 2026-11 --force');
    expect(slack.messages('C0SMT')).toEqual([]);

    const forced = await horizon(['agenda', 'post', '--month', '2026-11', '--force'], env);
    expect(forced.code).toBe(0);
    expect(slack.messages('C0SMT')).toHaveLength(1);
  });
});
