import type { Store } from '../store/index.js';
import type { Topic } from '../store/topics.js';
import { extractTopics } from './extract.js';

export { extractTopics, loadTopicModel, topicSlug, type ExtractedTopic } from './extract.js';

/** Finds the topics an item names and links them to it. Ingest calls this once per stored item. */
export function linkItemTopics(
  store: Store,
  item: { id: number; title: string; summary: string },
  now = new Date().toISOString(),
): Topic[] {
  return store.topics.assign(item.id, extractTopics(item.title, item.summary), now);
}
