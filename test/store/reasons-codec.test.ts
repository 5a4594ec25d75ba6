import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { Reason } from '../../src/domain.js';
import { projectPath } from '../../src/paths.js';
import { decodeReasons, encodeReasons } from '../../src/store/reasons-codec.js';
import { createTagger } from '../../src/tagging/index.js';

const items = readFileSync(projectPath('eval', 'labels.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .slice(0, 120)
  .map((l) => JSON.parse(l) as { title: string; summary: string; source_kind: 'policy' });

describe('stored reasons', () => {
  const tagger = createTagger();
  const tagged = items.map((i) => ({
    ctx: { title: i.title, summary: i.summary },
    reasons: tagger.tag({ title: i.title, summary: i.summary, feedKind: i.source_kind }).reasons,
  }));

  it('decode to exactly the reasons the tagger wrote, for real items, in far fewer bytes', () => {
    let json = 0;
    let compact = 0;
    for (const { ctx, reasons } of tagged) {
      const stored = encodeReasons(reasons, ctx);
      expect(decodeReasons(stored, ctx)).toEqual(reasons);
      json += JSON.stringify(reasons).length;
      compact += stored.length;
    }
    expect(tagged.some((t) => t.reasons.length > 0)).toBe(true);
    expect(compact).toBeLessThan(json * 0.5);
  });

  it('keep text they cannot shorten, odd targets, and reasons with no title at hand', () => {
    const odd: Reason[] = [
      { kind: 'correction', text: 'Changed by an editor on 3 March', target: 'peak' },
      {
        kind: 'stage',
        text: 'the taxonomy\'s peak signals ("a, b", "c")',
        target: 'trigger',
        weight: 0.123456,
      },
      { kind: 'theme', text: '"Missing" in title', target: 'housing', weight: 1 },
      { kind: 'model', text: 'from a news feed' },
    ];
    const ctx = { title: 'A title', summary: 'A summary' };
    expect(decodeReasons(encodeReasons(odd, ctx), ctx)).toEqual(odd);
    expect(decodeReasons(encodeReasons(odd, null), ctx)).toEqual(odd);
  });

  it('migration 070 turns rows of reason objects into the compact form, read back the same', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT, summary TEXT, reasons TEXT)');
    const insert = db.prepare('INSERT INTO items (title, summary, reasons) VALUES (?, ?, ?)');
    for (const { ctx, reasons } of tagged) insert.run(ctx.title, ctx.summary, JSON.stringify(reasons));
    const before = db.prepare('SELECT sum(length(reasons)) AS n FROM items').get() as { n: number };
    db.exec(readFileSync(projectPath('migrations', '070_compact_reasons.sql'), 'utf8'));
    const rows = db.prepare('SELECT title, summary, reasons FROM items ORDER BY id').all() as {
      title: string;
      summary: string;
      reasons: string;
    }[];
    rows.forEach((r, i) => {
      expect(r.reasons.startsWith('[{')).toBe(false);
      expect(decodeReasons(r.reasons, r)).toEqual(tagged[i]!.reasons);
    });
    const after = db.prepare('SELECT sum(length(reasons)) AS n FROM items').get() as { n: number };
    expect(after.n).toBeLessThan(before.n);
  });
});
