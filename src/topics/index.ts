import type { Db } from '../store/db.js';
import { extractTopics } from './extract.js';
import { type Topic, assignTopics } from './store.js';

export { extractTopics, topicSlug, type ExtractedTopic } from './extract.js';
export * from './store.js';

/** Finds the topics an item names and links them to it. Ingest calls this once per stored item. */
export function linkItemTopics(
  db: Db,
  item: { id: number; title: string; summary: string },
  now = new Date().toISOString(),
): Topic[] {
  return assignTopics(db, item.id, extractTopics(item.title, item.summary), now);
}
