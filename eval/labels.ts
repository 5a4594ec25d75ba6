import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ALL_STAGES, FEED_KINDS, type Stage, type TagInput } from '../src/domain.js';

export const DEFAULT_LABELS_PATH = fileURLToPath(new URL('./labels.jsonl', import.meta.url));

export type Split = 'tune' | 'holdout';

const LabelSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  summary: z.string(),
  source_kind: z.enum(FEED_KINDS),
  stage: z.enum(ALL_STAGES as [Stage, ...Stage[]]),
  themes: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)).max(4),
  split: z.enum(['tune', 'holdout']),
  note: z.string().optional(),
});

export type LabelledItem = z.infer<typeof LabelSchema>;

/** The split an id belongs to: fixed by a hash so nobody can move a hard item out of the holdout. */
export function splitOf(id: string): Split {
  const n = parseInt(createHash('sha256').update(id).digest('hex').slice(0, 8), 16);
  return n % 10 < 3 ? 'holdout' : 'tune';
}

export function loadLabels(path: string = DEFAULT_LABELS_PATH): LabelledItem[] {
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
    items.push(r.data);
  });
  return items;
}

export function toTagInput(item: LabelledItem): TagInput {
  return { id: item.id, title: item.title, summary: item.summary, feedKind: item.source_kind };
}
