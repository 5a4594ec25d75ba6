import type { Deadline, Reason, SourceSignal, Stage } from '../domain.js';

/** How sure the tagger is when a source states the stage outright (a person's correction is 1). */
export const DECISIVE_CONFIDENCE = 0.95;
/** A leaning signal decides only when the words found no stage, and then not very surely. */
export const LEANING_CONFIDENCE = 0.5;

export interface StageDecided {
  stage: Stage;
  confidence: number;
  reasons: Reason[];
}

/**
 * Structured evidence from the source (GOV.UK's document type, a bill's stage). A decisive signal settles
 * the stage with its own reason; a leaning one fills in only when the text left the stage unknown. Signals
 * that say nothing about the stage leave the words to decide.
 */
export function applySignals(
  signals: readonly SourceSignal[] | undefined,
  rules: StageDecided,
): StageDecided {
  if (!signals || signals.length === 0) return rules;
  const decisive = signals.find((s) => s.stage !== null && s.decisive);
  if (decisive)
    return {
      stage: decisive.stage!,
      confidence: DECISIVE_CONFIDENCE,
      reasons: [{ kind: 'stage', target: decisive.stage!, text: decisive.text, weight: DECISIVE_CONFIDENCE }],
    };
  const leaning = signals.find((s) => s.stage !== null);
  if (leaning && rules.stage === 'unknown')
    return {
      stage: leaning.stage!,
      confidence: LEANING_CONFIDENCE,
      reasons: [{ kind: 'stage', target: leaning.stage!, text: leaning.text, weight: LEANING_CONFIDENCE }],
    };
  // The fact is still worth showing beside the words' own reasons.
  const said = signals[0]!;
  return { ...rules, reasons: [...rules.reasons, { kind: 'source', text: said.text }] };
}

/** A closing date the source states wins over one read from the words. */
export function signalDeadline(signals: readonly SourceSignal[] | undefined): Deadline | null {
  return signals?.find((s) => s.deadline)?.deadline ?? null;
}
