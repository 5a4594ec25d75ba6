import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../src/llm/http.js';
import { completion, errorReply, openAiServer, type OpenAiServer } from './openai-server.js';
import { cleanup, dbAt, model, onCleanup, tempDir } from './helpers.js';

afterEach(cleanup);

const ITEM = {
  title: 'Pathfinder councils named for new family hubs',
  summary: 'Twelve councils will pilot the hubs.',
};

async function server(handler: Parameters<typeof openAiServer>[0]): Promise<OpenAiServer> {
  const s = await openAiServer(handler);
  onCleanup(() => s.close());
  return s;
}

const db = () => dbAt(join(tempDir(), 'h.db'));

describe('servers without structured output', () => {
  it('JSON mode sends response_format json_object and accepts an answer in a code fence', async () => {
    const s = await server(() => ({
      json: completion(
        '```json\n{"stage":"slope","stage_evidence":"will pilot","themes":["children-families"],"why_it_matters":""}\n```',
      ),
    }));
    const [a] = await model(db(), s.baseUrl, { HORIZON_LLM_RESPONSE_FORMAT: 'json_object' })
      .startRound()
      .answers([ITEM]);
    expect(s.requests[0]!.body.response_format).toEqual({ type: 'json_object' });
    expect(a).toMatchObject({ stage: 'slope', themes: ['children-families'] });
  });

  it('"none" sends no response_format and still validates the answer', async () => {
    const s = await server(() => ({ json: completion('{"stage":"slope","themes":[]}') }));
    const round = model(db(), s.baseUrl, { HORIZON_LLM_RESPONSE_FORMAT: 'none' }).startRound();
    expect(await round.answers([ITEM])).toEqual([null]);
    expect(s.requests[0]!.body).not.toHaveProperty('response_format');
    expect(round.stats().fellBack).toEqual({ schema: 1 });
  });
});

describe('rate limits and slow bodies', () => {
  it('honours retry-after-ms, as Azure OpenAI sends it', async () => {
    const s = await server((_r, n) =>
      n === 1
        ? errorReply(
            429,
            'Requests to the ChatCompletions_Create Operation have exceeded the rate limit.',
            '429',
            {
              'retry-after-ms': '200',
            },
          )
        : { json: completion('{"stage":"peak","stage_evidence":"","themes":[],"why_it_matters":""}') },
    );
    const round = model(db(), s.baseUrl).startRound();
    expect((await round.answers([ITEM]))[0]?.stage).toBe('peak');
    expect(round.stats().calls).toBe(2);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-10T10:00:00Z');
    expect(retryAfterMs({ 'retry-after': '2' }, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'Tue, 10 Mar 2026 10:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });

  it('gives up on an answer that arrives too slowly, even after its headers', async () => {
    // Headers at once, then the body a byte every 200 ms: the time limit covers the whole answer.
    const srv = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const body = JSON.stringify(
          completion('{"stage":"peak","stage_evidence":"","themes":[],"why_it_matters":""}'),
        );
        let i = 0;
        const t = setInterval(() => {
          if (res.destroyed || i >= body.length) {
            clearInterval(t);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(body[i++]!);
        }, 200);
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    onCleanup(
      () =>
        new Promise<void>((r) => {
          srv.closeAllConnections();
          srv.close(() => r());
        }),
    );
    const port = (srv.address() as AddressInfo).port;
    const round = model(db(), `http://127.0.0.1:${port}/v1`, { HORIZON_LLM_TIMEOUT_MS: '800' }).startRound();
    const started = Date.now();
    expect(await round.answers([ITEM])).toEqual([null]);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(round.stats().fellBack).toEqual({ timeout: 1 });
  });

  it('stops the whole round at HORIZON_LLM_SCAN_BUDGET_MS', async () => {
    const s = await server(() => ({
      json: completion('{"stage":"peak","stage_evidence":"","themes":[],"why_it_matters":""}'),
      delayMs: 700,
    }));
    const items = Array.from({ length: 5 }, (_, i) => ({ ...ITEM, title: `${ITEM.title} ${i}` }));
    const round = model(db(), s.baseUrl, {
      HORIZON_LLM_SCAN_BUDGET_MS: '1000',
      HORIZON_LLM_CONCURRENCY: '1',
    }).startRound();
    const started = Date.now();
    const answers = await round.answers(items);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(answers[0]?.stage).toBe('peak');
    expect(answers.slice(2).every((a) => a === null)).toBe(true);
    expect(round.stats().fellBack.budget).toBeGreaterThanOrEqual(3);
  });
});
