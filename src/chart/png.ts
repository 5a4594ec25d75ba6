import { createRequire } from 'node:module';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import { projectPath } from '../paths.js';
import { CHART_FONT } from './hype-cycle.js';

/** The chart's fonts ship with Horizon, so the picture is the same on a server with no fonts installed. */
export const CHART_FONT_FILES = [
  projectPath('assets/fonts/DejaVuSans.ttf'),
  projectPath('assets/fonts/DejaVuSans-Bold.ttf'),
];

// The renderer is a native module that takes a noticeable part of start-up to load; it is loaded the
// first time a chart is drawn, not by every process that might draw one (`horizon start`).
const load = createRequire(import.meta.url);
let Resvg: typeof ResvgClass | null = null;

/** Renders an SVG to PNG at its own size, using only the shipped fonts (system fonts are not consulted). */
export function svgToPng(svg: string): Uint8Array {
  Resvg ??= (load('@resvg/resvg-js') as { Resvg: typeof ResvgClass }).Resvg;
  const resvg = new Resvg(svg, {
    font: { fontFiles: CHART_FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    background: '#FFFFFF',
  });
  return new Uint8Array(resvg.render().asPng());
}
