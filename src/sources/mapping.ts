import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { z } from 'zod';
import { STAGES, type KnownStage } from '../domain.js';
import { projectPath } from '../paths.js';

/** How one stated fact (a GOV.UK document type, a bill stage) reads on the hype cycle; null is "no signal". */
export type StageReading = { stage: KnownStage; says: string; decisive: boolean } | null;

export interface SourceMapping {
  source: string;
  govukTypes: Map<string, StageReading>;
  govukStates: Map<string, StageReading>;
  billStages: Map<string, StageReading>;
  billStates: Map<string, StageReading>;
}

const entry = z.union([
  z.literal('none'),
  z.strictObject({
    stage: z.enum(STAGES),
    says: z.string().trim().min(1).optional(),
    decisive: z.boolean().default(true),
  }),
]);

const table = z.record(z.string(), entry).default({});

const Schema = z.object({
  govuk: z.object({ document_types: table, states: table }).prefault({}),
  parliament: z.object({ bill_stages: table, states: table }).prefault({}),
});

export class SourceMappingError extends Error {
  override name = 'SourceMappingError';
}

export function defaultSourceMappingPath(): string {
  return projectPath('config', 'sources.yaml');
}

function toMap(raw: Record<string, z.infer<typeof entry>>, lowerKeys: boolean): Map<string, StageReading> {
  const out = new Map<string, StageReading>();
  for (const [key, v] of Object.entries(raw)) {
    const k = lowerKeys ? key.toLowerCase() : key;
    out.set(
      k,
      v === 'none' ? null : { stage: v.stage, says: v.says ?? key.replace(/_/g, ' '), decisive: v.decisive },
    );
  }
  return out;
}

// The YAML parser is loaded when the mapping is first read (a scan), not by every process that could
// tag (`horizon start` before it listens).
const load = createRequire(import.meta.url);

/** Parses the mapping; a mistake names the file and the entry to fix. */
export function parseSourceMapping(text: string, source = 'sources.yaml'): SourceMapping {
  const { parse } = load('yaml') as typeof Yaml;
  let raw: unknown;
  try {
    raw = parse(text, { maxAliasCount: 100 }) ?? {};
  } catch (e) {
    throw new SourceMappingError(
      `${source}: not valid YAML (${(e as Error).message.split('\n')[0]}). Fix the line it names.`,
    );
  }
  const parsed = Schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((p) => typeof p !== 'symbol').join('.');
    throw new SourceMappingError(
      `${source}: ${path || '(top level)'}: ${issue.message}. Write \`none\` or { stage: trigger|peak|trough|slope|plateau, says: "…" }.`,
    );
  }
  const m = parsed.data;
  return {
    source,
    govukTypes: toMap(m.govuk.document_types, true),
    govukStates: toMap(m.govuk.states, true),
    // Bill stages are matched without regard to case: the API writes "2nd reading" and "Royal Assent".
    billStages: toMap(m.parliament.bill_stages, true),
    billStates: toMap(m.parliament.states, true),
  };
}

let cached: { path: string; mapping: SourceMapping } | null = null;

/** Reads config/sources.yaml (or another file), once per path. */
export function loadSourceMapping(path: string = defaultSourceMappingPath()): SourceMapping {
  if (cached?.path === path) return cached.mapping;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SourceMappingError(
      `Cannot read ${path}: ${(e as Error).message}. It maps GOV.UK document types and bill stages to stages; restore it from the release.`,
    );
  }
  const mapping = parseSourceMapping(text, path);
  cached = { path, mapping };
  return mapping;
}
