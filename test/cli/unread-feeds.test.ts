import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHorizon as horizon } from '../support/cli.js';

describe('feeds that cannot be reached, or were never read', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('explains --no-validate when no feed in the file could be fetched, and status does not call unread feeds OK', async () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-offline-'));
    // Port 9 on this machine: nothing listens, as for a machine that cannot reach the feeds.
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Feeds</title></head><body>
      <outline type="rss" text="One" xmlUrl="http://127.0.0.1:9/one.rss"/>
      <outline type="rss" text="Two" xmlUrl="http://127.0.0.1:9/two.rss"/></body></opml>`;
    const file = join(dir, 'feeds.opml');
    writeFileSync(file, opml);
    const env = {
      HORIZON_DB: join(dir, 'h.db'),
      HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      HORIZON_FETCH_TIMEOUT_MS: '2000',
    };

    const checked = await horizon(['feeds', 'import', file], env);
    expect(checked.code).toBe(1);
    expect(checked.text).toContain('Imported 0 feeds; skipped 2.');
    expect(checked.text).toContain(`horizon feeds import ${file} --no-validate`);

    const unchecked = await horizon(['feeds', 'import', file, '--no-validate'], env);
    expect(unchecked.code).toBe(0);
    expect(unchecked.text).toContain('Imported 2 feeds');
    expect(unchecked.text).not.toContain('--no-validate');

    const status = await horizon(['status'], env);
    expect(status.text).not.toContain('All 2 feeds OK');
    expect(status.text).toContain('2 of 2 feeds not read yet');
  });
});
