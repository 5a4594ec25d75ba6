// Small builders for agendas as the core hands them to the Slack renderers and publisher.
import { shippedGuides, stageGuide } from '../../src/agenda/guides.js';
import {
  ALL_STAGES,
  type Agenda,
  type AgendaDeadline,
  type AgendaItem,
  type Stage,
} from '../../src/domain.js';

export function agendaItem(n: number, o: Partial<AgendaItem> = {}): AgendaItem {
  return {
    itemId: n,
    title: `Item ${n}`,
    link: `https://www.gov.uk/news/${n}`,
    source: 'GOV.UK',
    feedKind: 'policy',
    publishedAt: '2026-03-03T10:00:00Z',
    stage: 'trigger',
    confidence: 0.8,
    themes: ['social-care'],
    themeNames: ['Social care'],
    why: ['Stage signal: "consultation"'],
    prompt: 'What case should we put forward?',
    deadline: null,
    amount: null,
    coverage: 1,
    score: 1,
    ...o,
  };
}

export function deadline(n: number): AgendaDeadline {
  return {
    itemId: n,
    title: `Fund ${n} for community groups with a deliberately long title to fill the header up quickly`,
    link: `https://www.tnlcommunityfund.org.uk/funding/${n}`,
    source: 'The National Lottery Community Fund',
    kind: 'funding',
    deadline: { date: '2026-04-30', text: 'closing date 30 April 2026', kind: 'funding' },
    amount: { value: 2_000_000, text: '£2m' },
    daysLeft: 41,
  };
}

export function agenda(o: Partial<Agenda> = {}): Agenda {
  const items = [agendaItem(1), agendaItem(2, { stage: 'trough' })];
  const counts = Object.fromEntries(ALL_STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const i of items) counts[i.stage]++;
  return {
    month: '2026-03',
    generatedAt: '2026-03-20T09:00:00Z',
    sections: ALL_STAGES.map((stage) => ({
      stage,
      guide: stageGuide(stage),
      items: items.filter((i) => i.stage === stage),
    })).filter((s) => s.items.length),
    deadlines: [],
    guides: shippedGuides(),
    feedsNeedingAttention: [{ feedId: 9, title: 'Broken feed', reason: 'HTTP 500' }],
    lastMonthDecisions: [],
    movements: [],
    counts,
    candidateCount: 2,
    ...o,
  };
}
