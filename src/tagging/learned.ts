// What the organisation has taught the tagger, rebuilt from the corrections table at start-up and after
// each correction: stage and theme corrections fine-tune the shipped trained model (TaggerModel.
// withCorrections); "Not relevant" marks train a small naive Bayes relevance score (and, when no trained
// model is loaded, a naive Bayes stage blend). The corrections table is the record; the models are
// derived from it, so nothing new is stored.
import { ALL_STAGES, type Stage, type TagInput, type Tagger } from '../domain.js';
import type { CorrectionExample, ItemText } from '../store/corrections.js';
import type { Store } from '../store/index.js';
import { parseJson } from '../store/db.js';
import { features as defaultFeatures } from './features.js';
import type { LearnedModel } from './index.js';
import { NaiveBayes, type NaiveBayesJson } from './model.js';
import type { Example, TaggerModel } from './trained.js';

export type Relevance = 'relevant' | 'not-relevant';
const RELEVANCE: readonly Relevance[] = ['relevant', 'not-relevant'];

/** Fewer stage corrections than this, or all for one stage, and the model keeps quiet. */
export const MIN_STAGE_EXAMPLES = 5;
/** Fewer "not relevant" marks than this and relevance is not judged. */
export const MIN_NOT_RELEVANT = 3;
/** Background items sampled as "relevant" for each "not relevant" mark (see loadLearnedModel). */
const BACKGROUND_PER_NEGATIVE = 3;
const MAX_BACKGROUND = 600;
/**
 * Smoothing for both models. Headlines are short and each correction adds many features, so full
 * Laplace smoothing (1) drowns the few that matter; 0.25 did best in five-fold cross-validation on the
 * evaluation's tune slice (0.1–0.3 were close; 1 lost 14 points of macro-F1).
 */
export const SMOOTHING = 0.25;
/**
 * How many corrections it takes for the model to have half its say. Chosen by five-fold
 * cross-validation on the tune slice, feeding 10–all corrections: without shrinking, the first ten
 * corrections cost seven points of macro-F1 against the rules alone; at 20 the curve no longer dips,
 * for a point or so less once every correction is in.
 */
export const SHRINK = 20;

export interface LearnedModelJson {
  stage: NaiveBayesJson;
  relevance: NaiveBayesJson;
}

/** A model that learns one correction at a time; it is what `createTagger({ learned })` takes. */
export class CorrectionModel implements LearnedModel {
  readonly stage: NaiveBayes<Stage>;
  readonly relevant: NaiveBayes<Relevance>;

  constructor(json?: LearnedModelJson) {
    this.stage = json
      ? NaiveBayes.fromJSON<Stage>(json.stage)
      : new NaiveBayes<Stage>(ALL_STAGES, { alpha: SMOOTHING });
    this.relevant = json
      ? NaiveBayes.fromJSON<Relevance>(json.relevance)
      : new NaiveBayes<Relevance>(RELEVANCE, { alpha: SMOOTHING });
  }

  /** How many stage corrections and "not relevant" marks it learned from. */
  get examples(): { stage: number; notRelevant: number } {
    return { stage: this.stage.examples(), notRelevant: this.relevant.examples('not-relevant') };
  }

  learnStage(features: readonly string[], stage: Stage): void {
    this.stage.learn(features, stage);
  }

  forgetStage(features: readonly string[], stage: Stage): void {
    this.stage.forget(features, stage);
  }

  learnRelevance(features: readonly string[], label: Relevance): void {
    this.relevant.learn(features, label);
  }

  /** `features` as `features()` gives them: each once. */
  scoreStage(features: readonly string[]): Record<Stage, number> | null {
    if (this.stage.examples() < MIN_STAGE_EXAMPLES) return null;
    if (ALL_STAGES.filter((s) => this.stage.examples(s) > 0).length < 2) return null;
    // Shrink towards "no opinion" while corrections are few: naive Bayes is overconfident on a handful
    // of examples, and a model that overrules the rules after ten corrections makes tagging worse
    // before it makes it better. With SHRINK corrections the model has half its say.
    const n = this.stage.examples();
    const trust = n / (n + SHRINK);
    const scores = this.stage.scores(features, true);
    for (const s of ALL_STAGES) scores[s] = trust * scores[s] + (1 - trust) / ALL_STAGES.length;
    return scores;
  }

  judgesRelevance(): boolean {
    return (
      this.relevant.examples('not-relevant') >= MIN_NOT_RELEVANT && this.relevant.examples('relevant') > 0
    );
  }

  relevance(features: readonly string[]): number | null {
    if (!this.judgesRelevance()) return null;
    return this.relevant.scores(features).relevant;
  }

  toJSON(): LearnedModelJson {
    return { stage: this.stage.toJSON(), relevance: this.relevant.toJSON() };
  }
}

type CorrectedItemRow = CorrectionExample;

function inputOf(r: ItemText): TagInput {
  return {
    title: r.title,
    summary: r.summary,
    feedKind: r.feedKind,
    feedThemes: r.feedThemes,
    categories: r.categories,
  };
}

const isStage = (v: string): v is Stage => (ALL_STAGES as readonly string[]).includes(v);

/** A themes correction's value: a JSON list of slugs, or slugs separated by commas. */
function themesOf(value: string): string[] {
  const list = parseJson<unknown>(value, null);
  const raw = Array.isArray(list) ? list : value.split(',');
  return raw
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * People's corrections as examples for the trained model: per item, its latest stage and its latest
 * themes. "Not relevant" is not a stage or a theme, so it teaches relevance only (loadLearnedModel).
 */
export function correctionExamples(
  store: Store,
  featuresOf: (input: TagInput) => ReadonlyMap<string, number>,
): Example[] {
  const byItem = new Map<number, { row: CorrectedItemRow; stage?: Stage; themes?: string[] }>();
  for (const r of store.corrections.examples()) {
    if (r.kind !== 'stage' && r.kind !== 'themes') continue;
    const e = byItem.get(r.itemId) ?? { row: r };
    if (r.kind === 'stage' && isStage(r.value)) e.stage = r.value;
    if (r.kind === 'themes') e.themes = themesOf(r.value);
    byItem.set(r.itemId, e);
  }
  const out: Example[] = [];
  for (const e of byItem.values()) {
    if (!e.stage && !e.themes) continue;
    const ex: Example = { features: featuresOf(inputOf(e.row)) };
    if (e.stage) ex.stage = e.stage;
    if (e.themes) ex.themes = e.themes;
    out.push(ex);
  }
  return out;
}

export interface LoadLearnedOptions {
  /** The feature extractor; the tagger's own unless a test or the evaluation supplies another. */
  features?: (input: TagInput) => string[];
}

/**
 * Trains a model from every correction in the database. An item's latest stage correction is its
 * label (people change their minds); an item marked not relevant, and not unmarked since, is a
 * negative example. Relevance needs positives too, and people rarely say "this one is relevant",
 * so items that were corrected for stage or themes, and a sample of the most recent items nobody
 * marked, stand in as the organisation's "relevant".
 */
export function loadLearnedModel(store: Store, options: LoadLearnedOptions = {}): CorrectionModel {
  const featuresOf = options.features ?? defaultFeatures;
  const rows = store.corrections.examples();

  const stageOf = new Map<number, { row: CorrectedItemRow; stage: Stage }>();
  const notRelevant = new Map<number, { row: CorrectedItemRow; flag: boolean }>();
  const engaged = new Map<number, CorrectedItemRow>();
  for (const r of rows) {
    if (r.kind === 'stage' && isStage(r.value)) stageOf.set(r.itemId, { row: r, stage: r.value });
    else if (r.kind === 'not-relevant') notRelevant.set(r.itemId, { row: r, flag: r.value !== 'false' });
    if (r.kind === 'stage' || r.kind === 'themes') engaged.set(r.itemId, r);
  }

  const model = new CorrectionModel();
  const cache = new Map<number, string[]>();
  const featuresFor = (id: number, r: CorrectedItemRow): string[] => {
    const hit = cache.get(id);
    if (hit) return hit;
    const f = featuresOf(inputOf(r));
    cache.set(id, f);
    return f;
  };
  for (const [id, { row, stage }] of stageOf) model.learnStage(featuresFor(id, row), stage);

  const negatives = [...notRelevant].filter(([, v]) => v.flag);
  for (const [id, { row }] of negatives) model.learnRelevance(featuresFor(id, row), 'not-relevant');
  if (negatives.length > 0) {
    for (const [id, row] of engaged)
      if (!notRelevant.get(id)?.flag) model.learnRelevance(featuresFor(id, row), 'relevant');
    const background = store.corrections.uncorrectedRecent(
      Math.min(MAX_BACKGROUND, negatives.length * BACKGROUND_PER_NEGATIVE),
    );
    for (const r of background) model.learnRelevance(featuresOf(inputOf(r)), 'relevant');
  }
  return model;
}

export interface LearningOptions extends LoadLearnedOptions {
  /**
   * The trained model (models/tagger-v1.json). Corrections fine-tune it, so the running model changes
   * with each one; without it, corrections train the naive Bayes blend of the rules.
   */
  base?: TaggerModel | null;
  /** An item's features as `base` reads them; needed with `base`. */
  modelFeatures?: (input: TagInput) => ReadonlyMap<string, number>;
}

export interface LearningTagger extends Tagger {
  /** The corrections model in use now (relevance, and the stage blend when there is no trained model). */
  readonly learned: CorrectionModel;
  /** The trained model in use now, fine-tuned on the corrections so far; null without one. */
  readonly model: TaggerModel | null;
  /** Retrains now, whatever the corrections table says. */
  refresh(): void;
}

/**
 * A tagger that keeps up with people's corrections: before tagging it checks whether the corrections
 * table has grown since it last trained (one index lookup) and, if so, retrains and rebuilds the
 * tagger. Retraining from the whole table is cheap enough to do after every correction, and it means
 * a withdrawn or changed correction is handled the same way as a new one.
 */
export function learningTagger(
  store: Store,
  build: (learned: LearnedModel, model: TaggerModel | null) => Tagger,
  options: LearningOptions = {},
): LearningTagger {
  // The newest correction's id is enough to notice new ones with a single index lookup; corrections
  // removed with their items are dropped at the next refresh (start-up, or `refresh()`).
  const version = () => store.corrections.lastId();
  let seen = -1;
  const base = options.base ?? null;
  let learned = new CorrectionModel();
  let model = base;
  let tagger: Tagger = build(learned, model);
  const refresh = (): void => {
    seen = version();
    learned = loadLearnedModel(store, options);
    model =
      base && options.modelFeatures
        ? base.withCorrections(correctionExamples(store, options.modelFeatures))
        : base;
    tagger = build(learned, model);
  };
  const current = (): Tagger => {
    if (version() !== seen) refresh();
    return tagger;
  };
  return {
    get learned() {
      current();
      return learned;
    },
    get model() {
      current();
      return model;
    },
    refresh,
    tag: (input) => current().tag(input),
  };
}
