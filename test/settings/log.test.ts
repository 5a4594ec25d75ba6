import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';

function capture(isTTY: boolean, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const log = createLogger('info', { target: { isTTY, write: (t: string) => lines.push(t) }, env });
  log.warn({ feedId: 3, token: 'xoxb-secret' }, 'feed failed');
  return lines.join('');
}

describe('log lines', () => {
  it('are read by a person on a terminal: no raw JSON', () => {
    const text = capture(true);
    expect(text).toMatch(/^\d\d:\d\d:\d\d warn {2}feed failed \(feedId=3, token=\[redacted\]\)\n$/);
    expect(text).not.toContain('{');
    expect(text).not.toContain('xoxb-secret');
  });

  it('are JSON when piped, in production, or when asked', () => {
    expect(JSON.parse(capture(false))).toMatchObject({ msg: 'feed failed', feedId: 3, level: 40 });
    expect(JSON.parse(capture(true, { NODE_ENV: 'production' }))).toMatchObject({ msg: 'feed failed' });
    expect(JSON.parse(capture(true, { HORIZON_LOG_FORMAT: 'json' }))).toMatchObject({ msg: 'feed failed' });
    expect(capture(false, { HORIZON_LOG_FORMAT: 'pretty' })).toMatch(/warn {2}feed failed/);
  });
});
