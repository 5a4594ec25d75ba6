// The test slice: fixed by a hash of the id, drawn only from the new labelled items
// (eval/data/uk-items-labelled.jsonl), and written down before anything was tuned on them. Every item
// in eval/labels.jsonl has been looked at while writing rules, so none of those is ever test data.
import { createHash } from 'node:crypto';

/** Share of the new items, in percent, that the test slice takes. */
export const TEST_PERCENT = 30;

/** True when a new item (by its id in uk-items-labelled.jsonl) belongs to the test slice. */
export function isTestId(id: string): boolean {
  const n = parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16);
  return n % 100 < TEST_PERCENT;
}
