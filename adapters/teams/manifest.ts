import { COMMANDS } from '../../src/commands/index.js';
import type { CommandSpec } from '../../src/commands/types.js';

/** Teams shows at most ten commands per list, titles up to 32 characters, descriptions up to 128. */
export const MAX_MENU_COMMANDS = 10;

/** The commands people reach for first, in the order the "/" menu shows them. */
const MENU: { words: string; title?: string }[] = [
  { words: 'agenda preview' },
  { words: 'feeds add' },
  { words: 'feeds list' },
  { words: 'channels add', title: 'channels add here' },
  { words: 'decisions' },
  { words: 'status' },
  { words: 'agenda post' },
  { words: 'schedule' },
  { words: 'tag' },
  { words: 'help' },
];

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function menuCommands(
  commands: readonly CommandSpec[] = COMMANDS,
): { title: string; description: string }[] {
  return MENU.flatMap(({ words, title }) => {
    const spec = commands.find((c) => c.path.join(' ') === words);
    return spec ? [{ title: clip(title ?? words, 32), description: clip(spec.summary, 128) }] : [];
  }).slice(0, MAX_MENU_COMMANDS);
}

export interface ManifestValues {
  MICROSOFT_APP_ID: string;
  VERSION: string;
  APP_NAME: string;
  DEVELOPER_NAME: string;
  WEBSITE_URL: string;
  PRIVACY_URL: string;
  TERMS_URL: string;
}

/** Fills {{NAME}} in every string of the template; values go in as JSON strings, never as JSON text. */
function fill(node: unknown, values: ManifestValues): unknown {
  if (typeof node === 'string') {
    return node.replace(/\{\{([A-Z_]+)\}\}/g, (m, key: string) =>
      key in values ? values[key as keyof ManifestValues] : m,
    );
  }
  if (Array.isArray(node)) return node.map((n) => fill(n, values));
  if (node && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, values)]));
  return node;
}

/**
 * Resource-specific consent: when a team installs Horizon, it may read the messages of that team's
 * channels, so replies in agenda threads arrive without an @mention. Nothing beyond that team.
 */
export const RSC_PERMISSIONS = [{ name: 'ChannelMessage.Read.Group', type: 'Application' }] as const;

interface Manifest {
  id: string;
  webApplicationInfo?: { id: string; resource?: string };
  authorization?: { permissions?: { resourceSpecific?: { name: string; type: string }[] } };
  bots: {
    scopes: string[];
    commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
  [key: string]: unknown;
}

export function buildManifest(
  template: unknown,
  values: ManifestValues,
  commands: readonly CommandSpec[] = COMMANDS,
): Manifest {
  const manifest = fill(template, values) as Manifest;
  for (const bot of manifest.bots)
    bot.commandLists = [{ scopes: bot.scopes, commands: menuCommands(commands) }];
  // Teams grants resource-specific consent to the app registration named here.
  manifest.webApplicationInfo = {
    resource: 'https://RscBasedStoreApp',
    ...manifest.webApplicationInfo,
    id: manifest.id,
  };
  const rsc = manifest.authorization?.permissions?.resourceSpecific ?? [];
  for (const p of RSC_PERMISSIONS) if (!rsc.some((r) => r.name === p.name)) rsc.push({ ...p });
  manifest.authorization = {
    ...manifest.authorization,
    permissions: { ...manifest.authorization?.permissions, resourceSpecific: rsc },
  };
  return manifest;
}
