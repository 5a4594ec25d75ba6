import { monthLabel } from '../time.js';
import { STAGES, type KnownStage, type Stage } from '../domain.js';
import {
  type CurveSample,
  type PlotArea,
  type Point,
  STAGE_SPANS,
  atDistance,
  atTime,
  sampleCurve,
} from './curve.js';
import { STAGE_LABELS, assignThemeColours, inkOn, type ThemeColour } from './palette.js';
import { fitText, textWidth, wrapText } from './text-metrics.js';

export interface ChartTopic {
  name: string;
  stage: Stage;
  theme?: string;
  movedFrom?: Stage | null;
}

export interface HypeCycleInput {
  /** YYYY-MM */
  month: string;
  topics: ChartTopic[];
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type TextKind =
  'title' | 'subtitle' | 'stage' | 'axis' | 'label' | 'number' | 'heading' | 'legend' | 'list';

/** A piece of text and the box it occupies; `x` is the left edge whatever the anchor. */
export interface PlacedText extends Box {
  kind: TextKind;
  text: string;
  size: number;
  bold: boolean;
  colour: string;
  /** Index of the topic it names, when it names one. */
  topic?: number;
}

export interface Marker {
  topic: number;
  name: string;
  stage: KnownStage;
  x: number;
  y: number;
  r: number;
  colour: string;
  /** The number drawn in the marker when the chart is crowded. */
  number: number | null;
}

export interface Arrow {
  topic: number;
  from: KnownStage;
  to: KnownStage;
  colour: string;
  points: Point[];
}

export interface Leader {
  topic: number;
  from: Point;
  to: Point;
}

export interface Swatch extends Box {
  colour: string;
  /** Numbered list rows carry the number inside the swatch. */
  number: number | null;
}

export interface HypeCycleLayout {
  width: number;
  height: number;
  month: string;
  monthLabel: string;
  plot: PlotArea;
  /** 'labels' names each topic beside its marker; 'numbered' numbers the markers and lists the names aside. */
  mode: 'labels' | 'numbered';
  curve: Point[];
  bands: { stage: KnownStage; x: number; w: number }[];
  markers: Marker[];
  arrows: Arrow[];
  leaders: Leader[];
  texts: PlacedText[];
  swatches: Swatch[];
  legend: ThemeColour[];
  /** Topics with no stage, listed aside rather than placed. */
  unplaced: string[];
}

const WIDTH = 1200;
const MIN_HEIGHT = 560;
const PLOT: PlotArea = { left: 78, top: 118, width: 720, height: 370 };
const SIDE_X = 836;
const SIDE_W = WIDTH - SIDE_X - 24;
const MARKER_R = 10;
const MARKER_GAP = 4;
const LABEL_SIZE = 13;
const LABEL_MAX_W = 240;
/** Beyond this many topics on the curve, labels would crowd: number the markers instead. */
const MAX_LABELLED = 12;
const MAX_UNPLACED_ROWS = 8;
/** The most topics drawn on the curve; the agenda lists them all in words anyway. */
export const MAX_PLACED = 30;

const lineHeight = (size: number) => Math.round(size * 1.3);

function text(
  kind: TextKind,
  value: string,
  x: number,
  y: number,
  size: number,
  opts: { bold?: boolean; colour?: string; topic?: number } = {},
): PlacedText {
  const bold = opts.bold ?? false;
  return {
    kind,
    text: value,
    x,
    y,
    w: textWidth(value, size, bold),
    h: lineHeight(size),
    size,
    bold,
    colour: opts.colour ?? '#1A1A1A',
    ...(opts.topic !== undefined ? { topic: opts.topic } : {}),
  };
}

export function boxesOverlap(a: Box, b: Box, pad = 0): boolean {
  return a.x < b.x + b.w + pad && b.x < a.x + a.w + pad && a.y < b.y + b.h + pad && b.y < a.y + a.h + pad;
}

function pointInBox(p: Point, b: Box, pad = 0): boolean {
  return p.x >= b.x - pad && p.x <= b.x + b.w + pad && p.y >= b.y - pad && p.y <= b.y + b.h + pad;
}

function isKnown(stage: Stage | null | undefined): stage is KnownStage {
  return stage != null && (STAGES as readonly string[]).includes(stage);
}

interface Slot extends Point {
  t: number;
}

/**
 * Spots for n markers in one stage's stretch of the curve: spread evenly along it, and when the
 * stretch is full, in rows just above and below it, skipping spots that would touch a marker.
 */
function markerSlots(samples: CurveSample[], stage: KnownStage, n: number, taken: Point[]): Slot[] {
  const [t0, t1] = STAGE_SPANS[stage].place;
  const s0 = atTime(samples, t0).s;
  const s1 = atTime(samples, t1).s;
  const length = s1 - s0;
  const spacing = 2 * MARKER_R + MARKER_GAP;
  const perRow = Math.max(1, Math.floor(length / spacing));
  const slots: Slot[] = [];
  const free = (p: Point) =>
    [...taken, ...slots].every((q) => Math.hypot(p.x - q.x, p.y - q.y) >= 2 * MARKER_R + MARKER_GAP - 0.01) &&
    p.y >= PLOT.top - 24 &&
    p.y <= PLOT.top + PLOT.height - MARKER_R - 2;
  // Extra rows go first into the hollow of the bend (under the peak, above the trough), where there is room.
  const mid = atTime(samples, (t0 + t1) / 2);
  const chord = (atTime(samples, t0).y + atTime(samples, t1).y) / 2;
  const inward = chord > mid.y ? -1 : 1;
  let remaining = n;
  for (let row = 0; remaining > 0 && row < 24; row += 1) {
    const offset = row === 0 ? 0 : Math.ceil(row / 2) * spacing * (row % 2 === 1 ? inward : -inward);
    const count = Math.min(remaining, perRow);
    for (let i = 0; i < count; i += 1) {
      const base = atDistance(samples, s0 + (length * (i + 0.5)) / count);
      const p = { x: base.x + base.nx * offset, y: base.y + base.ny * offset, t: base.t };
      if (free(p)) {
        slots.push(p);
        remaining -= 1;
      }
    }
  }
  return slots;
}

/** A path that follows the curve, a little above it, from one stage's stretch to a marker. */
function arrowPath(
  samples: CurveSample[],
  from: KnownStage,
  marker: Marker,
  markerT: number,
  lane: number,
): Point[] {
  const [f0, f1] = STAGE_SPANS[from].place;
  const startT = (f0 + f1) / 2;
  const lift = 18 + 6 * (lane % 4);
  const step = startT < markerT ? 1 : -1;
  const i0 = Math.round(startT * (samples.length - 1));
  const i1 = Math.round(markerT * (samples.length - 1));
  const points: Point[] = [];
  for (let i = i0; step > 0 ? i <= i1 : i >= i1; i += step * 4) {
    const s = samples[i]!;
    points.push({ x: s.x + s.nx * lift, y: s.y + s.ny * lift });
  }
  // Stop short of the marker so the head sits against its edge rather than under it.
  while (
    points.length > 2 &&
    Math.hypot(points.at(-1)!.x - marker.x, points.at(-1)!.y - marker.y) < MARKER_R + 14
  ) {
    points.pop();
  }
  const last = points.at(-1)!;
  const d = Math.hypot(marker.x - last.x, marker.y - last.y) || 1;
  const reach = d - MARKER_R - 3;
  points.push({
    x: last.x + ((marker.x - last.x) * reach) / d,
    y: last.y + ((marker.y - last.y) * reach) / d,
  });
  return points;
}

// Straight up and down first (labels read best level with the curve), then the diagonals, then the rest.
const DIRECTIONS: Point[] = [
  0, 180, 45, 135, 225, 315, 90, 270, 22.5, 157.5, 202.5, 337.5, 67.5, 112.5, 247.5, 292.5,
].map((deg) => ({
  x: Math.round(Math.sin((deg * Math.PI) / 180) * 1000) / 1000,
  y: -Math.round(Math.cos((deg * Math.PI) / 180) * 1000) / 1000,
}));
const DISTANCES = [12, 26, 42, 60, 82, 108, 138, 172, 210];

/** Places a label near its marker where it touches nothing else; null when there is no room. */
function placeLabel(
  marker: Marker,
  label: string,
  obstacles: Box[],
  lines: Point[],
  bounds: Box,
  avoid: Point[],
): { box: Box; anchor: Point } | null {
  const w = textWidth(label, LABEL_SIZE);
  const h = lineHeight(LABEL_SIZE);
  for (const dist of DISTANCES) {
    for (const dir of DIRECTIONS) {
      const len = Math.hypot(dir.x, dir.y);
      const ax = marker.x + (dir.x / len) * (MARKER_R + dist);
      const ay = marker.y + (dir.y / len) * (MARKER_R + dist);
      const x = dir.x > 0.3 ? ax : dir.x < -0.3 ? ax - w : ax - w / 2;
      const y = dir.y > 0.3 ? ay : dir.y < -0.3 ? ay - h : ay - h / 2;
      const box = { x, y, w, h };
      if (
        box.x < bounds.x ||
        box.y < bounds.y ||
        box.x + w > bounds.x + bounds.w ||
        box.y + h > bounds.y + bounds.h
      ) {
        continue;
      }
      if (obstacles.some((o) => boxesOverlap(box, o, 3))) continue;
      if (lines.some((p) => pointInBox(p, box, 3))) continue;
      if (avoid.length && crosses(marker, nearestOnBox(marker, box), avoid)) continue;
      return { box, anchor: { x: ax, y: ay } };
    }
  }
  return null;
}

/** Whether a leader from a marker to a label would cut through any of the given line points. */
function crosses(marker: Marker, to: Point, avoid: Point[]): boolean {
  const clear = marker.r + 5;
  return densify([marker, to], 3).some(
    (p) =>
      Math.hypot(p.x - marker.x, p.y - marker.y) > clear &&
      avoid.some((q) => Math.abs(q.x - p.x) < 2.5 && Math.abs(q.y - p.y) < 2.5),
  );
}

/** The point of a box nearest to p: where a leader line from p meets the label. */
function nearestOnBox(p: Point, b: Box): Point {
  return { x: Math.min(Math.max(p.x, b.x), b.x + b.w), y: Math.min(Math.max(p.y, b.y), b.y + b.h) };
}

/** Points every `step` pixels along a polyline, so labels can keep off lines as well as boxes. */
function densify(points: Point[], step = 4): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / step));
    for (let k = 0; k < n; k += 1)
      out.push({ x: a.x + ((b.x - a.x) * k) / n, y: a.y + ((b.y - a.y) * k) / n });
  }
  if (points.length) out.push(points.at(-1)!);
  return out;
}

/**
 * Works out where everything on the chart goes. Pure: the renderer only draws what this returns,
 * and tests check the geometry (nothing overlaps, everything is inside the canvas) directly.
 * Topics are named beside their markers while that fits; otherwise markers are numbered and the
 * names listed aside.
 */
export function layoutHypeCycle(input: HypeCycleInput): HypeCycleLayout {
  const placedCount = Math.min(MAX_PLACED, input.topics.filter((t) => isKnown(t.stage)).length);
  if (placedCount <= MAX_LABELLED) {
    const labelled = layoutWith(input, 'labels');
    if (labelled) return labelled;
  }
  return layoutWith(input, 'numbered')!;
}

function layoutWith(input: HypeCycleInput, mode: HypeCycleLayout['mode']): HypeCycleLayout | null {
  const samples = sampleCurve(PLOT);
  const topics = input.topics.map((t, index) => ({ ...t, index, name: t.name.replace(/\s+/g, ' ').trim() }));
  const allPlaced = topics.filter((t) => isKnown(t.stage));
  // The caller lists topics most important first; beyond the cap the picture stops being readable.
  const placed = allPlaced.slice(0, MAX_PLACED);
  const hidden = allPlaced.length - placed.length;
  const unplaced = topics.filter((t) => !isKnown(t.stage));
  const { legend, colourOf } = assignThemeColours(placed.map((t) => t.theme));
  const texts: PlacedText[] = [];
  const swatches: Swatch[] = [];

  // Title and summary line.
  const label = monthLabel(input.month);
  texts.push(
    text('title', fitText(`Policy hype cycle: ${label}`, WIDTH - 48, 24, true), 24, 18, 24, { bold: true }),
  );
  const moved = placed.filter((t) => isKnown(t.movedFrom) && t.movedFrom !== t.stage).length;
  const summary = [
    hidden
      ? `${placed.length} of ${allPlaced.length} topics on the curve (the most active)`
      : `${placed.length} ${placed.length === 1 ? 'topic' : 'topics'} on the curve`,
    moved ? `${moved} moved since last month (arrows)` : 'none moved since last month',
    unplaced.length ? `${unplaced.length} with no stage signal yet` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  texts.push(text('subtitle', summary, 24, 54, 14, { colour: '#4A4A4A' }));

  // Stage bands under the curve, each named beneath the axis with its number of topics.
  const bands = STAGES.map((stage) => {
    const [b0, b1] = STAGE_SPANS[stage].band;
    return { stage, x: PLOT.left + b0 * PLOT.width, w: (b1 - b0) * PLOT.width };
  });
  let bandBottom = PLOT.top + PLOT.height;
  for (const band of bands) {
    const count = placed.filter((t) => t.stage === band.stage).length;
    const lines = wrapText(STAGE_LABELS[band.stage], band.w - 10, 12, true);
    lines.push(count === 1 ? '1 topic' : `${count} topics`);
    lines.forEach((line, i) => {
      const isCount = i === lines.length - 1;
      const t = text('stage', line, 0, PLOT.top + PLOT.height + 10 + i * lineHeight(12), 12, {
        bold: !isCount,
        colour: isCount ? '#5A5A5A' : '#1A1A1A',
      });
      t.x = band.x + (band.w - t.w) / 2;
      texts.push(t);
      bandBottom = Math.max(bandBottom, t.y + t.h);
    });
  }
  const axisLabel = text('axis', 'Visibility and expectations', 0, 0, 12, { colour: '#5A5A5A' });
  // Drawn rotated up the y-axis: its box is the rotated footprint.
  texts.push({
    ...axisLabel,
    x: PLOT.left - 44,
    y: PLOT.top + (PLOT.height - axisLabel.w) / 2,
    w: axisLabel.h,
    h: axisLabel.w,
  });

  // Markers, stage by stage, in the order given (the caller puts the most important first).
  const markers: Marker[] = [];
  const markerT = new Map<number, number>();
  for (const stage of STAGES) {
    const here = placed.filter((t) => t.stage === stage);
    if (here.length === 0) continue;
    const slots = markerSlots(samples, stage, here.length, markers);
    here.forEach((t, i) => {
      const slot = slots[i]!;
      markers.push({
        topic: t.index,
        name: t.name,
        stage,
        x: slot.x,
        y: slot.y,
        r: MARKER_R,
        colour: colourOf(t.theme),
        number: null,
      });
      markerT.set(t.index, slot.t);
    });
  }
  // Numbers follow the curve from left to right, so the list reads in the same order as the picture.
  markers.sort((a, b) => a.x - b.x || a.y - b.y);

  const arrows: Arrow[] = [];
  for (const m of markers) {
    const t = topics[m.topic]!;
    if (!isKnown(t.movedFrom) || t.movedFrom === m.stage) continue;
    arrows.push({
      topic: m.topic,
      from: t.movedFrom,
      to: m.stage,
      colour: m.colour,
      points: arrowPath(samples, t.movedFrom, m, markerT.get(m.topic)!, arrows.length),
    });
  }

  let leaders: Leader[] = [];
  if (mode === 'labels') {
    // Greedy placement depends on who goes first: try left to right, then right to left.
    const labelled =
      placeLabels(markers, texts, samples, arrows) ??
      placeLabels([...markers].reverse(), texts, samples, arrows);
    if (!labelled) return null;
    texts.push(...labelled.labels);
    leaders = labelled.leaders;
  } else {
    markers.forEach((m, i) => {
      m.number = i + 1;
      texts.push(
        centred(
          text('number', String(i + 1), 0, 0, 11, { bold: true, colour: inkOn(m.colour), topic: m.topic }),
          m,
        ),
      );
    });
  }

  // The side panel: theme legend, then the numbered list when crowded, then topics with no stage.
  let y = 92;
  const heading = (value: string) => {
    texts.push(text('heading', value, SIDE_X, y, 14, { bold: true }));
    y += lineHeight(14) + 6;
  };
  if (legend.length) {
    heading('Themes');
    for (const entry of legend) {
      swatches.push({ x: SIDE_X, y: y + 2, w: 13, h: 13, colour: entry.colour, number: null });
      texts.push(text('legend', fitText(entry.label, SIDE_W - 22, 12.5), SIDE_X + 21, y, 12.5));
      y += 20;
    }
    y += 14;
  }
  let belowBottom = bandBottom;
  if (mode === 'numbered') {
    const listRow = (m: Marker, x: number, rowY: number, width: number) => {
      const from = topics[m.topic]!.movedFrom;
      const suffix = isKnown(from) && from !== m.stage ? `(from ${from})` : '';
      swatches.push({ x, y: rowY, w: 20, h: 20, colour: m.colour, number: m.number });
      const number = text('number', String(m.number), 0, 0, 11, {
        bold: true,
        colour: inkOn(m.colour),
        topic: m.topic,
      });
      texts.push(centred(number, { x: x + 10, y: rowY + 10 }));
      const suffixW = suffix ? textWidth(suffix, 12) + 6 : 0;
      const row = text('list', fitText(m.name, width - 28 - suffixW, 12.5), x + 28, rowY + 2, 12.5, {
        topic: m.topic,
      });
      texts.push(row);
      if (suffix)
        texts.push(
          text('list', suffix, row.x + row.w + 6, rowY + 2.5, 12, { colour: '#5A5A5A', topic: m.topic }),
        );
    };
    const ROW = 23;
    if (y + lineHeight(14) + 6 + markers.length * ROW <= bandBottom + 10) {
      // Fits beside the chart.
      heading('Topics, left to right');
      for (const m of markers) {
        listRow(m, SIDE_X, y, SIDE_W);
        y += ROW;
      }
      y += 14;
    } else {
      // Too long to sit beside the chart: three columns under it, reading down each column.
      const top = bandBottom + 18;
      texts.push(text('heading', 'Topics, left to right along the curve', 24, top, 14, { bold: true }));
      const columns = 3;
      const colW = (WIDTH - 48) / columns;
      const perColumn = Math.ceil(markers.length / columns);
      markers.forEach((m, i) => {
        const col = Math.floor(i / perColumn);
        listRow(m, 24 + col * colW, top + lineHeight(14) + 8 + (i % perColumn) * ROW, colW - 16);
      });
      belowBottom = top + lineHeight(14) + 8 + perColumn * ROW;
    }
  }
  if (unplaced.length) {
    heading('No stage signal yet');
    const shown = unplaced.length > MAX_UNPLACED_ROWS ? unplaced.slice(0, MAX_UNPLACED_ROWS - 1) : unplaced;
    for (const t of shown) {
      texts.push(text('list', fitText(`• ${t.name}`, SIDE_W, 12.5), SIDE_X, y, 12.5, { topic: t.index }));
      y += 19;
    }
    if (shown.length < unplaced.length) {
      texts.push(
        text('list', `…and ${unplaced.length - shown.length} more`, SIDE_X, y, 12.5, { colour: '#5A5A5A' }),
      );
      y += 19;
    }
  }

  return {
    width: WIDTH,
    height: Math.ceil(Math.max(MIN_HEIGHT, y + 24, belowBottom + 24)),
    month: input.month,
    monthLabel: label,
    plot: PLOT,
    mode,
    curve: samples.map(({ x, y }) => ({ x, y })),
    bands,
    markers,
    arrows,
    leaders,
    texts,
    swatches,
    legend,
    unplaced: unplaced.map((t) => t.name),
  };
}

function placeLabels(
  markers: Marker[],
  fixed: PlacedText[],
  samples: CurveSample[],
  arrows: Arrow[],
): { labels: PlacedText[]; leaders: Leader[] } | null {
  const labels: PlacedText[] = [];
  const leaders: Leader[] = [];
  const obstacles: Box[] = [
    ...fixed,
    ...markers.map((m) => ({ x: m.x - m.r, y: m.y - m.r, w: 2 * m.r, h: 2 * m.r })),
  ];
  const lines = [...samples, ...arrows.flatMap((a) => densify(a.points))];
  const bounds = { x: 8, y: 80, w: SIDE_X - 8 - 20, h: PLOT.top + PLOT.height - 80 };
  for (const m of markers) {
    const name = fitText(m.name, LABEL_MAX_W, LABEL_SIZE);
    // Prefer a spot whose leader does not cut across the curve or another leader; accept one that does.
    const spot =
      placeLabel(m, name, obstacles, lines, bounds, lines) ??
      placeLabel(m, name, obstacles, lines, bounds, []);
    if (!spot) return null;
    const t = text('label', name, spot.box.x, spot.box.y, LABEL_SIZE, { topic: m.topic });
    labels.push(t);
    obstacles.push(t);
    const edge = nearestOnBox(m, t);
    const d = Math.hypot(edge.x - m.x, edge.y - m.y);
    if (d > m.r + 8) {
      leaders.push({
        topic: m.topic,
        from: { x: m.x + ((edge.x - m.x) * (m.r + 1)) / d, y: m.y + ((edge.y - m.y) * (m.r + 1)) / d },
        to: edge,
      });
      lines.push(...densify([m, edge]));
    }
  }
  return { labels, leaders };
}

function centred(t: PlacedText, at: Point): PlacedText {
  return { ...t, x: at.x - t.w / 2, y: at.y - t.h / 2 };
}
