import { afterEach, describe, expect, it } from 'vitest';
import { postAgenda } from '../../src/agenda/post.js';
import { alertFailingFeeds } from '../../src/schedule/scheduler.js';
import { feed, items } from '../support/horizon.js';
import { ADMIN, slackStack, type SlackStack } from './harness.js';

const NOW = '2026-03-20T09:00:00Z';
const SMT = 'CSMT0001';
const HOSTILE = ['<!channel>', '<!here>', '<@U123>', '<https://evil.example|x>', '<!subteam^S1>'];
const hostile = (what: string) => `${what} ${HOSTILE.join(' ')} & more`;

let s: SlackStack | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** Every string Slack would read as mrkdwn in a value: everything but plain_text objects, file names and alt text. */
function liveStrings(value: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => liveStrings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'plain_text') return;
    for (const [k, v] of Object.entries(o)) {
      // Not rendered as mrkdwn: file names, image alt text, metadata, ids and the token.
      if (['filename', 'alt_text', 'metadata', 'token', 'file'].includes(k)) continue;
      liveStrings(v, `${path}.${k}`, out);
    }
  }
}

function liveMentions(stack: SlackStack): string[] {
  const found: { path: string; text: string }[] = [];
  stack.api.calls.forEach((c, i) => liveStrings(c.args, `${c.method}#${i}`, found));
  stack.api.responses.forEach((r, i) => liveStrings(r.body, `response#${i}`, found));
  return found
    .filter((f) => HOSTILE.some((h) => f.text.includes(h)) || /<[!@#]/.test(f.text))
    .map((f) => `${f.path}: ${f.text.slice(0, 200)}`);
}

describe('text from feeds and people can never ping a channel or plant a link on Slack', () => {
  it('escapes hostile feed titles in every field of every call: messages, notification text, DMs, App Home', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    const f = feed(s.h, { title: hostile('Source'), kind: 'policy' });
    items(s.h, f, [
      {
        title: hostile('Government launches consultation on support for unpaid carers'),
        summary: hostile('A call for evidence on carers breaks.'),
        publishedAt: '2026-03-03T10:00:00Z',
      },
      {
        title: hostile('Watchdog warns social care reforms delayed again'),
        summary: 'The NAO finds a shortfall.',
        publishedAt: '2026-03-05T10:00:00Z',
      },
    ]);
    const report = await postAgenda(s.h, [s.adapter.publisher], { sleep: async () => undefined });
    expect(report.channels[0]?.status).toBe('ok');
    const posts = s.api.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThanOrEqual(5);
    // The titles are there, shown as written: escaped, not dropped.
    expect(posts.some((c) => String(c.args.text).includes('&lt;!channel&gt;'))).toBe(true);

    await s.adapter.publisher.notifyAdmins!(hostile('A feed failed'));
    s.th.db
      .prepare("UPDATE feeds SET status = 'failing', failing_since = ?, last_error = ?")
      .run('2026-03-01T00:00:00Z', hostile('network'));
    expect(await alertFailingFeeds(s.h, [s.adapter.publisher])).toBe(1);
    await s.event({ type: 'app_home_opened', user: ADMIN, channel: 'DHOME', tab: 'home' });
    await s.api.waitFor(() => s!.api.callsTo('views.publish')[0]);

    expect(s.api.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${ADMIN}`)).toHaveLength(2);
    expect(liveMentions(s)).toEqual([]);
  });

  it('escapes hostile command text in acknowledgements, ephemeral replies and channel replies', async () => {
    s = await slackStack({ now: NOW, env: { HORIZON_SLACK_CHANNELS: SMT } });
    for (const [i, text] of [
      hostile('feeds remove'),
      hostile('agenda drop'),
      hostile(''),
      `feeds add <https://evil.example|x>`,
      hostile('roles grant'),
      hostile('channels add'),
    ].entries()) {
      const res = await s.slash(text, { responseId: `r${i}` });
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/<[!@#]|<https/);
    }
    await s.api.waitFor(() => s!.api.responses.length >= 6, 10_000);
    await s.event({
      type: 'app_mention',
      user: ADMIN,
      channel: SMT,
      text: `<@UBOT> ${hostile('help')}`,
      ts: '1.1',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(liveMentions(s)).toEqual([]);
  });
});
