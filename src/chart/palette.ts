import type { Stage } from '../domain.js';

/**
 * Okabe–Ito colours, distinguishable with the common colour-vision deficiencies. Ordered so the
 * first few (the most used themes) are also the most distinct from each other.
 */
export const THEME_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];
/** For topics with no theme, and for themes beyond the palette. */
export const OTHER_COLOUR = '#8C8C8C';

export const STAGE_LABELS: Record<Stage, string> = {
  trigger: 'Policy trigger',
  peak: 'Peak of inflated expectations',
  trough: 'Trough of disillusionment',
  slope: 'Slope of enlightenment',
  plateau: 'Plateau of productivity',
  unknown: 'No stage signal',
};

export const STAGE_SHORT: Record<Stage, string> = {
  trigger: 'trigger',
  peak: 'peak',
  trough: 'trough',
  slope: 'slope',
  plateau: 'plateau',
  unknown: 'unknown',
};

/** Names of the shipped themes as the legend shows them; other slugs are read as words. */
const THEME_LABELS: Record<string, string> = {
  'health-care': 'Health and care',
  'public-health': 'Public health',
  'social-care': 'Social care',
  'mental-health': 'Mental health',
  welfare: 'Welfare and benefits',
  housing: 'Housing',
  'local-government': 'Local government',
  commissioning: 'Commissioning',
  funding: 'Funding',
  'civil-society': 'Civil society',
  partnership: 'Partnership',
  'data-digital': 'Data and digital',
  workforce: 'Workforce and skills',
  'children-families': 'Children and families',
  'criminal-justice': 'Criminal justice',
  equality: 'Equality',
  'long-term-trends': 'Long-term trends',
};

/** "social-care" → "Social care": theme slugs read as words in the legend. */
export function themeLabel(theme: string): string {
  const known = THEME_LABELS[theme];
  if (known) return known;
  const words = theme.replace(/[-_]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'No theme';
}

/** Text colour that reads on a marker of the given fill (black on light colours, white on dark). */
export function inkOn(fill: string): string {
  const n = parseInt(fill.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  return luminance > 0.3 ? '#000000' : '#FFFFFF';
}

export interface ThemeColour {
  theme: string | null;
  label: string;
  colour: string;
}

/**
 * Gives each theme a colour: the most common themes first, so a month with many themes keeps the
 * distinct colours for the ones that matter most; the rest share grey as "Other themes".
 */
export function assignThemeColours(themes: (string | null | undefined)[]): {
  legend: ThemeColour[];
  colourOf: (theme: string | null | undefined) => string;
} {
  const counts = new Map<string, number>();
  for (const t of themes) if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  const ranked = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t]) => t);
  const coloured = ranked.slice(0, THEME_COLOURS.length);
  const colours = new Map(coloured.map((t, i) => [t, THEME_COLOURS[i]!]));
  const legend: ThemeColour[] = coloured
    .map((t) => ({ theme: t, label: themeLabel(t), colour: colours.get(t)! }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const hasOther = ranked.length > coloured.length || themes.some((t) => !t);
  if (hasOther) {
    const label =
      ranked.length > coloured.length
        ? themes.some((t) => !t)
          ? 'Other or no theme'
          : 'Other themes'
        : 'No theme';
    legend.push({ theme: null, label, colour: OTHER_COLOUR });
  }
  return { legend, colourOf: (theme) => (theme ? (colours.get(theme) ?? OTHER_COLOUR) : OTHER_COLOUR) };
}
