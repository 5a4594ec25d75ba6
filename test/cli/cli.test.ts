import { PassThrough, Readable } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../app/cli/main.js';
import { type FeedServer, feedServer } from '../support/feed-server.js';

const BILLS = 'real/uk-parliament-bills/services-parliament-uk-current-session-2009-11.rss';

function capture(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

/** Runs `horizon …` in-process against a temp database, as a shell would. */
async function horizon(args: string[], env: Record<string, string>, stdin = '') {
  const out = new PassThrough();
  const err = new PassThrough();
  const readOut = capture(out);
  const readErr = capture(err);
  const code = await main(args, {
    out,
    err,
    stdin: Readable.from([stdin]),
    env: { ...env, HORIZON_LOG_LEVEL: 'silent' },
  });
  return { code, out: readOut(), err: readErr() };
}

describe('the horizon CLI', () => {
  let dir: string;
  let server: FeedServer | undefined;
  let env: Record<string, string>;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const setup = () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-cli-'));
    env = { HORIZON_DB: join(dir, 'h.db'), HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1' };
  };

  it('adds a feed and lists it as JSON', async () => {
    setup();
    server = await feedServer();
    const added = await horizon(['feeds', 'add', server.url(BILLS), '--kind', 'parliament'], env);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/^Added “Bills from current Parliamentary Session”/);
    const listed = await horizon(['feeds', 'list', '--json'], env);
    const feeds = JSON.parse(listed.out) as { url: string; kind: string; health: { status: string } }[];
    expect(feeds).toHaveLength(1);
    expect(feeds[0]).toMatchObject({ url: server.url(BILLS), kind: 'parliament', health: { status: 'ok' } });
  });

  it('refuses a loopback feed that is not allow-listed, with one line and a non-zero exit', async () => {
    setup();
    server = await feedServer();
    const refused = await horizon(['feeds', 'add', server.url(BILLS)], {
      ...env,
      HORIZON_ALLOW_PRIVATE_HOSTS: '',
    });
    expect(refused.code).not.toBe(0);
    expect(refused.err.split('\n')[0]).toMatch(/^✗ Could not add .*(private|loopback)/i);
  });

  it('fails with a one-line reason when the URL is unreachable', async () => {
    setup();
    const refused = await horizon(['feeds', 'add', 'http://127.0.0.1:9/feed.xml'], env);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/^✗ Could not add http:\/\/127\.0\.0\.1:9\/feed\.xml: /);
  });

  it('tags JSON lines from stdin', async () => {
    setup();
    const input = [
      JSON.stringify({
        id: 'a',
        title: 'Government launches consultation on the future of adult social care',
        summary: '',
      }),
      'not json',
      JSON.stringify({
        id: 'b',
        title: 'Rollout of housing scheme delayed again, watchdog warns',
        summary: '',
      }),
    ].join('\n');
    const result = await horizon(['tag', '--jsonl'], env, input);
    const lines = result.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ id: 'a', stage: 'trigger' });
    expect(lines[0]!.themes).toContain('social-care');
    expect(lines[1]).toHaveProperty('error');
    expect(lines[2]).toMatchObject({ id: 'b', stage: 'trough' });
    expect(result.code).toBe(1);
  });

  it('previews the agenda as JSON and explains a bad month', async () => {
    setup();
    const ok = await horizon(['agenda', 'preview', '--month', '2026-03', '--format', 'json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ month: '2026-03', sections: [] });
    const bad = await horizon(['agenda', 'preview', '--month', '03/2026'], env);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/"03\/2026" is not a month/);
  });

  it('imports an OPML file and exports it again', async () => {
    setup();
    server = await feedServer();
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
      <outline text="Parliament"><outline type="rss" text="Bills" xmlUrl="${server.url(BILLS)}"/></outline>
      <outline text="junk"/></body></opml>`;
    writeFileSync(join(dir, 'in.opml'), opml);
    const imported = await horizon(['feeds', 'import', join(dir, 'in.opml')], env);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^Imported 1 feed/);
    const exported = await horizon(['feeds', 'export'], env);
    expect(exported.out).toContain(`xmlUrl="${server.url(BILLS)}"`);
  });

  it("adds a Slack channel by its id, and refuses what is no platform's channel id", async () => {
    setup();
    const added = await horizon(['channels', 'add', 'C0SMT2'], env);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/posted in C0SMT2/);
    const listed = await horizon(['channels', 'list', '--json'], env);
    expect(JSON.parse(listed.out)).toEqual([
      expect.objectContaining({ platform: 'slack', channelId: 'C0SMT2' }),
    ]);

    const refused = await horizon(['channels', 'add', 'not a channel!'], env);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /^✗ "not a channel!" is neither a Slack channel id \(C0123ABCD\) nor a Teams channel id \(19:…@thread\.tacv2\)\.\n.*channels add here/,
    );
    expect(JSON.parse((await horizon(['channels', 'list', '--json'], env)).out)).toHaveLength(1);
  });

  it('prints help and exits 0; an unknown command exits non-zero', async () => {
    setup();
    const help = await horizon(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: horizon/);
    const unknown = await horizon(['frobnicate'], env);
    expect(unknown.code).not.toBe(0);
  });
});
