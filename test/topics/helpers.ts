import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stage } from '../../src/domain.js';
import Database from 'better-sqlite3';
import { createStore, type Store } from '../../src/store/index.js';
import { packBody } from '../../src/store/item-body.js';

type Db = Database.Database;

/**
 * A fresh store on a temp file, and the same file opened directly (`db`) so tests can lay down rows
 * the way ingest would have; `close` removes it.
 */
export function tempDb(): { db: Db; store: Store; close: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-topics-'));
  const store = createStore(join(dir, 'horizon.db'));
  const db = new Database(join(dir, 'horizon.db'));
  return {
    db,
    store,
    close: () => {
      db.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addFeedRow(db: Db, url = 'https://www.gov.uk/government/organisations/dhsc.atom'): number {
  return Number(
    db
      .prepare(
        "INSERT INTO feeds (url, title, kind, added_by, added_at) VALUES (?, 'DHSC', 'policy', 'test', ?)",
      )
      .run(url, '2026-01-01T00:00:00.000Z').lastInsertRowid,
  );
}

export interface ItemSpec {
  title?: string;
  /** ISO date or datetime; the item's effective_at. */
  at: string;
  stage?: Stage;
  confidence?: number;
  correctedStage?: Stage | null;
  themes?: string[];
  notRelevant?: boolean;
}

let counter = 0;

/** Inserts an item row as ingest would store it, with only the fields topics care about set. */
export function addItem(db: Db, feedId: number, spec: ItemSpec): number {
  counter += 1;
  const at = spec.at.length === 10 ? `${spec.at}T09:00:00.000Z` : spec.at;
  return Number(
    db
      .prepare(
        `INSERT INTO items (feed_id, key_hash, story_hash, effective_at, content_hash, stage, confidence,
           themes, corrected_stage, not_relevant, body)
         VALUES (@feedId, @key, @key, @at, @key, @stage, @confidence, @themes, @corrected, @notRelevant, @body)`,
      )
      .run({
        feedId,
        key: counter,
        body: packBody({
          key: `item-${counter}`,
          title: spec.title ?? `Item ${counter}`,
          summary: '',
          link: null,
          canonicalUrl: null,
          categories: [],
          reasons: [],
        }),
        at,
        stage: spec.stage ?? 'unknown',
        confidence: spec.confidence ?? 0.6,
        themes: JSON.stringify(spec.themes ?? []),
        corrected: spec.correctedStage ?? null,
        notRelevant: spec.notRelevant ? 1 : 0,
      }).lastInsertRowid,
  );
}

export const topic = (name: string, slug: string) => ({ name, slug });
