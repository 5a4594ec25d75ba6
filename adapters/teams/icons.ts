import { readFileSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { projectPath } from '../../src/paths.js';

/** The two icons Teams wants: 192×192 in colour, and 32×32 white on transparent for the app bar. */
export const ICONS = [
  { name: 'color', size: 192 },
  { name: 'outline', size: 32 },
] as const;

export function renderIcon(svg: string, size: number): Buffer {
  return Buffer.from(
    new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng(),
  );
}

/** Re-renders teams/*.png from teams/*.svg. Run after editing an SVG: `npx tsx adapters/teams/icons.ts`. */
export function renderIcons(): string[] {
  return ICONS.map(({ name, size }) => {
    const out = projectPath('teams', `${name}.png`);
    writeFileSync(out, renderIcon(readFileSync(projectPath('teams', `${name}.svg`), 'utf8'), size));
    return out;
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  for (const file of renderIcons()) console.log(`Wrote ${file}`);
}
