import {
  ALL_STAGES,
  STAGES,
  type Reason,
  type Stage,
  type StageGuide,
  type TagInput,
  type Tagger,
  type Tagging,
} from '../domain.js';
import { extractAmount } from './amount.js';
import { compileTaxonomy, type CompiledTaxonomy, type Field, type FieldName } from './compile.js';
import { extractDeadline } from './deadline.js';
import { featuresOf } from './features.js';
import { decideStage, round, ruleConfidence, scoreStages, stageReasons, type StageScores } from './stage.js';
import { applySignals, signalDeadline } from './signals.js';
import { guideOf, loadTaxonomy, type Taxonomy } from './taxonomy.js';
import { scoreThemes } from './themes.js';
import { tokenize } from './text.js';

export { features } from './features.js';
export {
  loadTaxonomy,
  parseTaxonomy,
  TaxonomyError,
  type Taxonomy,
  type ThemeDef,
  type StageDef,
} from './taxonomy.js';
export { extractDeadline } from './deadline.js';
export { extractAmount } from './amount.js';

/** A model trained on people's corrections. It returns null when it has too little data to say. */
export interface LearnedModel {
  /** Scores per stage (any scale; they are normalised), or null to leave the decision to the rules. */
  scoreStage(features: string[]): Partial<Record<Stage, number>> | null;
  /** 0..1: how likely the team is to care about the item, or null when unknown. */
  relevance?(features: string[]): number | null;
}

export interface TaggerOptions {
  taxonomy?: Taxonomy;
  learned?: LearnedModel;
  /** Reference date for yearless deadlines when an item has no published date. */
  now?: () => Date;
}

export type HorizonTagger = Tagger & {
  taxonomy: Taxonomy;
  stageGuide(stage: Stage): StageGuide;
};

/** The rule tagger over a taxonomy, optionally blended with a learned model. Compile once, tag many. */
export function createTagger(opts: TaggerOptions = {}): HorizonTagger {
  const taxonomy = opts.taxonomy ?? defaultTaxonomy();
  const compiled = compileTaxonomy(taxonomy);
  const now = opts.now ?? (() => new Date());
  const learned = opts.learned;
  return {
    taxonomy,
    stageGuide: (stage) => guideOf(taxonomy, stage),
    tag: (input) => tagItem(compiled, input, now, learned),
  };
}

function tagItem(c: CompiledTaxonomy, input: TagInput, now: () => Date, learned?: LearnedModel): Tagging {
  const title = input.title ?? '';
  const summary = input.summary ?? '';
  const s = c.taxonomy.settings;
  const fields: Field[] = [
    field(c, 'title', title, s.titleWeight),
    field(c, 'summary', summary, s.summaryWeight),
  ];
  if (input.categories && input.categories.length > 0 && s.categoryWeight > 0)
    fields.push(field(c, 'categories', input.categories.join(' | '), s.categoryWeight));

  const scores = scoreStages(c, fields, input.feedKind);
  let { stage, confidence, reasons: stageWhy } = decideStage(c, scores, input.feedKind);
  let relevance: number | undefined;
  if (learned) {
    const feats = featuresOf(fields[0]!.tokens, fields[1]!.tokens, input.feedKind);
    const blended = blend(c, scores, stage, confidence, learned.scoreStage(feats));
    if (blended) {
      if (blended.stage !== stage)
        stageWhy = blended.stage === 'unknown' ? [] : stageReasons(scores, blended.stage, input.feedKind);
      stage = blended.stage;
      confidence = blended.confidence;
      stageWhy.push(blended.reason);
    }
    const r = learned.relevance?.(feats);
    if (typeof r === 'number' && Number.isFinite(r)) relevance = Math.min(1, Math.max(0, r));
  }

  ({
    stage,
    confidence,
    reasons: stageWhy,
  } = applySignals(input.signals, {
    stage,
    confidence,
    reasons: stageWhy,
  }));

  const themes = scoreThemes(c, fields, input.feedThemes);
  const reference = validDate(input.publishedAt) ?? now();
  const deadline = signalDeadline(input.signals) ?? extractDeadline(title, summary, reference);
  const amount = extractAmount(title, summary);
  const reasons: Reason[] = [...stageWhy, ...themes.reasons];
  if (deadline) reasons.push({ kind: 'deadline', text: `closes ${deadline.date} ("${deadline.text}")` });
  if (amount) reasons.push({ kind: 'amount', text: `"${amount.text}"` });
  const tagging: Tagging = { stage, confidence, themes: themes.themes, reasons, deadline, amount };
  if (relevance !== undefined) tagging.relevance = relevance;
  return tagging;
}

function field(c: CompiledTaxonomy, name: FieldName, text: string, weight: number): Field {
  const tokens = tokenize(text);
  return { name, text, weight, tokens, matches: c.matcher.match(tokens) };
}

/**
 * The learned model's say. Rules give a distribution (their stage's share of the evidence, or all of it
 * on `unknown`); the model's scores are normalised; the two are mixed with `model_weight` from the
 * taxonomy. When the model returns null (too little data), the rules decide alone.
 */
function blend(
  c: CompiledTaxonomy,
  scores: StageScores,
  ruleStage: Stage,
  ruleConf: number,
  model: Partial<Record<Stage, number>> | null,
): { stage: Stage; confidence: number; reason: Reason } | null {
  if (!model) return null;
  let modelSum = 0;
  for (const st of ALL_STAGES) modelSum += Math.max(0, model[st] ?? 0);
  if (!(modelSum > 0)) return null;
  const w = c.taxonomy.settings.modelWeight;
  const rule: Record<Stage, number> = { trigger: 0, peak: 0, trough: 0, slope: 0, plateau: 0, unknown: 0 };
  if (ruleStage === 'unknown') rule.unknown = 1;
  else {
    let sum = 0;
    for (const st of STAGES) sum += Math.max(0, scores.total[st]);
    for (const st of STAGES) rule[st] = sum > 0 ? Math.max(0, scores.total[st]) / sum : 0;
  }
  let best: Stage = ruleStage;
  let bestP = -1;
  const p = {} as Record<Stage, number>;
  for (const st of ALL_STAGES) {
    p[st] = (1 - w) * rule[st] + (w * Math.max(0, model[st] ?? 0)) / modelSum;
    if (p[st] > bestP) {
      bestP = p[st];
      best = st;
    }
  }
  const modelShare = Math.max(0, model[best] ?? 0) / modelSum;
  const ruleShare = best === ruleStage ? ruleConf : best === 'unknown' ? 0 : ruleConfidence(scores, best);
  const confidence = round((1 - w) * ruleShare + w * modelShare);
  return {
    stage: best,
    confidence,
    reason: {
      kind: 'model',
      target: best,
      text: `learned from past corrections: ${Math.round(modelShare * 100)}% ${best}`,
      weight: round(w),
    },
  };
}

function validDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

let defaultTax: Taxonomy | null = null;

function defaultTaxonomy(): Taxonomy {
  defaultTax ??= loadTaxonomy();
  return defaultTax;
}

/** The tactic and discussion prompt for a stage, from the shipped taxonomy; no tagger needed. */
export function stageGuide(stage: Stage): StageGuide {
  return guideOf(defaultTaxonomy(), stage);
}
