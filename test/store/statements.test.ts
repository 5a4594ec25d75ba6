import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('prepared statements', () => {
  it('compiles each SQL text once per connection and answers as a fresh statement would', () => {
    const dir = mkdtempSync(join(tmpdir(), 'horizon-statements-'));
    dirs.push(dir);
    const db = openDb(join(dir, 'h.db'));
    const sql = 'SELECT COUNT(*) AS n FROM feeds WHERE url = ?';
    expect(db.prepare(sql)).toBe(db.prepare(sql));
    expect(db.prepare(sql).get('https://example.org/')).toEqual({ n: 0 });
    db.prepare("INSERT INTO feeds (url, added_by, added_at) VALUES (?, 'test', '2026-03-10T09:00:00Z')").run(
      'https://example.org/',
    );
    expect(db.prepare(sql).get('https://example.org/')).toEqual({ n: 1 });
    // Another connection compiles its own.
    const other = openDb(join(dir, 'h.db'));
    expect(other.prepare(sql)).not.toBe(db.prepare(sql));
    other.close();
    db.close();
  });
});
