import { describe, expect, it } from 'vitest';
import { type Candidate, selectItems } from '../../src/agenda/select.js';
import type { FeedItem, Stage, StageGuide, Tagging } from '../../src/domain.js';

const guide = (stage: Stage): StageGuide => ({
  stage,
  label: stage,
  tactic: `tactic for ${stage}`,
  prompt: `prompt for ${stage}?`,
});

let seq = 0;
function candidate(
  over: Partial<Omit<FeedItem, 'tagging'>> & { tagging?: Partial<Tagging> } = {},
  coverage = 1,
): Candidate {
  const id = ++seq;
  const tagging: Tagging = {
    stage: 'trigger',
    confidence: 0.6,
    themes: ['housing'],
    reasons: [],
    deadline: null,
    amount: null,
    ...over.tagging,
  };
  const item: FeedItem = {
    id,
    feedId: 1,
    feedTitle: 'Feed',
    feedKind: 'policy',
    key: `k${id}`,
    title: `Item ${id}`,
    summary: '',
    link: `https://example.org/${id}`,
    canonicalUrl: `https://example.org/${id}`,
    publishedAt: '2026-03-02T10:00:00Z',
    categories: [],
    firstSeenAt: '2026-03-02T10:00:00Z',
    effectiveAt: '2026-03-02T10:00:00Z',
    backfill: false,
    storyKey: `s${id}`,
    correctedStage: null,
    notRelevant: false,
    ...over,
    tagging,
  };
  return { item, coverage };
}

const opts = { maxItems: 12, today: '2026-03-10', deadlineDays: 60, guide };

describe('choosing agenda items', () => {
  it('caps the agenda and keeps the strongest signals', () => {
    const strong = candidate({ tagging: { confidence: 0.95, themes: ['housing', 'welfare'] } });
    const weak = Array.from({ length: 20 }, (_, i) =>
      candidate({ feedId: i, tagging: { stage: 'unknown', confidence: 0, themes: [] } }),
    );
    const chosen = selectItems([...weak, strong], opts);
    expect(chosen).toHaveLength(12);
    expect(chosen[0]!.itemId).toBe(strong.item.id);
  });

  it('shows one item per story, and counts the feeds that carried it', () => {
    const a = candidate({ storyKey: 'same', feedId: 1 }, 2);
    const b = candidate({ storyKey: 'same', feedId: 2 }, 2);
    const chosen = selectItems([a, b], opts);
    expect(chosen).toHaveLength(1);
    expect(chosen[0]!.why).toContain('Carried by 2 feeds');
  });

  it('ranks a story carried by several feeds above the same signal in one', () => {
    const lone = candidate({ feedId: 1 }, 1);
    const echoed = candidate({ feedId: 2 }, 3);
    expect(selectItems([lone, echoed], opts)[0]!.itemId).toBe(echoed.item.id);
  });

  it('lets no single feed fill more than a third of the agenda', () => {
    const busy = Array.from({ length: 12 }, () => candidate({ feedId: 1, tagging: { confidence: 0.9 } }));
    const others = Array.from({ length: 12 }, (_, i) =>
      candidate({ feedId: 10 + i, tagging: { confidence: 0.3 } }),
    );
    const chosen = selectItems([...busy, ...others], opts);
    expect(chosen.filter((c) => busy.some((b) => b.item.id === c.itemId))).toHaveLength(4);
  });

  it('leaves out items marked not relevant, and always keeps items an editor added', () => {
    const dropped = candidate({ notRelevant: true, tagging: { confidence: 1 } });
    const added = candidate({ tagging: { stage: 'unknown', confidence: 0, themes: [] } });
    const rest = Array.from({ length: 15 }, (_, i) => candidate({ feedId: i + 2 }));
    const chosen = selectItems([dropped, added, ...rest], opts, new Set([added.item.id]));
    expect(chosen.map((c) => c.itemId)).not.toContain(dropped.item.id);
    expect(chosen.map((c) => c.itemId)).toContain(added.item.id);
  });

  it("uses a person's stage correction over the tagger's, with the stage's prompt", () => {
    const corrected = candidate({ correctedStage: 'slope' });
    const [item] = selectItems([corrected], opts);
    expect(item).toMatchObject({ stage: 'slope', prompt: 'prompt for slope?', confidence: 1 });
    expect(item!.why[0]).toBe('Stage set by a person: slope');
  });

  it('says when a funding deadline closes', () => {
    const funding = candidate({
      feedKind: 'funding',
      tagging: { deadline: { date: '2026-03-31', text: 'closing date 31 March 2026', kind: 'funding' } },
    });
    expect(selectItems([funding], opts)[0]!.why).toContain('Closes 31 Mar 2026 (in 21 days)');
  });
});

describe('learning what the team cares about', () => {
  it('ranks items the team is unlikely to care about below the rest', () => {
    const liked = candidate({ feedId: 1, tagging: { relevance: 0.9 } });
    const disliked = candidate({ feedId: 2, tagging: { relevance: 0.1 } });
    const chosen = selectItems([disliked, liked], opts);
    expect(chosen.map((c) => c.itemId)).toEqual([liked.item.id, disliked.item.id]);
  });

  it('never chooses an undated item ahead of a dated one, whatever the scores', () => {
    const undated = candidate(
      {
        publishedAt: null,
        feedId: 2,
        tagging: { confidence: 0.99, themes: ['housing', 'welfare', 'health-care'] },
      },
      4,
    );
    const dated = candidate({ feedId: 3, tagging: { stage: 'unknown', confidence: 0, themes: [] } });
    const chosen = selectItems([undated, dated], { ...opts, maxItems: 1 });
    expect(chosen.map((c) => c.itemId)).toEqual([dated.item.id]);
    expect(selectItems([undated, dated], opts).map((c) => c.itemId)).toEqual([
      dated.item.id,
      undated.item.id,
    ]);
  });

  it('leaves out closed calls unless an editor added them, then marks them closed', () => {
    const closed = candidate({
      tagging: { deadline: { date: '2018-10-05', text: 'deadline is 5 October 2018', kind: 'funding' } },
    });
    expect(selectItems([closed], opts)).toEqual([]);
    const [shown] = selectItems([closed], opts, new Set([closed.item.id]));
    expect(shown?.closed).toBe(true);
    expect(shown?.why).toContain('Closed 5 Oct 2018');
  });
});
