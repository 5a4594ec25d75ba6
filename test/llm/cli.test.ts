import { PassThrough, Readable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../app/cli/main.js';
import { body, cleanup, rss, serve } from '../ingest/helpers.js';
import { answerReply, openAiServer } from './openai-server.js';
import { KEY, onCleanup, tempDir } from './helpers.js';

afterEach(cleanup);

async function horizon(args: string[], env: Record<string, string>) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const code = await main(args, {
    out,
    err: new PassThrough(),
    stdin: Readable.from(['']),
    env: { ...env, HORIZON_LOG_LEVEL: 'silent' },
  });
  return { code, out: Buffer.concat(chunks).toString('utf8') };
}

describe('horizon scan with HORIZON_LLM_URL set', () => {
  it('asks the model about new items and says what it did', async () => {
    const model = await openAiServer(() =>
      answerReply({ stage: 'trigger', stage_evidence: 'launched a consultation', themes: ['welfare'] }),
    );
    onCleanup(() => model.close());
    const feeds = await serve({});
    feeds.route(
      '/feed',
      body(rss([{ title: 'Old report', guid: 'old', date: 'Mon, 02 Feb 2015 10:00:00 GMT' }])),
    );
    const env = {
      HORIZON_DB: join(tempDir(), 'h.db'),
      HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      HORIZON_LLM_URL: model.baseUrl,
      HORIZON_LLM_MODEL: 'gpt-4o-mini',
      HORIZON_LLM_API_KEY: KEY,
    };
    expect((await horizon(['feeds', 'add', feeds.url('/feed'), '--kind', 'policy'], env)).code).toBe(0);
    expect(model.requests).toHaveLength(0);

    const today = new Date().toUTCString();
    feeds.route(
      '/feed',
      body(
        rss([
          { title: 'Old report', guid: 'old', date: 'Mon, 02 Feb 2015 10:00:00 GMT' },
          {
            title: 'Government launches consultation on benefit sanctions',
            description: 'The Department for Work and Pensions has opened a consultation.',
            guid: 'new',
            date: today,
          },
        ]),
      ),
    );
    const scanned = await horizon(['scan', '--all'], env);
    expect(scanned.code).toBe(0);
    expect(scanned.out).toContain('Language model: 1 item tagged.');
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(scanned.out).not.toContain(KEY);
  });
});
