import { STAGES, type FeedKind, type KnownStage, type Reason, type Stage } from '../domain.js';
import { outermost, surface, type CompiledTaxonomy, type Cue, type Field } from './compile.js';
import type { PhraseMatch } from './text.js';

/** One stage signal found in an item, after negation and tense have had their say. */
export interface StageEvidence {
  stage: KnownStage;
  weight: number;
  text: string;
  field: Field['name'];
  /**
   * The signal was read for another stage and turned round ("not delayed", "will be scrapped", a round
   * of a government's special fund rather than a funder's regular grants).
   */
  turned: 'negated' | 'future' | 'special' | null;
  from: KnownStage;
}

export interface StageScores {
  /** Evidence from the words of the item only. */
  text: Record<KnownStage, number>;
  /** Text plus the source prior. */
  total: Record<KnownStage, number>;
  evidence: StageEvidence[];
  textTotal: number;
  prior: Partial<Record<KnownStage, number>>;
  /** Signs that the item reports no policy event at all (a written question, a statistics release). */
  unknown: number;
  unknownEvidence: { text: string; field: Field['name']; weight: number }[];
}

export function emptyStageRecord(): Record<KnownStage, number> {
  return { trigger: 0, peak: 0, trough: 0, slope: 0, plateau: 0 };
}

type StageCue = Extract<Cue, { kind: 'stage' }>;

/** Scores each stage from the signals in an item's fields, then adds the prior for its kind of feed. */
export function scoreStages(
  c: CompiledTaxonomy,
  fields: Field[],
  feedKind: FeedKind | undefined,
): StageScores {
  const text = emptyStageRecord();
  const evidence: StageEvidence[] = [];
  const { negation, future, specialFunds } = c.taxonomy;
  let unknown = 0;
  const unknownEvidence: StageScores['unknownEvidence'] = [];
  let special = false;
  for (const field of fields)
    for (const m of field.matches) {
      if (m.value.kind === 'special') special = true;
      else if (m.value.kind === 'unknown') {
        const weight = m.value.weight * field.weight;
        unknown += weight;
        unknownEvidence.push({ text: surface(field, m), field: field.name, weight });
      }
    }
  for (const field of fields) {
    const signals = outermost(field.matches, (v) => v.kind === 'stage') as PhraseMatch<StageCue>[];
    if (signals.length === 0) continue;
    const names = nameSpans(field.matches);
    const negEnds = cueEnds(field.matches, 'negation');
    const futEnds = cueEnds(field.matches, 'future');
    // A phrase counts once per field: a summary repeating "consultation" is not three times the evidence.
    const seen = new Set<number>();
    for (const m of signals) {
      const cue = m.value;
      if (names !== null && insideName(names, m)) continue;
      let stage: KnownStage | null = cue.stage;
      let weight = cue.weight * field.weight;
      let turned: StageEvidence['turned'] = null;
      if (precededBy(field, negEnds, m.from, negation.window)) {
        turned = 'negated';
        stage = applies(c.negationPhrases, cue.phrase) ? (negation.flips[cue.stage] ?? null) : null;
        weight *= negation.flipWeight;
      } else if (
        future.flips[cue.stage] &&
        applies(c.futurePhrases, cue.phrase) &&
        precededBy(field, futEnds, m.from, future.window)
      ) {
        turned = 'future';
        stage = future.flips[cue.stage]!;
        weight *= future.flipWeight;
      } else if (special && specialFunds.flips[cue.stage] && applies(c.specialPhrases, cue.phrase)) {
        turned = 'special';
        stage = specialFunds.flips[cue.stage]!;
        weight *= specialFunds.flipWeight;
      }
      if (stage === null) continue;
      // The phrase, the stage it counts for and how it was turned, as one number.
      const key = (cue.phraseId * STAGES.length + STAGES.indexOf(stage)) * TURNS + turnIndex(turned);
      if (seen.has(key)) continue;
      seen.add(key);
      text[stage] += weight;
      evidence.push({ stage, weight, text: surface(field, m), field: field.name, turned, from: cue.stage });
    }
  }
  const prior = feedKind ? (c.taxonomy.sourcePriors[feedKind] ?? {}) : {};
  const total = { ...text };
  let textTotal = 0;
  for (const s of STAGES) {
    textTotal += text[s];
    total[s] += prior[s] ?? 0;
  }
  return { text, total, evidence, textTotal, prior, unknown, unknownEvidence };
}

const TURNS = 4;

function turnIndex(t: StageEvidence['turned']): number {
  return t === null ? 0 : t === 'negated' ? 1 : t === 'future' ? 2 : 3;
}

function applies(only: Set<string> | null, phrase: string): boolean {
  return only === null || only.has(phrase);
}

function nameSpans(matches: PhraseMatch<Cue>[]): PhraseMatch<Cue>[] | null {
  let out: PhraseMatch<Cue>[] | null = null;
  for (const m of matches) if (m.value.kind === 'name') (out ??= []).push(m);
  return out;
}

/** A signal wholly inside a name ("fund" in "The King's Fund") is part of the name, not news. */
export function insideName(names: readonly PhraseMatch<Cue>[], m: { from: number; to: number }): boolean {
  for (const n of names) if (n.from <= m.from && m.to <= n.to && n.to - n.from > m.to - m.from) return true;
  return false;
}

function cueEnds(matches: PhraseMatch<Cue>[], kind: 'negation' | 'future'): number[] {
  const ends: number[] = [];
  for (const m of matches) if (m.value.kind === kind) ends.push(m.to);
  return ends;
}

/** A cue ends within `window` words before the signal, with no clause break in between. */
function precededBy(field: Field, ends: number[], from: number, window: number): boolean {
  for (const end of ends) {
    if (end > from || from - end > window) continue;
    let broken = false;
    for (let k = end; k <= from && k < field.tokens.length; k++)
      if (field.tokens[k]!.breakBefore) {
        broken = true;
        break;
      }
    if (!broken) return true;
  }
  return false;
}

export interface StageDecision {
  stage: Stage;
  confidence: number;
  reasons: Reason[];
}

/** How much evidence it takes to be fairly sure: confidence is score / (all scores + this). */
const CONFIDENCE_DAMPING = 2;

/**
 * The rules' decision. With less text evidence than `minStageScore` the item is `unknown`, whatever its
 * source: the source prior only tips the balance between stages the words already point to.
 */
export function decideStage(
  c: CompiledTaxonomy,
  s: StageScores,
  feedKind: FeedKind | undefined,
): StageDecision {
  if (s.textTotal < c.taxonomy.settings.minStageScore) {
    return {
      stage: 'unknown',
      confidence: round(CONFIDENCE_DAMPING / (s.textTotal + CONFIDENCE_DAMPING)),
      reasons:
        s.evidence.length === 0
          ? [{ kind: 'stage', target: 'unknown', text: 'no stage signal in the text' }]
          : [
              {
                kind: 'stage',
                target: 'unknown',
                text: `only weak stage signals (${quoteList(s.evidence)})`,
              },
            ],
    };
  }
  const stage = argmax(s.total);
  // A written question or a statistics release may use stage words ("uplifts to contracts") without
  // reporting any change to a policy: its form outweighs words that do not beat it.
  if (s.unknown > 0 && s.unknown >= s.text[stage]) {
    return {
      stage: 'unknown',
      confidence: round(s.unknown / (s.unknown + s.textTotal + CONFIDENCE_DAMPING)),
      reasons: s.unknownEvidence
        .sort((a, b) => b.weight - a.weight)
        .slice(0, MAX_REASONS_PER_STAGE)
        .map((e) => ({
          kind: 'stage',
          target: 'unknown',
          text: `"${e.text}" in ${e.field} (no policy event)`,
          weight: round(e.weight),
        })),
    };
  }
  return { stage, confidence: ruleConfidence(s, stage), reasons: stageReasons(s, stage, feedKind) };
}

/** The stage `decideStage` picks, without building its reasons. */
export function ruleStage(c: CompiledTaxonomy, s: StageScores): Stage {
  if (s.textTotal < c.taxonomy.settings.minStageScore) return 'unknown';
  const stage = argmax(s.total);
  return s.unknown > 0 && s.unknown >= s.text[stage] ? 'unknown' : stage;
}

export function ruleConfidence(s: StageScores, stage: KnownStage): number {
  let sum = 0;
  for (const k of STAGES) sum += Math.max(0, s.total[k]);
  return round(Math.max(0, s.total[stage]) / (sum + CONFIDENCE_DAMPING));
}

export function argmax(scores: Record<KnownStage, number>): KnownStage {
  let best: KnownStage = STAGES[0];
  for (const k of STAGES) if (scores[k] > scores[best]) best = k;
  return best;
}

const MAX_REASONS_PER_STAGE = 4;

export function stageReasons(s: StageScores, stage: KnownStage, feedKind: FeedKind | undefined): Reason[] {
  const reasons: Reason[] = s.evidence
    .filter((e) => e.stage === stage)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, MAX_REASONS_PER_STAGE)
    .map((e) => ({ kind: 'stage', target: stage, text: describe(e), weight: round(e.weight) }));
  const prior = s.prior[stage];
  if (feedKind && prior)
    reasons.push({ kind: 'source', target: stage, text: `from a ${feedKind} feed`, weight: round(prior) });
  return reasons;
}

function describe(e: StageEvidence): string {
  const where = `"${e.text}" in ${e.field}`;
  if (e.turned === 'negated') return `${where} (negated, so not ${e.from})`;
  if (e.turned === 'future') return `${where} (future: decided, not yet done)`;
  if (e.turned === 'special') return `${where} (a government's special fund, not a regular round)`;
  return where;
}

function quoteList(ev: StageEvidence[]): string {
  return ev
    .slice(0, 3)
    .map((e) => `"${e.text}"`)
    .join(', ');
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}
