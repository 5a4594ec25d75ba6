import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { z } from 'zod';
import {
  ALL_STAGES,
  FEED_KINDS,
  type FeedKind,
  type KnownStage,
  type Stage,
  type StageGuide,
} from '../domain.js';
import { projectPath } from '../paths.js';

/** A phrase the tagger looks for, and how much one sighting counts. */
export interface PhraseDef {
  phrase: string;
  weight: number;
  /** Match the words exactly as written rather than by stem. */
  exact?: boolean;
}

export interface ThemeDef {
  slug: string;
  label: string;
  description: string;
  keywords: PhraseDef[];
}

export interface StageDef extends StageGuide {
  signals: PhraseDef[];
}

/** Words that change what a nearby stage signal means ("not delayed", "will be scrapped"). */
export interface ModifierDef {
  /** How many words before the signal a cue may sit. */
  window: number;
  cues: string[];
  /** A signal for the key stage counts for the value stage instead; stages not listed lose the signal. */
  flips: Partial<Record<KnownStage, KnownStage>>;
  /** How much of the signal's weight a flipped signal keeps. */
  flipWeight: number;
  /** When given, only these signal phrases are turned round; other signals keep their stage. */
  phrases: string[] | null;
}

export interface TaxonomySettings {
  titleWeight: number;
  summaryWeight: number;
  categoryWeight: number;
  /** A stage needs at least this much text evidence, or the item is `unknown`. */
  minStageScore: number;
  themeThreshold: number;
  /** A theme also needs at least this share of the strongest theme's score. */
  themeRelative: number;
  maxThemes: number;
  /** Added to a theme the feed itself is filed under. */
  feedThemePrior: number;
  /** Share of the final stage decision given to a learned model, when one has enough data. */
  modelWeight: number;
}

export interface Taxonomy {
  /** Where it was read from, for messages. */
  source: string;
  settings: TaxonomySettings;
  themes: ThemeDef[];
  stages: Record<Stage, StageDef>;
  sourcePriors: Partial<Record<FeedKind, Partial<Record<KnownStage, number>>>>;
  negation: ModifierDef;
  future: ModifierDef;
  /**
   * Words that mark money as a government's special fund (window is unused: a cue anywhere in the item
   * counts). The listed plateau signals (a round opening, grants to apply for) then count for `slope`.
   */
  specialFunds: ModifierDef;
  /** Names of bodies and programmes whose words are not stage signals ("The King's Fund"). */
  names: string[];
}

// The schema is built when a taxonomy is first parsed, not when this module loads: building it is
// a noticeable part of every command's start-up, and most processes read the checked copy
// (taxonomy-cache.ts) and never parse.
function taxonomySchema() {
  const phrase = z
    .union([
      z.string().trim().min(1, 'a phrase cannot be empty'),
      z.object({
        phrase: z.string().trim().min(1, 'a phrase cannot be empty'),
        weight: z
          .number()
          .positive('weight must be a positive number')
          .max(10, 'weight must be 10 or less')
          .default(1),
        exact: z.boolean().optional(),
      }),
    ])
    .transform((p): PhraseDef => {
      if (typeof p === 'string') return { phrase: p, weight: 1 };
      const def: PhraseDef = { phrase: p.phrase, weight: p.weight };
      if (p.exact) def.exact = true;
      return def;
    });

  const knownStage = z.enum(['trigger', 'peak', 'trough', 'slope', 'plateau']);
  const stageSlug = z.enum(ALL_STAGES as [Stage, ...Stage[]]);
  const stageWeights = z.partialRecord(knownStage, z.number().min(-5).max(5));

  const modifier = z
    .object({
      window: z.number().int().min(1).max(8).default(3),
      cues: z.array(z.string().trim().min(1)).default([]),
      flips: z.partialRecord(knownStage, knownStage).default({}),
      flip_weight: z.number().min(0).max(1).default(0.5),
      phrases: z.array(z.string().trim().min(1)).optional(),
    })
    .transform((m): ModifierDef => ({
      window: m.window,
      cues: m.cues,
      flips: m.flips,
      flipWeight: m.flip_weight,
      phrases: m.phrases ?? null,
    }));

  return z
    .object({
      settings: z
        .object({
          title_weight: z.number().positive().default(2),
          summary_weight: z.number().positive().default(1),
          category_weight: z.number().min(0).default(1),
          min_stage_score: z.number().min(0).default(1),
          theme_threshold: z.number().positive().default(1),
          theme_relative: z.number().min(0).max(1).default(0),
          max_themes: z.number().int().min(1).max(20).default(4),
          feed_theme_prior: z.number().min(0).default(0.5),
          model_weight: z.number().min(0).max(1).default(0.4),
        })
        .prefault({}),
      themes: z
        .array(
          z.object({
            slug: z
              .string()
              .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens'),
            label: z.string().trim().min(1),
            description: z.string().trim().default(''),
            keywords: z.array(phrase).min(1, 'a theme needs at least one keyword'),
          }),
        )
        .min(1, 'there must be at least one theme'),
      stages: z.array(
        z.object({
          slug: stageSlug,
          label: z.string().trim().min(1),
          tactic: z.string().trim().min(1),
          prompt: z.string().trim().min(1),
          signals: z.array(phrase).default([]),
        }),
      ),
      source_priors: z.partialRecord(z.enum(FEED_KINDS), stageWeights.nullable().default({})).default({}),
      negation: modifier.prefault({}),
      future: modifier.prefault({}),
      special_funds: modifier.prefault({}),
      names: z.array(z.string().trim().min(1, 'a name cannot be empty')).default([]),
    })
    .superRefine((t, ctx) => {
      const seen = new Set<string>();
      t.themes.forEach((theme, i) => {
        if (seen.has(theme.slug))
          ctx.addIssue({
            code: 'custom',
            path: ['themes', i, 'slug'],
            message: `theme "${theme.slug}" is listed twice`,
          });
        seen.add(theme.slug);
      });
      const stages = new Set(t.stages.map((s) => s.slug));
      for (const s of ALL_STAGES)
        if (!stages.has(s))
          ctx.addIssue({ code: 'custom', path: ['stages'], message: `stage "${s}" is missing` });
      t.stages.forEach((s, i) => {
        if (s.slug !== 'unknown' && s.signals.length === 0)
          ctx.addIssue({
            code: 'custom',
            path: ['stages', i, 'signals'],
            message: `stage "${s.slug}" needs signals`,
          });
      });
    });
}

let schema: ReturnType<typeof taxonomySchema> | null = null;

export class TaxonomyError extends Error {
  override name = 'TaxonomyError';
}

export function defaultTaxonomyPath(): string {
  return projectPath('config', 'taxonomy.yaml');
}

/** This module's address: a checked taxonomy kept between processes is keyed by the code that checked it. */
export const TAXONOMY_PARSER = import.meta.url;

/** Reads and checks a taxonomy file; the error names the file, line and field so an editor can fix it. */
export function loadTaxonomy(path: string = defaultTaxonomyPath()): Taxonomy {
  return parseTaxonomy(readTaxonomyText(path), path);
}

/** A taxonomy file's text, or an error saying which setting to fix. */
export function readTaxonomyText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new TaxonomyError(
      `Cannot read the taxonomy file ${path}: ${(err as Error).message}. Check HORIZON_TAXONOMY points at a readable YAML file.`,
    );
  }
}

// The YAML parser is loaded when a taxonomy is parsed, not with this module: most processes read the
// taxonomy already checked (taxonomy-cache.ts), and loading the parser is a noticeable part of start-up.
const load = createRequire(import.meta.url);
let yaml: typeof Yaml | null = null;

export function parseTaxonomy(text: string, source = 'taxonomy'): Taxonomy {
  const { LineCounter, parseDocument } = (yaml ??= load('yaml') as typeof Yaml);
  const lineCounter = new LineCounter();
  // Aliases are capped so that a crafted file cannot blow up memory ("billion laughs").
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const pos = lineCounter.linePos(e.pos[0]);
    throw new TaxonomyError(
      `${source}, line ${pos.line}: the file is not valid YAML (${e.message.split('\n')[0]}). Fix the indentation or quoting on that line.`,
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new TaxonomyError(`${source}: ${(err as Error).message}`);
  }
  const parsed = (schema ??= taxonomySchema()).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const where = lineOf(doc, lineCounter, path);
    const field = path.length > 0 ? path.join('.') : '(top level)';
    const more =
      parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : '';
    throw new TaxonomyError(`${source}${where ? `, line ${where}` : ''}: ${field}: ${issue.message}${more}.`);
  }
  const t = parsed.data;
  const stages = {} as Record<Stage, StageDef>;
  for (const s of t.stages)
    stages[s.slug] = {
      stage: s.slug,
      label: s.label,
      tactic: s.tactic,
      prompt: s.prompt,
      signals: s.signals,
    };
  const sourcePriors: Taxonomy['sourcePriors'] = {};
  for (const [kind, weights] of Object.entries(t.source_priors))
    if (weights) sourcePriors[kind as FeedKind] = weights;
  return {
    source,
    settings: {
      titleWeight: t.settings.title_weight,
      summaryWeight: t.settings.summary_weight,
      categoryWeight: t.settings.category_weight,
      minStageScore: t.settings.min_stage_score,
      themeThreshold: t.settings.theme_threshold,
      themeRelative: t.settings.theme_relative,
      maxThemes: t.settings.max_themes,
      feedThemePrior: t.settings.feed_theme_prior,
      modelWeight: t.settings.model_weight,
    },
    themes: t.themes,
    stages,
    sourcePriors,
    negation: t.negation,
    future: t.future,
    specialFunds: t.special_funds,
    names: t.names,
  };
}

/** The line of the deepest node on `path` that exists in the file. */
function lineOf(
  doc: ReturnType<typeof Yaml.parseDocument>,
  lineCounter: Yaml.LineCounter,
  path: (string | number)[],
): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return null;
}

export function guideOf(taxonomy: Taxonomy, stage: Stage): StageGuide {
  const s = taxonomy.stages[stage];
  return { stage, label: s.label, tactic: s.tactic, prompt: s.prompt };
}
