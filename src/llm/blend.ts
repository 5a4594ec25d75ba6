import type { Reason, Tagging } from '../domain.js';
import type { LlmAnswer } from './answer.js';

/** Marks the reason that carries the model's "why it matters" line, so the agenda can show it. */
export const WHY_IT_MATTERS = 'why-it-matters';
export const LLM_PREFIX = 'language model';

/** The language model's "why it matters" line from an item's reasons, when it gave one. */
export function whyItMatters(reasons: readonly Reason[]): string | null {
  const r = reasons.find((x) => x.kind === 'profile' && x.target === WHY_IT_MATTERS);
  return r ? r.text.replace(new RegExp(`^${LLM_PREFIX}: `), '') : null;
}

const STAGE_KINDS = new Set<Reason['kind']>(['stage', 'model', 'source']);

/**
 * Combines the local tagger's answer with the language model's:
 * - stage: the model's wins when it names one (not `unknown`); agreement raises confidence. Local stage
 *   evidence for a different stage is dropped, so the reasons shown are the ones that chose the stage.
 * - themes: the model's first, then the local tagger's, at most `maxThemes`; both are taxonomy slugs.
 * - the model's "why it matters" line is kept as a profile reason for the agenda.
 * Deadline, amount and learned relevance stay the local tagger's: they are read from the text exactly.
 */
export function blendTagging(local: Tagging, answer: LlmAnswer, maxThemes: number): Tagging {
  let { stage, confidence } = local;
  let reasons = [...local.reasons];
  const added: Reason[] = [];
  if (answer.stage !== 'unknown') {
    confidence = local.stage === answer.stage ? Math.max(local.confidence, 0.9) : 0.75;
    stage = answer.stage;
    reasons = reasons.filter((r) => !STAGE_KINDS.has(r.kind) || !r.target || r.target === stage);
    added.push({
      kind: 'model',
      target: stage,
      text: `${LLM_PREFIX}: ${stage}${answer.stageEvidence ? ` ("${answer.stageEvidence}")` : ''}`,
    });
  }
  const themes = [...new Set([...answer.themes, ...local.themes])].slice(0, Math.max(1, maxThemes));
  const kept = new Set(themes);
  reasons = reasons.filter((r) => r.kind !== 'theme' || !r.target || kept.has(r.target));
  for (const slug of answer.themes)
    if (kept.has(slug)) added.push({ kind: 'theme', target: slug, text: `${LLM_PREFIX}: ${slug}` });
  if (answer.whyItMatters)
    added.push({ kind: 'profile', target: WHY_IT_MATTERS, text: `${LLM_PREFIX}: ${answer.whyItMatters}` });
  return { ...local, stage, confidence, themes, reasons: [...added, ...reasons] };
}
