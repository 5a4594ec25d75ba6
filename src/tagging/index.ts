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
import {
  decideStage,
  round,
  ruleStage,
  ruleConfidence,
  scoreStages,
  stageReasons,
  type StageScores,
} from './stage.js';
import { applySignals, signalDeadline } from './signals.js';
import { guideOf, loadTaxonomy, type Taxonomy } from './taxonomy.js';
import { scoreThemes } from './themes.js';
import { isPlainWord } from './plain-words.js';
import { tokenize } from './text.js';
import type { TaggerModel, Vector } from './trained.js';
import { describeFeature, featureMap, type FeatureSource, type VectorSettings } from './vectorize.js';

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
export { TaggerModel, defaultModelPath, type TaggerModelJson } from './trained.js';

/** A model trained on people's corrections. It returns null when it has too little data to say. */
export interface LearnedModel {
  /** Scores per stage (any scale; they are normalised), or null to leave the decision to the rules. */
  scoreStage(features: string[]): Partial<Record<Stage, number>> | null;
  /** 0..1: how likely the team is to care about the item, or null when unknown. */
  relevance?(features: string[]): number | null;
  /**
   * False when `relevance` would return null whatever the item (too few marks yet), so tagging need
   * not work out the item's features for it.
   */
  judgesRelevance?(): boolean;
}

export interface TaggerOptions {
  taxonomy?: Taxonomy;
  /**
   * The trained model (models/tagger-v1.json, or one fine-tuned on corrections). Without one the
   * taxonomy's rules decide alone.
   */
  model?: TaggerModel | null;
  /** Learned relevance (and, without a trained model, the older stage blend). */
  learned?: LearnedModel;
  /** Reference date for yearless deadlines when an item has no published date. */
  now?: () => Date;
}

export type HorizonTagger = Tagger & {
  taxonomy: Taxonomy;
  model: TaggerModel | null;
  stageGuide(stage: Stage): StageGuide;
  /**
   * An item's features as the model reads them (name → value), with the rule features worked out by
   * this tagger's taxonomy: what training and corrections learn from.
   */
  features(input: TagInput, settings?: VectorSettings): Map<string, number>;
  /** An item's vector as the model reads it when tagging (its fast path); null without a model. */
  vector(input: TagInput): Vector | null;
};

/** The rule tagger over a taxonomy, optionally blended with a learned model. Compile once, tag many. */
export function createTagger(opts: TaggerOptions = {}): HorizonTagger {
  const taxonomy = opts.taxonomy ?? defaultTaxonomy();
  const compiled = compileTaxonomy(taxonomy);
  const now = opts.now ?? (() => new Date());
  const learned = opts.learned;
  const model = opts.model ?? null;
  return {
    taxonomy,
    model,
    stageGuide: (stage) => guideOf(taxonomy, stage),
    tag: (input) => tagItem(compiled, input, now, learned, model),
    features: (input, settings) =>
      featureMap(
        vectorInput(ruleView(compiled, input, false), input),
        settings ?? model?.settings ?? { titleWeight: 2, ruleFeatures: true },
      ),
    vector: (input) => (model ? model.vectorOf(vectorInput(ruleView(compiled, input, false), input)) : null),
  };
}

interface RuleView {
  fields: Field[];
  scores: StageScores;
  /** The rules' stage, without the reasons (the trained model only needs the stage). */
  stage: Stage;
  themes: ReturnType<typeof scoreThemes>;
}

/** What the taxonomy's rules make of an item: the fields, stage scores and decision, theme scores. */
function ruleView(c: CompiledTaxonomy, input: TagInput, withReasons: boolean): RuleView {
  const s = c.taxonomy.settings;
  const fields: Field[] = [
    field(c, 'title', input.title ?? '', s.titleWeight),
    field(c, 'summary', input.summary ?? '', s.summaryWeight),
  ];
  if (input.categories && input.categories.length > 0 && s.categoryWeight > 0)
    fields.push(field(c, 'categories', input.categories.join(' | '), s.categoryWeight));
  const scores = scoreStages(c, fields, input.feedKind);
  return {
    fields,
    scores,
    stage: ruleStage(c, scores),
    themes: scoreThemes(c, fields, input.feedThemes, withReasons),
  };
}

function vectorInput(r: RuleView, input: TagInput) {
  return {
    title: r.fields[0]!.tokens,
    summary: r.fields[1]!.tokens,
    feedKind: input.feedKind,
    signals: input.signals ?? [],
    rules: { scores: r.scores, stage: r.stage, themes: r.themes.hits },
  };
}

function tagItem(
  c: CompiledTaxonomy,
  input: TagInput,
  now: () => Date,
  learned: LearnedModel | undefined,
  model: TaggerModel | null,
): Tagging {
  const rules = ruleView(c, input, model === null);
  const { fields, scores } = rules;
  if (model) return modelTagging(model, rules, input, now, learned);

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

  const themes = rules.themes;
  const reasons: Reason[] = [...stageWhy, ...themes.reasons];
  return finish({ stage, confidence, themes: themes.themes, reasons }, input, now, relevance);
}

function finish(
  t: Pick<Tagging, 'stage' | 'confidence' | 'themes' | 'reasons'>,
  input: TagInput,
  now: () => Date,
  relevance: number | undefined,
): Tagging {
  const title = input.title ?? '';
  const summary = input.summary ?? '';
  const reference = validDate(input.publishedAt) ?? now();
  const deadline = signalDeadline(input.signals) ?? extractDeadline(title, summary, reference);
  const amount = extractAmount(title, summary);
  const reasons = t.reasons;
  if (deadline) reasons.push({ kind: 'deadline', text: `closes ${deadline.date} ("${deadline.text}")` });
  if (amount) reasons.push({ kind: 'amount', text: `"${amount.text}"` });
  // Spelt out rather than spread: the same fields in the same order, without the slow generic copy.
  const tagging: Tagging = {
    stage: t.stage,
    confidence: t.confidence,
    themes: t.themes,
    reasons,
    deadline,
    amount,
  };
  if (relevance !== undefined) tagging.relevance = relevance;
  return tagging;
}

/** How many features each tag quotes as its reasons. */
const MODEL_REASONS = 3;
/** Candidates looked at beyond those, for when some are plain words (see plain-words.ts). */
const SPARE_REASONS = 3;

/**
 * The trained model's tags. Words are looked up in the model's own word tables (no feature names
 * built), and only the chosen stage and themes are explained: the features that weighed most for each.
 */
function modelTagging(
  model: TaggerModel,
  rules: RuleView,
  input: TagInput,
  now: () => Date,
  learned: LearnedModel | undefined,
): Tagging {
  const vi = vectorInput(rules, input);
  const v = model.vectorOf(vi);
  const p = model.predict(v);
  const wanted: { head: 'stage' | 'themes'; label: string; kind: 'stage' | 'theme' }[] = [];
  const reasons: Reason[] = [];
  if (p.stage === 'unknown' && p.stageProbs[model.json.stage.labels.indexOf('unknown')]! < p.confidence) {
    const top = Math.max(...p.stageProbs);
    reasons.push({
      kind: 'model',
      target: 'unknown',
      text: `not sure enough of any stage (best ${Math.round(top * 100)}%, needs ${Math.round(model.json.stage.unknownBelow * 100)}%)`,
    });
  } else wanted.push({ head: 'stage', label: p.stage, kind: 'stage' });
  for (const t of p.themes) wanted.push({ head: 'themes', label: t.slug, kind: 'theme' });
  // A source that states the stage outright (GOV.UK's document type) settles it, as with the rules.
  const signalled = applySignals(input.signals, { stage: p.stage, confidence: p.confidence, reasons: [] });
  if (signalled.reasons.some((r) => r.kind === 'stage')) {
    // The source settled it: its reason replaces the model's.
    wanted.splice(0, wanted.length, ...wanted.filter((w) => w.head !== 'stage'));
    reasons.length = 0;
  }
  reasons.push(...signalled.reasons);
  p.stage = signalled.stage;
  p.confidence = signalled.confidence;
  // A few spare candidates, so a reason passed over as plain ("The", "25") leaves room for the next.
  const tops = model.topFeaturesOf(v, wanted, MODEL_REASONS + SPARE_REASONS);
  for (let j = 0; j < wanted.length; j++) {
    const w = wanted[j]!;
    // At most three, so a list beats a set: comparing strings of different lengths reads no characters,
    // where a set would hash every freshly built one.
    const said: string[] = [];
    for (const t of tops[j]!) {
      if (said.length === MODEL_REASONS) break;
      const at = model.whereOf(vi, v, t.pos);
      if (at && 'field' in at && isPlainPlace(rules, at)) continue;
      const text = at ? describeWhere(rules, at) : describeFeature(model.json.features[v.idx[t.pos]!]!);
      if (said.includes(text)) continue;
      said.push(text);
      reasons.push({ kind: w.kind, target: w.label, text, weight: round(t.weight) });
    }
  }
  let relevance: number | undefined;
  if (learned?.relevance && learned.judgesRelevance?.() !== false) {
    const r = learned.relevance(featuresOf(rules.fields[0]!.tokens, rules.fields[1]!.tokens, input.feedKind));
    if (typeof r === 'number' && Number.isFinite(r)) relevance = Math.min(1, Math.max(0, r));
  }
  return finish(
    { stage: p.stage, confidence: round(p.confidence), themes: p.themes.map((t) => t.slug), reasons },
    input,
    now,
    relevance,
  );
}

/** True when every word at this place in the text is a plain word: no use as a reason. */
function isPlainPlace(rules: RuleView, where: Extract<FeatureSource, { field: string }>): boolean {
  const f = rules.fields.find((x) => x.name === where.field);
  if (!f) return false;
  for (let i = where.from; i < where.to; i++) if (!isPlainWord(f.tokens[i]?.word ?? '')) return false;
  return true;
}

function describeWhere(rules: RuleView, where: FeatureSource): string {
  if ('field' in where) {
    const f = rules.fields.find((x) => x.name === where.field);
    if (!f) return where.field;
    const text = f.text.slice(f.tokens[where.from]!.start, f.tokens[where.to - 1]!.end);
    return `"${text}" in ${where.field}`;
  }
  if ('source' in where) return `from a ${where.source} feed`;
  if ('signal' in where) return where.signal.text;
  const rule = where.rule;
  if (where.pick) return `the taxonomy's rules pointed to ${rule}`;
  if ((ALL_STAGES as readonly string[]).includes(rule)) {
    const quoted: string[] = [];
    for (const e of rules.scores.evidence) if (e.stage === rule) quoteOnce(quoted, e.text);
    if (rule === 'unknown') for (const e of rules.scores.unknownEvidence) quoteOnce(quoted, e.text);
    return quoted.length > 0
      ? `the taxonomy's ${rule} signals (${quoted.join(', ')})`
      : `the taxonomy rules chose ${rule}`;
  }
  // The strongest keywords first; one found in both title and summary is one piece of evidence to a
  // reader, not two.
  const evidence = rules.themes.hits.get(rule)?.evidence;
  if (!evidence || evidence.length === 0) return `the taxonomy's ${rule} keywords`;
  const quoted: string[] = [];
  for (const e of [...evidence].sort((a, b) => b.weight - a.weight)) quoteOnce(quoted, e.text);
  return `the taxonomy's ${rule} keywords (${quoted.join(', ')})`;
}

/** Adds `"text"` to a reason's quotes, unless it is there already or there are three. */
function quoteOnce(quoted: string[], text: string): void {
  const q = `"${text}"`;
  if (quoted.length < 3 && !quoted.includes(q)) quoted.push(q);
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
