import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reason } from '../../src/domain.js';
import { contentHash, storyKey } from '../../src/ingest/identity.js';
import { openDb } from '../../src/store/db.js';
import { keyHash } from '../../src/store/hashes.js';
import { storeOn } from '../../src/store/index.js';
import { bodyJson, packBody, unpackBody } from '../../src/store/item-body.js';
import { projectPath } from '../../src/paths.js';
import { loadMigrations, migrate } from '../../src/store/migrate.js';

const TITLE = 'Government launches consultation on the future of social care funding';
const SUMMARY =
  'The Department of Health and Social Care has opened a consultation on how adult social care is funded. Responses close on 30 March 2026.';
const REASONS: Reason[] = [
  { kind: 'stage', target: 'trigger', weight: 1.2, text: 'the taxonomy\'s trigger signals ("consultation")' },
  { kind: 'theme', target: 'social-care', weight: 2.1, text: '"social care" in title' },
  { kind: 'source', text: 'from a policy feed' },
];

describe('lean items (migration 080)', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves items stored before into the lean table, every field read back as it was', () => {
    const file = join((dir = mkdtempSync(join(tmpdir(), 'horizon-lean-'))), 'h.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(
      old,
      loadMigrations().filter((m) => m.version < 80),
    );
    const feed = (url: string) =>
      Number(
        old
          .prepare(
            "INSERT INTO feeds (url, title, kind, added_by, added_at) VALUES (?, 'F', 'policy', 'x', '2026-01-01')",
          )
          .run(url).lastInsertRowid,
      );
    const a = feed('https://example.org/a.xml');
    const b = feed('https://example.org/b.xml');
    const link = 'https://www.gov.uk/government/consultations/social-care-funding';
    const parsed = {
      title: TITLE,
      summary: SUMMARY,
      link,
      publishedAt: '2026-02-03T10:00:00.000Z',
      categories: ['Care'],
    };
    const insert =
      old.prepare(`INSERT INTO items (feed_id, item_key, title, summary, link, canonical_url, story_key,
        categories, published_at, first_seen_at, effective_at, updated_at, content_hash, stage, confidence, themes,
        reasons, topics_linked_at, rank_score, coverage)
      VALUES (@feed, @key, @title, @summary, @link, @canonical, @story, @categories, @published, @seen, @effective,
        @seen, @hash, 'trigger', 0.7, '["social-care"]', @reasons, @linked, 2.5, 2)`);
    const row = (over: Record<string, unknown>) => ({
      feed: a,
      key: `guid:${link}`,
      title: TITLE,
      summary: SUMMARY,
      link,
      canonical: link,
      story: storyKey({ canonicalUrl: link, title: TITLE }),
      categories: '["Care"]',
      published: parsed.publishedAt,
      seen: '2026-02-04T08:00:00.000Z',
      effective: parsed.publishedAt,
      hash: contentHash(parsed),
      // Stored before migration 070: reasons as whole objects.
      reasons: JSON.stringify(REASONS),
      linked: '2026-02-04T08:00:00.000Z',
      ...over,
    });
    const dated = Number(insert.run(row({})).lastInsertRowid);
    const undated = Number(
      insert.run(
        row({
          feed: b,
          key: 'hash:0123456789abcdef',
          link: null,
          canonical: null,
          published: null,
          effective: '2026-02-05T09:30:00.000Z',
          seen: '2026-02-05T09:30:00.000Z',
          categories: '[]',
          reasons: '[]',
          linked: null,
        }),
      ).lastInsertRowid,
    );
    // Same story in a second feed.
    const copy = Number(insert.run(row({ feed: b, key: `url:${link}` })).lastInsertRowid);
    old
      .prepare(
        "INSERT INTO corrections (item_id, kind, value, platform, user_id, created_at) VALUES (?, 'stage', 'peak', 'slack', 'U1', '2026-02-06')",
      )
      .run(dated);
    old.close();

    const store = storeOn(openDb(file));
    const item = store.items.get(dated)!;
    expect(item).toMatchObject({
      key: `guid:${link}`,
      title: TITLE,
      summary: SUMMARY,
      link,
      canonicalUrl: link,
      publishedAt: parsed.publishedAt,
      firstSeenAt: '2026-02-04T08:00:00.000Z',
      effectiveAt: parsed.publishedAt,
      categories: ['Care'],
      tagging: { stage: 'trigger', confidence: 0.7, themes: ['social-care'], reasons: REASONS },
    });
    expect(store.items.get(copy)!.key).toBe(`url:${link}`);
    expect(store.items.get(undated)).toMatchObject({
      key: 'hash:0123456789abcdef',
      link: null,
      canonicalUrl: null,
      publishedAt: null,
      firstSeenAt: '2026-02-05T09:30:00.000Z',
      effectiveAt: '2026-02-05T09:30:00.000Z',
      categories: [],
    });
    // The story is still one story across the two feeds, found through its hash.
    expect(store.items.get(copy)!.storyKey).toBe(item.storyKey);
    expect(store.items.storyCoverage(item.storyKey)).toBe(2);
    // The same version of the same item is known, so a poll does not store it again; an edit is noticed.
    expect(store.items.changedKeys(a, [{ key: `guid:${link}`, contentHash: contentHash(parsed) }]).size).toBe(
      0,
    );
    expect(
      store.items.changedKeys(a, [
        { key: `guid:${link}`, contentHash: contentHash({ ...parsed, title: 'New' }) },
      ]).size,
    ).toBe(1);
    // Rows that refer to items kept them: replacing the table deleted nothing through foreign keys.
    expect(store.corrections.examples().map((c) => c.itemId)).toEqual([dated]);
    expect(store.items.unlinked(10).map((u) => u.id)).toEqual([undated]);
    expect(store.quickCheck()).toBe('ok');
    store.close();
  });

  it('moves two items of one feed whose keys share a hash into slots of their own, both kept', () => {
    // Two keys with the same 47-bit hash, found by searching (see test/store/key-clash.test.ts).
    const [k1, k2] = ['https://example.org/item/8772581', 'https://example.org/item/9126988'];
    expect(keyHash(k1)).toBe(keyHash(k2));
    const file = join((dir = mkdtempSync(join(tmpdir(), 'horizon-lean-'))), 'h.db');
    const old = new Database(file);
    migrate(
      old,
      loadMigrations().filter((m) => m.version < 80),
    );
    const f = Number(
      old
        .prepare(
          "INSERT INTO feeds (url, title, kind, added_by, added_at) VALUES ('https://example.org/f.xml', 'F', 'funding', 'x', '2026-01-01')",
        )
        .run().lastInsertRowid,
    );
    const insert = old.prepare(`INSERT INTO items (feed_id, item_key, title, summary, link, canonical_url,
        story_key, categories, published_at, first_seen_at, effective_at, updated_at, content_hash, stage,
        confidence, themes, reasons, rank_score, coverage)
      VALUES (?, ?, ?, '', ?, ?, ?, '[]', '2026-02-03T10:00:00.000Z', '2026-02-03T10:00:00.000Z',
        '2026-02-03T10:00:00.000Z', '2026-02-03T10:00:00.000Z', ?, 'slope', 0.6, '[]', '[]', 1, 1)`);
    const parsedOf = (title: string, link: string) => ({
      title,
      summary: '',
      link,
      publishedAt: null,
      categories: [],
    });
    const ids = [
      ['Community grants open', k1],
      ['Youth fund closes early', k2],
    ].map(([title, key]) =>
      Number(
        insert.run(
          f,
          key,
          title,
          key,
          key,
          storyKey({ canonicalUrl: key!, title: title! }),
          contentHash(parsedOf(title!, key!)),
        ).lastInsertRowid,
      ),
    );
    old.close();

    const store = storeOn(openDb(file));
    expect(ids.map((id) => store.items.get(id)!.title)).toEqual([
      'Community grants open',
      'Youth fund closes early',
    ]);
    // Each is found as itself afterwards: the same version is not new, an edit of either is noticed.
    const same = [
      { key: k1, contentHash: contentHash(parsedOf('Community grants open', k1)) },
      { key: k2, contentHash: contentHash(parsedOf('Youth fund closes early', k2)) },
    ];
    expect(store.items.changedKeys(f, same).size).toBe(0);
    expect([
      ...store.items.changedKeys(f, [{ ...same[1]!, contentHash: contentHash(parsedOf('Edited', k2)) }]),
    ]).toEqual([k2]);
    expect(store.quickCheck()).toBe('ok');
    store.close();
  });

  it('reads back exactly what it packed, compressed or not', () => {
    const cases = [
      { key: 'https://example.org/x', link: 'https://example.org/x', canonicalUrl: 'https://example.org/x' },
      {
        key: 'guid:https://example.org/x',
        link: 'https://example.org/x',
        canonicalUrl: 'https://example.org/y',
      },
      {
        key: 'url:https://example.org/y',
        link: 'https://example.org/x?utm=1',
        canonicalUrl: 'https://example.org/y',
      },
      { key: 'guid:abc', link: null, canonicalUrl: null },
    ];
    for (const c of cases) {
      for (const summary of [SUMMARY, '']) {
        const words = { ...c, title: TITLE, summary, categories: c.link ? [] : ['A', 'B'], reasons: REASONS };
        const body = packBody(words);
        expect(unpackBody(body)).toEqual(words);
      }
    }
    const long = packBody({ ...cases[0]!, title: TITLE, summary: SUMMARY, categories: [], reasons: REASONS });
    expect(long[0]).toBe(2);
    expect(long.length).toBeLessThan((TITLE + SUMMARY).length);
    expect(() => unpackBody(Buffer.of(9, 1, 2))).toThrow(/unknown format 9/);
    // A body written in format 1 (its own dictionary, a 32 KiB window) is still read.
    const words = { ...cases[1]!, title: TITLE, summary: SUMMARY, categories: [], reasons: REASONS };
    const format1 = Buffer.concat([
      Buffer.of(1),
      deflateRawSync(Buffer.from(bodyJson(words)), {
        dictionary: readFileSync(projectPath('src', 'store', 'dictionaries', 'body-1.txt')),
      }),
    ]);
    expect(unpackBody(format1)).toEqual(words);
  });
});
