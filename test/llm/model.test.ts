import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answerReply, completion, errorReply, openAiServer, type OpenAiServer } from './openai-server.js';
import { capturedLogger, cleanup, dbAt, KEY, model, onCleanup, tempDir } from './helpers.js';

afterEach(cleanup);

const ITEM = {
  title: 'Government launches consultation on the future of adult social care funding',
  summary:
    'The Department of Health and Social Care has opened a 12-week consultation on how care is paid for.',
  feedKind: 'policy' as const,
};

async function server(handler: Parameters<typeof openAiServer>[0]): Promise<OpenAiServer> {
  const s = await openAiServer(handler);
  onCleanup(() => s.close());
  return s;
}

function db() {
  return dbAt(join(tempDir(), 'horizon.db'));
}

describe('the language model against an OpenAI-compatible server', () => {
  it('sends the documented request and reads a valid answer', async () => {
    const s = await server(() =>
      answerReply({
        stage: 'trigger',
        stage_evidence: 'opened a 12-week consultation',
        themes: ['social-care'],
        why_it_matters: 'Care funding decides what councils can commission from us.',
      }),
    );
    const round = model(db(), s.baseUrl).startRound();
    const [answer] = await round.answers([ITEM]);
    expect(answer).toEqual({
      stage: 'trigger',
      stageEvidence: 'opened a 12-week consultation',
      themes: ['social-care'],
      whyItMatters: 'Care funding decides what councils can commission from us.',
    });
    const req = s.requests[0]!;
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body.model).toBe('gpt-4o-mini');
    expect(req.body.response_format?.type).toBe('json_schema');
    expect(req.body.response_format?.json_schema?.strict).toBe(true);
    const schema = req.body.response_format?.json_schema?.schema as {
      properties: { themes: { items: { enum: string[] } }; stage: { enum: string[] } };
      additionalProperties: boolean;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.stage.enum).toEqual([
      'trigger',
      'peak',
      'trough',
      'slope',
      'plateau',
      'unknown',
    ]);
    expect(schema.properties.themes.items.enum).toContain('social-care');
    expect(req.item).toMatchObject({ title: ITEM.title, source_kind: 'policy' });
    expect(round.stats()).toMatchObject({ calls: 1, answered: 1, cached: 0 });
  });

  it.each([
    ['a body that is not JSON', { raw: '{"id": "chatcmpl-1", "choices": [' }, 'malformed'],
    ['content that is not JSON', { json: completion('The stage is trigger.') }, 'malformed'],
    [
      'an envelope without choices',
      { json: { id: 'x', object: 'chat.completion', choices: [] } },
      'malformed',
    ],
    [
      'an answer cut off by the token limit',
      { json: completion('{"stage": "tri', { finishReason: 'length' }) },
      'malformed',
    ],
    ['a refusal', { json: completion(null, { refusal: "I'm sorry, I cannot help with that." }) }, 'refusal'],
    ['a stage outside the schema', answerReply({ stage: 'hype' }), 'schema'],
    ['a theme outside the taxonomy', answerReply({ stage: 'peak', themes: ['everything'] }), 'schema'],
    ['a field the schema does not have', answerReply({ stage: 'peak', post_to: '#general' }), 'schema'],
    ['a missing field', { json: completion(JSON.stringify({ stage: 'peak', themes: [] })) }, 'schema'],
  ])('falls back on %s, and never asks about the same text again', async (_what, reply, reason) => {
    const s = await server(() => reply);
    const store = db();
    const round = model(store, s.baseUrl).startRound();
    expect(await round.answers([ITEM])).toEqual([null]);
    expect(round.stats().fellBack).toEqual({ [reason]: 1 });
    const again = model(store, s.baseUrl).startRound();
    expect(await again.answers([ITEM])).toEqual([null]);
    expect(again.stats()).toMatchObject({ calls: 0, fellBack: { 'cached-invalid': 1 } });
    expect(s.requests).toHaveLength(1);
  });

  it('honours a 429 Retry-After within the budget, then uses the answer', async () => {
    const s = await server((_req, n) =>
      n === 1
        ? errorReply(
            429,
            'Rate limit reached for gpt-4o-mini on requests per min (RPM).',
            'rate_limit_exceeded',
            {
              'retry-after': '1',
            },
          )
        : answerReply({ stage: 'trough', stage_evidence: 'delayed again', themes: [] }),
    );
    const round = model(db(), s.baseUrl).startRound();
    const started = Date.now();
    const [answer] = await round.answers([ITEM]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(answer?.stage).toBe('trough');
    expect(round.stats()).toMatchObject({ calls: 2, answered: 1 });
  });

  it('does not wait for a Retry-After longer than the scan budget; the local tagger decides', async () => {
    const s = await server(() =>
      errorReply(429, 'Rate limit reached', 'rate_limit_exceeded', { 'retry-after': '3600' }),
    );
    const round = model(db(), s.baseUrl, { HORIZON_LLM_SCAN_BUDGET_MS: '5000' }).startRound();
    const started = Date.now();
    expect(await round.answers([ITEM])).toEqual([null]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(round.stats()).toMatchObject({ calls: 1, fellBack: { 'rate-limited': 1 } });
  });

  it('falls back on a 500 and asks again in a later scan (a server error is not remembered)', async () => {
    const s = await server((_req, n) =>
      n === 1
        ? errorReply(500, 'The server had an error while processing your request.', null)
        : answerReply({ stage: 'plateau' }),
    );
    const store = db();
    const first = model(store, s.baseUrl).startRound();
    expect(await first.answers([ITEM])).toEqual([null]);
    expect(first.stats().fellBack).toEqual({ 'http-status': 1 });
    expect(store.llmAnswers.count()).toBe(0);
    const second = model(store, s.baseUrl).startRound();
    expect((await second.answers([ITEM]))[0]?.stage).toBe('plateau');
  });

  it('gives up on a slow answer at the per-call timeout', async () => {
    const s = await server(() => ({ ...answerReply({ stage: 'peak' }), delayMs: 3000 }));
    const round = model(db(), s.baseUrl, { HORIZON_LLM_TIMEOUT_MS: '500' }).startRound();
    const started = Date.now();
    expect(await round.answers([ITEM])).toEqual([null]);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2000);
    expect(round.stats().fellBack).toEqual({ timeout: 1 });
  });

  it('refuses an answer larger than HORIZON_LLM_MAX_BYTES', async () => {
    const huge = answerReply({ stage: 'peak', why_it_matters: 'x'.repeat(20_000) });
    const s = await server(() => huge);
    const round = model(db(), s.baseUrl, { HORIZON_LLM_MAX_BYTES: '4096' }).startRound();
    expect(await round.answers([ITEM])).toEqual([null]);
    expect(round.stats().fellBack).toEqual({ 'too-large': 1 });
  });

  it('stops at the per-scan budget of calls; the next scan has a fresh budget', async () => {
    const s = await server(() => answerReply({ stage: 'slope' }));
    const store = db();
    const items = ['one', 'two', 'three'].map((w) => ({ ...ITEM, title: `${ITEM.title} ${w}` }));
    const lm = model(store, s.baseUrl, { HORIZON_LLM_CALLS_PER_SCAN: '2', HORIZON_LLM_CONCURRENCY: '1' });
    const round = lm.startRound();
    const answers = await round.answers(items);
    expect(answers.filter(Boolean)).toHaveLength(2);
    expect(round.stats()).toMatchObject({ calls: 2, answered: 2, fellBack: { budget: 1 } });
    const next = lm.startRound();
    expect((await next.answers(items)).every(Boolean)).toBe(true);
    expect(next.stats()).toMatchObject({ calls: 1, cached: 2 });
  });

  it('stops asking for the round after three failures in a row, so a dead server costs little', async () => {
    const s = await server(() => errorReply(503, 'Service Unavailable', null));
    const items = Array.from({ length: 6 }, (_, i) => ({ ...ITEM, title: `${ITEM.title} ${i}` }));
    const round = model(db(), s.baseUrl, { HORIZON_LLM_CONCURRENCY: '1' }).startRound();
    expect((await round.answers(items)).every((a) => a === null)).toBe(true);
    expect(s.requests).toHaveLength(3);
    expect(round.stats().fellBack).toEqual({ 'http-status': 3, off: 3 });
  });

  it('never asks twice for the same text, even after a restart', async () => {
    const s = await server(() => answerReply({ stage: 'trigger', themes: ['social-care'] }));
    const path = join(tempDir(), 'horizon.db');
    const first = dbAt(path);
    expect((await model(first, s.baseUrl).startRound().answers([ITEM]))[0]?.stage).toBe('trigger');
    first.close();
    const reopened = dbAt(path);
    const round = model(reopened, s.baseUrl).startRound();
    expect((await round.answers([ITEM]))[0]).toMatchObject({ stage: 'trigger', themes: ['social-care'] });
    expect(round.stats()).toMatchObject({ calls: 0, cached: 1 });
    expect(s.requests).toHaveLength(1);
  });

  it('refuses a loopback address that is not allow-listed, without sending anything', async () => {
    const s = await server(() => answerReply({ stage: 'peak' }));
    const { log, lines } = capturedLogger();
    const round = model(
      db(),
      s.baseUrl,
      { HORIZON_ALLOW_PRIVATE_HOSTS: '', HORIZON_LLM_CONCURRENCY: '1' },
      log,
    ).startRound();
    expect(await round.answers([ITEM, { ...ITEM, title: 'Another' }])).toEqual([null, null]);
    expect(s.requests).toHaveLength(0);
    expect(round.stats().fellBack).toEqual({ 'refused-url': 1, off: 1 });
    expect(lines.join('')).toMatch(/HORIZON_ALLOW_PRIVATE_HOSTS/);
  });

  it('never logs the API key or the Authorization header', async () => {
    const s = await server((_req, n) =>
      n === 1
        ? errorReply(401, `Incorrect API key provided: ${KEY.slice(0, 6)}****.`, 'invalid_api_key')
        : answerReply({ stage: 'peak' }),
    );
    const { log, lines } = capturedLogger();
    const round = model(db(), s.baseUrl, {}, log).startRound();
    await round.answers([ITEM]);
    const text = lines.join('\n');
    expect(text).toMatch(/HORIZON_LLM_API_KEY/);
    expect(text).not.toContain(KEY);
    expect(text.toLowerCase()).not.toContain('bearer');
    expect(text.toLowerCase()).not.toContain('authorization');
  });
});
