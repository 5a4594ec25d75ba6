import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { openDb } from '../../src/store/db.js';

const run = promisify(execFile);
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('a new database file', () => {
  it('is never left empty and leaves nothing beside it', () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-create-'));
    const path = join(dir, 'horizon.db');
    openDb(path).close();
    expect(statSync(path).size).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.includes('.new'))).toEqual([]);
  });

  it('opens in several processes starting at once on the same new path, none taking it for a damaged one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'horizon-create-'));
    const path = join(dir, 'horizon.db');
    const open = () =>
      run(process.execPath, [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { openDb } = await import(${JSON.stringify(projectPath('src', 'store', 'db.ts'))});
         openDb(${JSON.stringify(path)}).close();`,
      ]);
    await Promise.all([open(), open(), open(), open()]);
    const db = openDb(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(readdirSync(dir).filter((f) => f.includes('.new'))).toEqual([]);
  });
});
