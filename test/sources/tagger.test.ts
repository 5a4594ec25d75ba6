import { describe, expect, it } from 'vitest';
import { createTagger } from '../../src/tagging/index.js';

const tagger = createTagger({ now: () => new Date('2026-03-01T00:00:00Z') });

describe('the tagger with structured signals', () => {
  const title = 'Government scraps plans for the new fund after delays';

  it('lets a decisive signal decide the stage, with its own reason and closing date', () => {
    const plain = tagger.tag({ title, summary: '' });
    expect(plain.stage).toBe('trough');
    const t = tagger.tag({
      title,
      summary: '',
      signals: [
        {
          stage: 'trigger',
          decisive: true,
          text: 'GOV.UK says: open consultation, closes 12 March',
          deadline: { date: '2026-03-12', text: 'closes 12 March', kind: 'consultation' },
        },
      ],
    });
    expect(t.stage).toBe('trigger');
    expect(t.confidence).toBe(0.95);
    expect(t.reasons[0]).toEqual({
      kind: 'stage',
      target: 'trigger',
      text: 'GOV.UK says: open consultation, closes 12 March',
      weight: 0.95,
    });
    expect(t.deadline).toEqual({ date: '2026-03-12', text: 'closes 12 March', kind: 'consultation' });
  });

  it('lets a leaning signal fill in only when the words give no stage', () => {
    const lean = { stage: 'peak' as const, decisive: false, text: 'GOV.UK says: government response' };
    expect(tagger.tag({ title, summary: '', signals: [lean] }).stage).toBe('trough');
    const quiet = tagger.tag({
      title: 'Road traffic estimates for Great Britain',
      summary: '',
      signals: [lean],
    });
    expect(quiet.stage).toBe('peak');
    expect(quiet.confidence).toBe(0.5);
  });

  it('shows a fact that says nothing about the stage beside the words, without changing the stage', () => {
    const t = tagger.tag({
      title,
      summary: '',
      signals: [{ stage: null, decisive: false, text: 'GOV.UK says: national statistics' }],
    });
    expect(t.stage).toBe('trough');
    expect(t.reasons).toContainEqual({ kind: 'source', text: 'GOV.UK says: national statistics' });
  });
});
