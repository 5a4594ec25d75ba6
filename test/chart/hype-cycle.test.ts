import { Resvg } from '@resvg/resvg-js';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STAGES, type Stage } from '../../src/domain.js';
import { chartAltText, chartTopicsFrom, renderAgendaChart } from '../../src/chart/index.js';
import { escapeXml, renderHypeCycleSvg } from '../../src/chart/hype-cycle.js';
import {
  type Box,
  type ChartTopic,
  type HypeCycleLayout,
  boxesOverlap,
  layoutHypeCycle,
} from '../../src/chart/layout.js';
import { CHART_FONT_FILES } from '../../src/chart/png.js';

const THEMES = [
  'social-care',
  'funding',
  'housing',
  'health-care',
  'welfare',
  'local-government',
  'children-families',
];
const NAMES = [
  'Better Care Fund',
  'Care Act',
  'Integrated Care Boards',
  'Shared Prosperity Fund',
  'Levelling Up Fund',
  'Renters (Reform) Bill',
  'Household Support Fund',
  'Online Safety Bill',
  'NHS Long Term Workforce Plan',
  'Mental Health Act',
  'Homelessness Reduction Act',
  'Civil Society Strategy',
  'National Disability Strategy',
  'Troubled Families Programme',
  'Community Ownership Fund',
  'Local Digital Fund',
  'Family Hubs',
  'Universal Credit',
  'Know Your Neighbourhood Fund',
  'Supported Housing (Regulatory Oversight) Act',
  'Carers Action Plan',
  'Transforming Rehabilitation',
  'Partnerships for People and Place',
  'Community Energy Fund',
  'Safer Streets Fund',
];

const chartTopic = (
  name: string,
  stage: Stage,
  theme?: string,
  movedFrom: Stage | null = null,
): ChartTopic => ({
  name,
  stage,
  ...(theme ? { theme } : {}),
  movedFrom,
});

/** n topics spread over the stages and themes; every third one moved on from the stage before. */
function manyTopics(n: number): ChartTopic[] {
  return NAMES.slice(0, n).map((name, i) => {
    const stage = STAGES[i % STAGES.length]!;
    const before = i % 3 === 0 && i % STAGES.length > 0 ? STAGES[(i % STAGES.length) - 1]! : null;
    return chartTopic(name, stage, THEMES[i % THEMES.length], before);
  });
}

const THREE = [
  chartTopic('Better Care Fund', 'trough', 'social-care', 'peak'),
  chartTopic('Care Act', 'plateau', 'social-care'),
  chartTopic('Household Support Fund', 'slope', 'welfare'),
];

const markerBox = (m: HypeCycleLayout['markers'][number]): Box => ({
  x: m.x - m.r,
  y: m.y - m.r,
  w: 2 * m.r,
  h: 2 * m.r,
});

function overlappingPairs(boxes: (Box & { text?: string })[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      if (boxesOverlap(boxes[i]!, boxes[j]!)) pairs.push(`${boxes[i]!.text ?? i} / ${boxes[j]!.text ?? j}`);
    }
  }
  return pairs;
}

function expectLegible(layout: HypeCycleLayout): void {
  // Numbers sit inside their markers by design; every other piece of text must stand clear of the rest.
  const words = layout.texts.filter((t) => t.kind !== 'number');
  expect(overlappingPairs(words)).toEqual([]);
  for (const [i, a] of layout.markers.entries()) {
    for (const b of layout.markers.slice(i + 1))
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(a.r + b.r);
  }
  const labels = layout.texts.filter((t) => t.kind === 'label');
  for (const label of labels) {
    expect(layout.markers.filter((m) => boxesOverlap(label, markerBox(m)))).toEqual([]);
  }
  for (const box of [...layout.texts, ...layout.markers.map(markerBox)]) {
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.w).toBeLessThanOrEqual(layout.width);
    expect(box.y + box.h).toBeLessThanOrEqual(layout.height);
  }
}

const count = (svg: string, className: string) => svg.split(`class="${className}"`).length - 1;

/** The PNG's pixels, read back by drawing it inside an SVG (resvg decodes the PNG for us). */
function pixelsOf(png: Uint8Array, width: number, height: number): Uint8Array {
  const href = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image href="${href}" width="${width}" height="${height}"/></svg>`;
  return new Resvg(svg).render().pixels;
}

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(png);
  expect(view.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

describe('the hype-cycle layout', () => {
  it('names a few topics beside their markers, one marker per topic', () => {
    const layout = layoutHypeCycle({ month: '2026-11', topics: THREE });

    expect(layout.mode).toBe('labels');
    expect(layout.markers.map((m) => [m.name, m.stage])).toEqual([
      ['Better Care Fund', 'trough'],
      ['Household Support Fund', 'slope'],
      ['Care Act', 'plateau'],
    ]);
    expect(layout.texts.filter((t) => t.kind === 'label').map((t) => t.text)).toEqual([
      'Better Care Fund',
      'Household Support Fund',
      'Care Act',
    ]);
    expectLegible(layout);
  });

  it('places each marker within its stage’s part of the curve, left to right in stage order', () => {
    const layout = layoutHypeCycle({ month: '2026-11', topics: manyTopics(5) });
    const bandOf = (stage: Stage) => layout.bands.find((b) => b.stage === stage)!;

    for (const m of layout.markers) {
      expect(m.x).toBeGreaterThanOrEqual(bandOf(m.stage).x);
      expect(m.x).toBeLessThanOrEqual(bandOf(m.stage).x + bandOf(m.stage).w);
    }
    expect(layout.markers.map((m) => m.stage)).toEqual([...STAGES]);
  });

  it('numbers the markers and lists the names aside when 25 topics crowd the curve', () => {
    const layout = layoutHypeCycle({ month: '2026-11', topics: manyTopics(25) });

    expect(layout.mode).toBe('numbered');
    expect(layout.markers).toHaveLength(25);
    expect(layout.markers.map((m) => m.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const listed = layout.texts.filter((t) => t.kind === 'list' && !t.text.startsWith('(from'));
    expect(listed.map((t) => t.text).sort()).toEqual([...NAMES].sort());
    expectLegible(layout);
  });

  it('keeps 25 topics at one stage apart from each other', () => {
    const topics = NAMES.map((name, i) => chartTopic(name, 'peak', THEMES[i % THEMES.length]));
    const layout = layoutHypeCycle({ month: '2026-11', topics });

    expect(layout.markers).toHaveLength(25);
    expectLegible(layout);
  });

  it('keeps labels apart with long names at one stage, numbering them if they cannot fit', () => {
    const topics = NAMES.slice(0, 8).map((name) =>
      chartTopic(`${name} and its delivery arrangements`, 'trough', 'housing'),
    );
    const layout = layoutHypeCycle({ month: '2026-11', topics });

    expect(layout.markers).toHaveLength(8);
    expectLegible(layout);
  });

  it('draws one arrow for each topic that moved, from its previous stage', () => {
    const topics = [
      chartTopic('Better Care Fund', 'trough', 'social-care', 'peak'),
      chartTopic('Levelling Up Fund', 'slope', 'local-government', 'trough'),
      chartTopic('Care Act', 'plateau', 'social-care', 'plateau'),
      chartTopic('Online Safety Bill', 'peak', 'data-digital', 'unknown'),
      chartTopic('Household Support Fund', 'slope', 'welfare', null),
    ];
    const layout = layoutHypeCycle({ month: '2026-11', topics });

    expect(layout.arrows.map((a) => [topics[a.topic]!.name, a.from, a.to])).toEqual([
      ['Better Care Fund', 'peak', 'trough'],
      ['Levelling Up Fund', 'trough', 'slope'],
    ]);
    for (const a of layout.arrows) {
      const marker = layout.markers.find((m) => m.topic === a.topic)!;
      const end = a.points.at(-1)!;
      expect(Math.hypot(end.x - marker.x, end.y - marker.y)).toBeLessThan(marker.r + 6);
      expect(a.points[0]!.x).toBeLessThan(end.x);
    }
  });

  it('lists topics with no stage aside instead of placing them, and counts the rest', () => {
    const unknown = NAMES.slice(0, 10).map((name) => chartTopic(name, 'unknown'));
    const layout = layoutHypeCycle({ month: '2026-11', topics: [...THREE, ...unknown] });

    expect(layout.markers).toHaveLength(3);
    expect(layout.unplaced).toHaveLength(10);
    const aside = layout.texts.filter((t) => t.kind === 'list').map((t) => t.text);
    expect(aside).toContain('• Better Care Fund');
    expect(aside.at(-1)).toBe('…and 3 more');
    expectLegible(layout);
  });

  it('colours topics by theme and keys every colour in the legend', () => {
    const layout = layoutHypeCycle({
      month: '2026-11',
      topics: [...THREE, chartTopic('Safer Streets Fund', 'peak')],
    });
    const colour = (name: string) => layout.markers.find((m) => m.name === name)!.colour;

    expect(colour('Better Care Fund')).toBe(colour('Care Act'));
    expect(colour('Better Care Fund')).not.toBe(colour('Household Support Fund'));
    expect(layout.legend.map((l) => [l.label, l.colour])).toEqual([
      ['Social care', colour('Care Act')],
      ['Welfare and benefits', colour('Household Support Fund')],
      ['No theme', colour('Safer Streets Fund')],
    ]);
  });

  it('titles the chart with the month', () => {
    const layout = layoutHypeCycle({ month: '2026-03', topics: THREE });

    expect(layout.texts.find((t) => t.kind === 'title')!.text).toBe('Policy hype cycle: March 2026');
  });
});

describe('the hype-cycle SVG', () => {
  it('is well-formed XML with one marker per placed topic and one arrow per move', () => {
    const topics = [...manyTopics(25), chartTopic('Carer’s Allowance', 'unknown')];
    const svg = renderHypeCycleSvg({ month: '2026-11', topics });
    const moves = topics.filter((t) => t.movedFrom && t.movedFrom !== t.stage).length;

    expect(() => new Resvg(svg)).not.toThrow();
    expect(count(svg, 'topic-marker')).toBe(25);
    expect(moves).toBeGreaterThan(0);
    expect(count(svg, 'arrow')).toBe(moves);
  });

  it('escapes topic names, so markup in a feed cannot break or script the picture', () => {
    const name = 'A&B <i>Fund</i> "Plan"';
    const svg = renderHypeCycleSvg({ month: '2026-11', topics: [chartTopic(name, 'peak', 'funding')] });

    expect(() => new Resvg(svg)).not.toThrow();
    expect(svg).not.toContain('<i>');
    expect(svg).toContain(escapeXml(name));
    expect(escapeXml('a\u0001b & <c>')).toBe('ab &amp; &lt;c&gt;');
  });
});

describe('the agenda chart', () => {
  it('renders a PNG the size of the SVG with the markers drawn in their colours', () => {
    const chart = renderAgendaChart('2026-11', THREE);
    const layout = layoutHypeCycle({ month: '2026-11', topics: THREE });
    const size = pngSize(chart.png);

    expect(size).toEqual({ width: layout.width, height: layout.height });
    const pixels = pixelsOf(chart.png, size.width, size.height);
    const at = (x: number, y: number) => {
      const i = (Math.round(y) * size.width + Math.round(x)) * 4;
      return `#${[pixels[i]!, pixels[i + 1]!, pixels[i + 2]!].map((v) => v.toString(16).padStart(2, '0')).join('')}`.toUpperCase();
    };
    for (const m of layout.markers) expect(at(m.x, m.y)).toBe(m.colour);
    const title = layout.texts.find((t) => t.kind === 'title')!;
    let inked = 0;
    for (let x = Math.floor(title.x); x < title.x + title.w; x += 1)
      if (at(x, title.y + title.h / 2) !== '#FFFFFF') inked += 1;
    expect(inked).toBeGreaterThan(title.w / 10);
  });

  it('ships the fonts it draws with, so machines without fonts draw the same picture', () => {
    expect(CHART_FONT_FILES.map((f) => [f.split('/').at(-1), existsSync(f)])).toEqual([
      ['DejaVuSans.ttf', true],
      ['DejaVuSans-Bold.ttf', true],
    ]);
  });

  it('describes the chart in one sentence for alt text', () => {
    expect(renderAgendaChart('2026-11', THREE).alt).toBe(
      'Policy hype cycle for November 2026 with 3 topics: Better Care Fund at trough of disillusionment, moved ' +
        'from peak of inflated expectations; Care Act at plateau of productivity; Household Support Fund at slope of enlightenment.',
    );
    const crowded = [...manyTopics(25), chartTopic('Family Hubs', 'unknown')];
    expect(chartAltText(layoutHypeCycle({ month: '2026-11', topics: crowded }), crowded)).toBe(
      'Policy hype cycle for November 2026 with 25 topics: 5 at policy trigger, 5 at peak of inflated expectations, ' +
        '5 at trough of disillusionment, 5 at slope of enlightenment, 5 at plateau of productivity; ' +
        '7 moved since last month; 1 more with no stage signal yet.',
    );
    expect(renderAgendaChart('2026-11', []).alt).toBe(
      'Policy hype cycle for November 2026: no topics this month.',
    );
  });
});

describe('topics too many to draw', () => {
  it('draws the first 30 (the most active) and says how many there were', () => {
    const topics = Array.from({ length: 40 }, (_, i) =>
      chartTopic(`Programme number ${i + 1} Fund`, STAGES[i % 5]!, THEMES[i % 7]),
    );
    const layout = layoutHypeCycle({ month: '2026-11', topics });

    expect(layout.markers.map((m) => m.topic).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
    expect(layout.texts.find((t) => t.kind === 'subtitle')!.text).toMatch(/^30 of 40 topics on the curve/);
    expect(chartAltText(layout, topics)).toMatch(
      /^Policy hype cycle for November 2026 with 30 of 40 topics: /,
    );
    expectLegible(layout);
  });
});

describe('chart topics from the month’s topics', () => {
  it('colours each by its most frequent theme and keeps where it moved from', () => {
    expect(
      chartTopicsFrom([
        { name: 'Better Care Fund', stage: 'trough', themes: ['social-care', 'funding'], movedFrom: 'peak' },
        { name: 'Care Act', stage: 'plateau', themes: [], movedFrom: null },
      ]),
    ).toEqual([
      { name: 'Better Care Fund', stage: 'trough', theme: 'social-care', movedFrom: 'peak' },
      { name: 'Care Act', stage: 'plateau', movedFrom: null },
    ]);
  });
});
