import { describe, expect, it } from 'vitest';
import type { Tagging } from '../../src/domain.js';
import { blendTagging, whyItMatters } from '../../src/llm/blend.js';
import { createTagger } from '../../src/tagging/index.js';

const tagger = createTagger();
const local: Tagging = tagger.tag({
  title: 'Watchdog warns flagship childcare expansion is delayed',
  summary: 'The National Audit Office finds the roll-out is behind schedule and councils face a shortfall.',
  feedKind: 'news',
});

describe('blending the language model with the local tagger', () => {
  it("takes the model's stage and keeps only evidence for it, saying which evidence chose it", () => {
    const other = local.stage === 'slope' ? 'plateau' : 'slope';
    const t = blendTagging(local, { stage: other, stageEvidence: 'pilot', themes: [], whyItMatters: '' }, 4);
    expect(t.stage).toBe(other);
    expect(t.confidence).toBe(0.75);
    expect(t.reasons[0]).toEqual({
      kind: 'model',
      target: other,
      text: `language model: ${other} ("pilot")`,
    });
    const stageReasons = t.reasons.filter((r) => ['stage', 'model', 'source'].includes(r.kind) && r.target);
    expect(
      stageReasons.every(
        (r) =>
          r.target === other ||
          !['trigger', 'peak', 'trough', 'slope', 'plateau', 'unknown'].includes(r.target!),
      ),
    ).toBe(true);
    expect(t.deadline).toEqual(local.deadline);
  });

  it('raises confidence when both agree', () => {
    const t = blendTagging(
      local,
      {
        stage: local.stage === 'unknown' ? 'trough' : local.stage,
        stageEvidence: '',
        themes: [],
        whyItMatters: '',
      },
      4,
    );
    expect(t.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the local stage when the model says unknown', () => {
    const t = blendTagging(local, { stage: 'unknown', stageEvidence: '', themes: [], whyItMatters: '' }, 4);
    expect(t.stage).toBe(local.stage);
    expect(t.confidence).toBe(local.confidence);
  });

  it("puts the model's themes first, adds the local ones, caps the count, and records why", () => {
    const t = blendTagging(
      local,
      { stage: 'unknown', stageEvidence: '', themes: ['housing', 'children-families'], whyItMatters: '' },
      3,
    );
    expect(t.themes.slice(0, 2)).toEqual(['housing', 'children-families']);
    expect(t.themes.length).toBeLessThanOrEqual(3);
    expect(t.reasons).toContainEqual({ kind: 'theme', target: 'housing', text: 'language model: housing' });
    const themed = new Set(t.themes);
    expect(t.reasons.filter((r) => r.kind === 'theme').every((r) => themed.has(r.target!))).toBe(true);
  });

  it('keeps the "why it matters" line for the agenda', () => {
    const t = blendTagging(
      local,
      { stage: 'trough', stageEvidence: '', themes: [], whyItMatters: 'Our nurseries depend on it.' },
      4,
    );
    expect(whyItMatters(t.reasons)).toBe('Our nurseries depend on it.');
    expect(whyItMatters(local.reasons)).toBeNull();
  });
});
