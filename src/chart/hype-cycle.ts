import type { Point } from './curve.js';
import { type HypeCycleInput, type HypeCycleLayout, type PlacedText, layoutHypeCycle } from './layout.js';
import { inkOn } from './palette.js';

export { layoutHypeCycle, type ChartTopic, type HypeCycleInput, type HypeCycleLayout } from './layout.js';

/** The font the chart is drawn in; png.ts loads the same file, so what is measured is what is drawn. */
export const CHART_FONT = 'DejaVu Sans';

/** Characters XML 1.0 cannot carry at all, even escaped: C0 controls other than tab, newline, return. */
function isXmlChar(c: string): boolean {
  const code = c.codePointAt(0)!;
  return code >= 0x20 ? code !== 0xfffe && code !== 0xffff : code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Escapes text for XML content and attribute values, and drops characters XML cannot carry. */
export function escapeXml(value: string): string {
  return [...value]
    .filter(isXmlChar)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();
const pathOf = (points: Point[]) => points.map((p, i) => `${i ? 'L' : 'M'}${n(p.x)},${n(p.y)}`).join(' ');

function drawText(t: PlacedText, extra = ''): string {
  const weight = t.bold ? ' font-weight="bold"' : '';
  const baseline = t.y + t.h / 2 + t.size * 0.36;
  const centred = t.kind === 'number' || t.kind === 'stage';
  const x = centred ? t.x + t.w / 2 : t.x;
  const anchor = centred ? ' text-anchor="middle"' : '';
  return `<text class="${t.kind}" x="${n(x)}" y="${n(baseline)}" font-size="${t.size}"${weight}${anchor} fill="${t.colour}"${extra}>${escapeXml(t.text)}</text>`;
}

function drawAxisLabel(t: PlacedText): string {
  // The box is the rotated footprint: the text runs bottom to top along its left edge.
  const cx = t.x + t.w / 2;
  const cy = t.y + t.h / 2;
  return `<text class="axis" x="${n(cx)}" y="${n(cy + t.size * 0.36)}" font-size="${t.size}" text-anchor="middle" fill="${t.colour}" transform="rotate(-90 ${n(cx)} ${n(cy)})">${escapeXml(t.text)}</text>`;
}

/** Draws a layout as a standalone SVG document. */
export function drawHypeCycle(layout: HypeCycleLayout): string {
  const { plot, width, height } = layout;
  const bottom = plot.top + plot.height;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${CHART_FONT}, sans-serif" role="img">`,
  );
  out.push(`<title>${escapeXml(`Policy hype cycle: ${layout.monthLabel}`)}</title>`);
  const colours = [...new Set(layout.arrows.map((a) => a.colour))];
  if (colours.length) {
    out.push('<defs>');
    colours.forEach((c, i) =>
      out.push(
        `<marker id="head-${i}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4.5" markerHeight="4.5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${c}"/></marker>`,
      ),
    );
    out.push('</defs>');
  }
  out.push(`<rect width="${width}" height="${height}" fill="#FFFFFF"/>`);

  // Stage bands, alternately shaded so each stage's stretch of the curve is easy to see.
  layout.bands.forEach((b, i) => {
    const fill = i % 2 === 0 ? '#F3F5F8' : '#FFFFFF';
    out.push(
      `<rect class="band" x="${n(b.x)}" y="${plot.top - 30}" width="${n(b.w)}" height="${plot.height + 30}" fill="${fill}"/>`,
    );
  });

  // Axes with arrowheads drawn as small triangles.
  out.push(
    `<path class="axes" d="M${plot.left},${plot.top - 30} L${plot.left},${bottom} L${plot.left + plot.width + 8},${bottom}" fill="none" stroke="#6B6B6B" stroke-width="1.5"/>`,
    `<path d="M${plot.left - 5},${plot.top - 26} L${plot.left},${plot.top - 36} L${plot.left + 5},${plot.top - 26} z" fill="#6B6B6B"/>`,
    `<path d="M${plot.left + plot.width + 4},${bottom - 5} L${plot.left + plot.width + 14},${bottom} L${plot.left + plot.width + 4},${bottom + 5} z" fill="#6B6B6B"/>`,
  );

  out.push(
    `<path class="curve" d="${pathOf(layout.curve)}" fill="none" stroke="#2F3B4C" stroke-width="3" stroke-linecap="round"/>`,
  );

  for (const a of layout.arrows) {
    const head = colours.indexOf(a.colour);
    const start = a.points[0]!;
    out.push(
      `<g class="arrow" data-topic="${a.topic}" data-from="${a.from}" data-to="${a.to}">` +
        `<circle cx="${n(start.x)}" cy="${n(start.y)}" r="3.5" fill="#FFFFFF" stroke="${a.colour}" stroke-width="2"/>` +
        `<path d="${pathOf(a.points)}" fill="none" stroke="${a.colour}" stroke-width="2.5" stroke-dasharray="6 4" stroke-linecap="round" marker-end="url(#head-${head})"/>` +
        `</g>`,
    );
  }

  for (const l of layout.leaders) {
    out.push(
      `<line class="leader" x1="${n(l.from.x)}" y1="${n(l.from.y)}" x2="${n(l.to.x)}" y2="${n(l.to.y)}" stroke="#8A8A8A" stroke-width="1"/>`,
    );
  }

  for (const m of layout.markers) {
    // A light ring keeps neighbouring markers and the curve apart; yellow gets a dark edge to stand out on white.
    const edge = inkOn(m.colour) === '#000000' ? '#3A3A3A' : '#FFFFFF';
    out.push(
      `<circle class="topic-marker" data-topic="${m.topic}" data-stage="${m.stage}" cx="${n(m.x)}" cy="${n(m.y)}" r="${m.r}" fill="${m.colour}" stroke="${edge}" stroke-width="2"/>`,
    );
  }

  for (const s of layout.swatches) {
    out.push(
      s.number === null
        ? `<rect class="swatch" x="${n(s.x)}" y="${n(s.y)}" width="${s.w}" height="${s.h}" rx="2" fill="${s.colour}"/>`
        : `<circle class="swatch" cx="${n(s.x + s.w / 2)}" cy="${n(s.y + s.h / 2)}" r="${s.w / 2}" fill="${s.colour}"/>`,
    );
  }

  for (const t of layout.texts) {
    if (t.kind === 'axis' && t.h > t.w) out.push(drawAxisLabel(t));
    else if (t.kind === 'label')
      out.push(drawText(t, ' stroke="#FFFFFF" stroke-width="3" paint-order="stroke"'));
    else out.push(drawText(t));
  }
  out.push('</svg>');
  return out.join('\n');
}

/**
 * The hype-cycle curve with this month's topics on it: coloured by theme, arrows for topics that
 * moved, named beside their markers or numbered with a list aside when crowded, and topics with no
 * stage listed aside.
 */
export function renderHypeCycleSvg(input: HypeCycleInput): string {
  return drawHypeCycle(layoutHypeCycle(input));
}
