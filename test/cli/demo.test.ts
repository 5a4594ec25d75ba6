import { PassThrough } from 'node:stream';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runDemo } from '../../app/demo.js';

function capture(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString('utf8');
}

describe('the offline demo', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a full agenda from the bundled real feeds, with stages, tactics, a deadline and the chart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-demo-'));
    const out = new PassThrough();
    const err = new PassThrough();
    const read = capture(out);
    const readErr = capture(err);
    const code = await runDemo(
      { out, err, env: { HORIZON_LOG_LEVEL: 'silent' } },
      { dbPath: join(dir, 'demo.db') },
    );
    const text = read();

    expect(code).toBe(0);
    expect(readErr()).toMatch(/Read \d+ feeds: \d+ items stored/);
    expect(text).toMatch(/^# Horizon scan: July 2020/);
    const items = text.match(/^### \d+\. /gm) ?? [];
    expect(items.length).toBeGreaterThanOrEqual(8);
    const stages =
      text.match(
        /^## (Policy trigger|Peak of inflated expectations|Trough of disillusionment|Slope of enlightenment|Plateau of productivity)$/gm,
      ) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(text.match(/^> Tactic: .+/gm)?.length).toBe(
      text.match(/^## (Policy|Peak|Trough|Slope|Plateau|Worth)/gm)?.length,
    );
    expect(text).toMatch(/## Funding closing\n\n- \*\*\d{1,2} \w{3} 2020 \(in \d+ days\)\*\*/);
    // Every item has its discussion prompt.
    expect((text.match(/^↳ \*\*Discuss:\*\* .+\?$/gm) ?? []).length).toBe(items.length);
    expect(existsSync(join(dir, 'charts', 'hype-cycle-2020-07.png'))).toBe(true);
    // A replay never shows the future: this item was published on 27 July 2020, after the replayed moment.
    expect(text).not.toContain('Funding to Support Mental Health and Wellbeing of UK Veterans');
    // Undated snapshot items that say they are old are not this month's news; closed calls never show as open.
    expect(text).not.toContain('Integrated care pioneers announced');
    expect(text).not.toContain('Postcode Local Trust to re-open in January 2017');
    expect(text).not.toMatch(/Closes \d{1,2} \w{3} (19|20[01])\d/);
    expect(text).not.toContain('Sport England Pauses Applications');
  });
});
