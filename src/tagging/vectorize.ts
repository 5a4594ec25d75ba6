// What the trained model reads of an item: word and two-word features of the title and summary (a
// word in the title counts `titleWeight` times), the taxonomy's rule scores as features (not as the
// final vote), the kind of source, and the structured signals a source states.
import { STAGES, type SourceSignal, type Stage } from '../domain.js';
import type { Field } from './compile.js';
import type { StageScores } from './stage.js';
import type { Token } from './text.js';

/** Where a feature was seen, so a reason can quote the item's own words. */
export type FeatureSource =
  | { field: Field['name'] | 'signals'; from: number; to: number }
  | { rule: string; pick?: true }
  | { source: string }
  | { signal: SourceSignal };

/** Receives each feature once per place it occurs; the caller adds values up. */
export type Emit = (name: string, value: number, where: FeatureSource | null) => void;

export interface VectorInput {
  title: readonly Token[];
  summary: readonly Token[];
  feedKind: string | undefined;
  signals: readonly SourceSignal[];
  /** The taxonomy's stage scores and decision; left out when the model is trained without rule features. */
  rules: { scores: StageScores; stage: Stage; themes: ReadonlyMap<string, { score: number }> } | null;
}

export interface VectorSettings {
  titleWeight: number;
  /**
   * Scale word features by 1/sqrt(words / 20), so a long summary does not outvote a short one by its
   * length alone.
   */
  lengthNorm?: boolean;
  /** Also read each title word as a feature of its own (`t:`), so headline words can weigh differently. */
  titleFeatures?: boolean;
  /** Read the taxonomy's scores as features. */
  ruleFeatures: boolean;
  /**
   * How a word or word pair's summed weight becomes its value: as it is (`count`, the default), or
   * `log`, log(1 + weight), so a word said five times does not weigh five times as much as one said
   * once.
   */
  termWeight?: 'count' | 'log';
}

/** Word and word-pair features: the ones `termWeight` applies to. */
export function isTermFeature(name: string): boolean {
  return name.startsWith('w:') || name.startsWith('b:') || name.startsWith('t:');
}

/**
 * An item's features as the model reads them: every emitted value summed per feature, then each word
 * and word pair weighed by `termWeight`.
 */
export function featureMap(v: VectorInput, s: VectorSettings): Map<string, number> {
  const out = new Map<string, number>();
  emitFeatures(v, s, (name, value) => out.set(name, (out.get(name) ?? 0) + value), false);
  if (s.termWeight === 'log')
    for (const [name, x] of out) if (isTermFeature(name)) out.set(name, Math.log1p(x));
  return out;
}

/**
 * Emits every feature of an item. `explain` asks for where each was seen (reasons); without it the
 * `where` argument is null, which keeps tagging fast.
 */
export function emitFeatures(v: VectorInput, s: VectorSettings, emit: Emit, explain: boolean): void {
  const scale = wordScale(v, s);
  grams(v.title, 'title', s.titleWeight * scale, emit, explain);
  if (s.titleFeatures)
    v.title.forEach((t, i) =>
      emit(`t:${t.stem}`, scale, explain ? { field: 'title', from: i, to: i + 1 } : null),
    );
  grams(v.summary, 'summary', scale, emit, explain);
  if (v.feedKind) emit(`src:${v.feedKind}`, 1, explain ? { source: v.feedKind } : null);
  // A source's stated stage (src/tagging/signals.ts reads GOV.UK and Parliament): learned from
  // corrections; a decisive one also settles the stage outright (applySignals).
  for (const sig of v.signals) if (sig.stage) emit(`sig:${sig.stage}`, 1, explain ? { signal: sig } : null);
  if (!s.ruleFeatures || !v.rules) return;
  const { scores, stage, themes } = v.rules;
  for (const st of STAGES) {
    const x = scores.text[st];
    if (x > 0) emit(`rule:stage:${st}`, Math.log1p(x), explain ? { rule: st } : null);
  }
  if (scores.unknown > 0)
    emit('rule:stage:unknown', Math.log1p(scores.unknown), explain ? { rule: 'unknown' } : null);
  emit(`rule:pick:${stage}`, 1, explain ? { rule: stage, pick: true } : null);
  for (const [slug, { score: x }] of themes)
    if (x > 0) emit(`rule:theme:${slug}`, Math.log1p(x), explain ? { rule: slug } : null);
}

/** What each word feature is multiplied by (see `lengthNorm`). */
export function wordScale(v: Pick<VectorInput, 'title' | 'summary'>, s: VectorSettings): number {
  if (!s.lengthNorm) return 1;
  return 1 / Math.sqrt(Math.max(1, (v.title.length + v.summary.length) / 20));
}

function grams(
  tokens: readonly Token[],
  field: 'title' | 'summary',
  weight: number,
  emit: Emit,
  explain: boolean,
): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    emit(`w:${t.stem}`, weight, explain ? { field, from: i, to: i + 1 } : null);
    const next = tokens[i + 1];
    if (next && !next.breakBefore)
      emit(`b:${t.stem}_${next.stem}`, weight, explain ? { field, from: i, to: i + 2 } : null);
  }
}

/** A feature name in plain words, for a feature with no place in the text (model files, docs). */
export function describeFeature(name: string): string {
  if (name.startsWith('w:')) return `the word "${name.slice(2)}…"`;
  if (name.startsWith('t:')) return `the title word "${name.slice(2)}…"`;
  if (name.startsWith('b:')) return `the words "${name.slice(2).replace('_', ' ')}…"`;
  if (name.startsWith('src:')) return `from a ${name.slice(4)} feed`;
  if (name.startsWith('sig:')) return `the source says ${name.slice(4)}`;
  if (name.startsWith('rule:stage:')) return `the taxonomy's ${name.slice(11)} signals`;
  if (name.startsWith('rule:pick:')) return `the taxonomy rules chose ${name.slice(10)}`;
  if (name.startsWith('rule:theme:')) return `the taxonomy's ${name.slice(11)} keywords`;
  return name;
}
