import { Resvg } from '@resvg/resvg-js';
import { projectPath } from '../paths.js';
import { CHART_FONT } from './hype-cycle.js';

/** The chart's fonts ship with Horizon, so the picture is the same on a server with no fonts installed. */
export const CHART_FONT_FILES = [
  projectPath('assets/fonts/DejaVuSans.ttf'),
  projectPath('assets/fonts/DejaVuSans-Bold.ttf'),
];

/** Renders an SVG to PNG at its own size, using only the shipped fonts (system fonts are not consulted). */
export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { fontFiles: CHART_FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
    background: '#FFFFFF',
  });
  return new Uint8Array(resvg.render().asPng());
}
