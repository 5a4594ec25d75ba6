import { describe, expect, it } from 'vitest';
import type { AgendaPart } from '../../src/chat/types.js';
import type { Agenda, AgendaItem } from '../../src/domain.js';
import { shippedGuides, stageGuide } from '../../src/agenda/guides.js';
import { cardLink, escapeCardText, safeUrl } from '../../adapters/teams/render/escape.js';
import { headerCard, itemCard } from '../../adapters/teams/render/agenda.js';
import { cardBytes } from '../../adapters/teams/render/limits.js';
import { renderReply } from '../../adapters/teams/render/reply.js';
import { cardProblems, cardText } from './cards.js';

function agendaItem(over: Partial<AgendaItem> = {}): AgendaItem {
  return {
    itemId: 1,
    title: 'Government launches consultation on social care',
    link: 'https://www.gov.uk/consultations/social-care',
    source: 'DHSC',
    feedKind: 'policy',
    publishedAt: '2026-03-03T09:00:00Z',
    stage: 'trigger',
    confidence: 0.8,
    themes: ['social-care'],
    themeNames: ['Social care'],
    why: ['"consultation" signals a policy trigger'],
    prompt: 'Should we respond to this consultation?',
    deadline: null,
    amount: null,
    coverage: 1,
    score: 1,
    ...over,
  };
}

function agenda(itemsList: AgendaItem[], over: Partial<Agenda> = {}): Agenda {
  const stages = ['trigger', 'peak', 'trough', 'slope', 'plateau', 'unknown'] as const;
  return {
    month: '2026-03',
    generatedAt: '2026-03-01T09:00:00Z',
    sections: stages.map((stage) => ({
      stage,
      guide: stageGuide(stage),
      items: itemsList.filter((i) => i.stage === stage),
    })),
    deadlines: [],
    guides: shippedGuides(),
    feedsNeedingAttention: [],
    lastMonthDecisions: [],
    movements: [],
    counts: { trigger: 0, peak: 0, trough: 0, slope: 0, plateau: 0, unknown: 0 },
    candidateCount: itemsList.length,
    ...over,
  };
}

const opts = { timezone: 'Europe/London', channelId: '19:c@thread.tacv2' };

describe('escaping for Adaptive Card Markdown', () => {
  it('shows Markdown characters literally', () => {
    expect(escapeCardText('**urgent** _now_ [click](https://evil.example)')).toBe(
      '\\*\\*urgent\\*\\* \\_now\\_ \\[click\\](https://evil.example)',
    );
  });

  it('stops a title from turning into a list item', () => {
    expect(escapeCardText('- not a bullet')).toBe('\\- not a bullet');
    expect(escapeCardText('2026. A year of reform')).toBe('2026\\. A year of reform');
  });

  it("keeps Teams' date functions inert", () => {
    expect(escapeCardText('{{DATE(2026-03-01T00:00:00Z, SHORT)}}')).not.toContain('{{');
  });

  it('links only http(s) addresses, and keeps a ")" from ending the link early', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(cardLink('Read', 'javascript:alert(1)')).toBe('Read');
    expect(cardLink('Read', 'https://example.org/a_(b)')).toBe('[Read](https://example.org/a_%28b%29)');
  });
});

describe('agenda cards', () => {
  it('shows title (linked), source, date, themes, stage and tactic on an item', () => {
    const item = agendaItem();
    const text = cardText(itemCard(agenda([item]), item, 0, opts)).join('\n');
    expect(text).toContain(
      '[Government launches consultation on social care](https://www.gov.uk/consultations/social-care)',
    );
    expect(text).toContain('DHSC · 3 Mar 2026');
    expect(text).toContain('Themes: Social care');
    expect(text).toContain(`Stage: ${stageGuide('trigger').label}`);
    expect(text).toContain('Tactic: ');
  });

  it('keeps a huge item inside the size budget and valid', () => {
    const item = agendaItem({ title: 'T'.repeat(5000), why: Array(50).fill('x'.repeat(2000)) });
    const card = itemCard(agenda([item]), item, 0, opts);
    expect(cardBytes(card)).toBeLessThan(26 * 1024);
    expect(cardProblems(card)).toEqual([]);
  });

  it('shows the chart on the header when it fits, and drops it rather than overflow', () => {
    const item = agendaItem();
    const header = (png: Uint8Array): AgendaPart & { kind: 'header' } => ({
      kind: 'header',
      key: 'header',
      agenda: agenda([item]),
      chart: { svg: '<svg/>', png, alt: 'Topics on the hype cycle' },
      previous: null,
    });
    const small = headerCard(header(new Uint8Array(2000)), opts);
    expect(
      small.body.some((e) => e.type === 'Image' && String(e.url).startsWith('data:image/png;base64,')),
    ).toBe(true);
    const big = headerCard(header(new Uint8Array(40_000)), opts);
    expect(big.body.some((e) => e.type === 'Image')).toBe(false);
    expect(cardBytes(big)).toBeLessThan(26 * 1024);
  });

  it('caps long header lists with "…and N more" to fit', () => {
    const deadlines = Array.from({ length: 400 }, (_, i) => ({
      itemId: i,
      title: `Grant round ${i} with a long descriptive title that takes space`,
      link: `https://example.org/${i}`,
      source: 'Community Fund',
      deadline: { date: '2026-04-30', text: 'closes 30 April', kind: 'funding' as const },
      kind: 'funding' as const,
      amount: null,
      daysLeft: 40,
    }));
    const card = headerCard(
      {
        kind: 'header',
        key: 'header',
        agenda: agenda([agendaItem()], { deadlines }),
        chart: null,
        previous: null,
      },
      opts,
    );
    expect(cardBytes(card)).toBeLessThan(26 * 1024);
    expect(cardText(card).some((t) => /^…and \d+ more$/.test(t))).toBe(true);
    expect(cardProblems(card)).toEqual([]);
  });
});

describe('replies', () => {
  it('renders a sentence-only reply as plain text with its hint', () => {
    const msg = renderReply(
      { ok: false, title: 'No item #9.', blocks: [], hint: 'Check "agenda preview".', visibility: 'private' },
      opts,
    );
    expect(msg).toEqual({
      type: 'message',
      text: 'No item #9.\n\nCheck "agenda preview".',
      textFormat: 'plain',
    });
  });

  it('renders lists and fields as a card, escaping what people and feeds wrote', () => {
    const msg = renderReply(
      {
        ok: true,
        title: 'Feeds',
        blocks: [
          {
            type: 'list',
            heading: 'Broken',
            items: [{ text: '*Bold* feed', url: 'https://example.org/f', detail: 'HTTP 404' }],
          },
          { type: 'fields', fields: [{ label: 'Owner', value: '[me](https://evil.example)' }] },
        ],
        visibility: 'channel',
      },
      opts,
    );
    const content = msg.attachments![0]!.content;
    expect(cardProblems(content)).toEqual([]);
    const text = cardText(content).join('\n');
    expect(text).toContain('[\\*Bold\\* feed](https://example.org/f)');
    expect(text).toContain('Owner: \\[me\\](https://evil.example)');
  });
});
