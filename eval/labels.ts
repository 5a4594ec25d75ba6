import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ALL_STAGES, FEED_KINDS, type Stage, type TagInput } from '../src/domain.js';
import { isTestId } from './split.js';

/** The 320 items labelled first; every one of them has been read while writing rules: training only. */
export const DEFAULT_LABELS_PATH = fileURLToPath(new URL('./labels.jsonl', import.meta.url));
/** The 869 newer items; the test slice is drawn from these alone. */
export const NEW_LABELS_PATH = fileURLToPath(new URL('./items/uk-items-labelled.jsonl', import.meta.url));
/** The test slice's ids, written down before anything was tuned on the new items. */
export const TEST_IDS_PATH = fileURLToPath(new URL('./test-ids.txt', import.meta.url));

export type Origin = 'labels' | 'new';

const LabelSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  summary: z.string(),
  source_kind: z.enum(FEED_KINDS),
  stage: z.enum(ALL_STAGES as [Stage, ...Stage[]]),
  themes: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)).max(4),
  note: z.string().optional(),
});

export type LabelledItem = z.infer<typeof LabelSchema> & {
  /** Which file it came from: ids are unique within a file, not across the two. */
  origin: Origin;
  /** Unique across both files: `new/<id>` for the newer items, the plain id for the first 320. */
  key: string;
};

export function loadLabels(path: string = DEFAULT_LABELS_PATH, origin: Origin = 'labels'): LabelledItem[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const items: LabelledItem[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${path}:${i + 1}: not valid JSON; fix or remove the line`);
    }
    const r = LabelSchema.safeParse(json);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new Error(`${path}:${i + 1}: ${issue.path.join('.') || 'item'}: ${issue.message}`);
    }
    if (seen.has(r.data.id)) throw new Error(`${path}:${i + 1}: id ${r.data.id} is used twice`);
    seen.add(r.data.id);
    items.push({ ...r.data, origin, key: origin === 'new' ? `new/${r.data.id}` : r.data.id });
  });
  return items;
}

export interface Dataset {
  /** Everything a phrase, weight, threshold or model setting may be chosen on. */
  train: LabelledItem[];
  /** The protected slice: measured, never tuned on. */
  test: LabelledItem[];
}

export interface DatasetPaths {
  labelsPath?: string;
  newLabelsPath?: string;
  testIdsPath?: string;
}

/**
 * The training data and the test slice. The written list of test ids must agree with the hash rule in
 * `split.ts`: if either were edited to move a hard item out of the test slice, this refuses to run.
 */
export function loadDataset(paths: DatasetPaths = {}): Dataset {
  const old = loadLabels(paths.labelsPath ?? DEFAULT_LABELS_PATH, 'labels');
  const fresh = loadLabels(paths.newLabelsPath ?? NEW_LABELS_PATH, 'new');
  const listPath = paths.testIdsPath ?? TEST_IDS_PATH;
  const listed = new Set(
    readFileSync(listPath, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  for (const it of fresh)
    if (listed.has(it.id) !== isTestId(it.id))
      throw new Error(
        `${listPath}: id ${it.id} is ${listed.has(it.id) ? '' : 'not '}listed but hashes to the ` +
          `${isTestId(it.id) ? 'test' : 'training'} slice; the test slice is fixed by eval/split.ts, do not edit it`,
      );
  const known = new Set(fresh.map((it) => it.id));
  for (const id of listed)
    if (!known.has(id)) throw new Error(`${listPath}: test id ${id} is not in the new labelled items`);
  return {
    train: [...old, ...fresh.filter((it) => !listed.has(it.id))],
    test: fresh.filter((it) => listed.has(it.id)),
  };
}

export function toTagInput(item: LabelledItem): TagInput {
  return { id: item.key, title: item.title, summary: item.summary, feedKind: item.source_kind };
}
