import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';

const root = projectPath();
const SQL =
  /\b(?:SELECT\s+(?:\*|[\w.]+\s*(?:,|AS|FROM))|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX))/;
const HANDLE = /\.(?:prepare|pragma)\(|from 'better-sqlite3'/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

describe('one store', () => {
  it('has all SQL, and the only database handle, under src/store/', () => {
    const files = ['src', 'app', 'adapters'].flatMap((d) => sources(join(root, d)));
    expect(files.length).toBeGreaterThan(100);
    const outside = files
      .map((f) => relative(root, f))
      .filter((f) => !f.startsWith(join('src', 'store')))
      .filter((f) => {
        const text = readFileSync(join(root, f), 'utf8');
        return SQL.test(text) || HANDLE.test(text);
      });
    expect(outside).toEqual([]);
  });

  it('would notice a query written elsewhere', () => {
    expect(SQL.test("db.prepare('SELECT id FROM items')")).toBe(true);
    expect(SQL.test('UPDATE items SET topics_linked_at = ?')).toBe(true);
    expect(HANDLE.test("import Database from 'better-sqlite3';")).toBe(true);
    expect(SQL.test('Select the items that matter')).toBe(false);
  });
});
