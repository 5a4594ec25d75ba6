import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FeedKind, TagInput } from '../../src/domain.js';

const dir = fileURLToPath(new URL('../fixtures/items/', import.meta.url));

interface PolicyRow {
  id: string;
  title: string;
  summary: string;
  published: string | null;
  source_kind: FeedKind;
}

interface FundingRow {
  id: string;
  title: string;
  text: string;
  published: string | null;
}

function rows<T>(file: string): Map<string, T> {
  const lines = readFileSync(dir + file, 'utf8')
    .trim()
    .split('\n');
  return new Map(lines.map((l) => JSON.parse(l) as T).map((r) => [(r as { id: string }).id, r]));
}

const policy = rows<PolicyRow>('policy-items.jsonl');
const funding = rows<FundingRow>('funding-calls.jsonl');

/** A real policy item as tagger input; `withSummary: false` tags the headline alone. */
export function policyItem(id: string, opts: { withSummary?: boolean } = {}): TagInput {
  const r = policy.get(id);
  if (!r) throw new Error(`no fixture ${id}`);
  return {
    id,
    title: r.title,
    summary: opts.withSummary === false ? '' : r.summary,
    feedKind: r.source_kind,
    publishedAt: r.published,
  };
}

/** A real funding call as tagger input, from a funding feed. */
export function fundingCall(id: string): TagInput {
  const r = funding.get(id);
  if (!r) throw new Error(`no fixture ${id}`);
  return { id, title: r.title, summary: r.text, feedKind: 'funding', publishedAt: r.published };
}

export function item(title: string, summary = '', extra: Partial<TagInput> = {}): TagInput {
  return { title, summary, ...extra };
}
