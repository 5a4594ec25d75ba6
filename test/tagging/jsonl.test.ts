import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTagger } from '../../src/tagging/index.js';
import { tagJsonLines } from '../../src/tagging/jsonl.js';

const tagger = createTagger();

async function run(
  lines: string[],
): Promise<{ result: { count: number; errors: number }; out: Record<string, unknown>[] }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  const result = await tagJsonLines(Readable.from([lines.join('\n') + '\n']), output, tagger);
  output.end();
  const out = Buffer.concat(chunks)
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { result, out };
}

describe('horizon tag --jsonl', () => {
  it('writes one tagged line per item with id, stage, themes, confidence and reasons', async () => {
    const { result, out } = await run([
      JSON.stringify({
        id: 'a',
        title: 'Homelessness strategy delayed',
        summary: 'Charities criticised the delay.',
      }),
      JSON.stringify({ id: 'b', title: 'Call for evidence on carers', summary: '' }),
    ]);
    expect(result).toEqual({ count: 2, errors: 0 });
    expect(out[0]).toMatchObject({ id: 'a', stage: 'trough', themes: expect.arrayContaining(['housing']) });
    expect(out[0]!.confidence).toBeGreaterThan(0);
    expect(out[0]!.reasons).toContainEqual(
      expect.objectContaining({ kind: 'stage', text: '"delayed" in title' }),
    );
    expect(out[1]).toMatchObject({ id: 'b', stage: 'trigger' });
  });

  it('answers a malformed line with an error line and carries on', async () => {
    const { result, out } = await run([
      '{"id": "x", "title": "Pilot launched"',
      '[1, 2]',
      JSON.stringify({ id: 'empty' }),
      JSON.stringify({ id: 'ok', title: 'Pilot for family hubs', summary: '' }),
    ]);
    expect(result).toEqual({ count: 1, errors: 3 });
    expect(out[0]).toEqual({ id: null, error: expect.stringMatching(/^line 1 is not valid JSON/) });
    expect(out[1]).toEqual({ id: null, error: expect.stringMatching(/^line 2 is not a JSON object/) });
    expect(out[2]).toEqual({ id: 'empty', error: 'line 3 has no "title" or "summary" text to tag' });
    expect(out[3]).toMatchObject({ id: 'ok', stage: 'slope' });
  });

  it('adds the deadline and amount of a funding call', async () => {
    const { out } = await run([
      JSON.stringify({
        id: 'f',
        title: 'Community grants',
        summary: 'Grants of up to £5,000. The closing date is 14 March 2025.',
        published: '2025-01-10',
      }),
    ]);
    expect(out[0]).toMatchObject({
      deadline: { date: '2025-03-14', text: 'closing date is 14 March 2025' },
      amount: { value: 5000, text: 'Grants of up to £5,000' },
    });
  });
});
