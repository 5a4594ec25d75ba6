import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import JSZip from 'jszip';
import { projectPath } from '../../src/paths.js';
import { buildManifest, type ManifestValues } from './manifest.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TeamsPackageError extends Error {}

function httpsUrl(name: string, value: string | undefined): string {
  let url: URL | null = null;
  try {
    url = value ? new URL(value) : null;
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'https:') {
    throw new TeamsPackageError(
      `${name} must be an https:// address (it is ${value ? `"${value}"` : 'not set'}). Teams shows it on the app's About page; your organisation's website will do.`,
    );
  }
  return url.href;
}

/** Reads the package settings from the environment, saying exactly which one is missing or wrong. */
export function manifestValues(env: NodeJS.ProcessEnv): ManifestValues {
  const appId = env.MICROSOFT_APP_ID?.trim();
  if (!appId || !GUID.test(appId)) {
    throw new TeamsPackageError(
      `MICROSOFT_APP_ID must be your Azure Bot's Microsoft App ID, a GUID like 00000000-0000-0000-0000-000000000000 (it is ${appId ? `"${appId}"` : 'not set'}). See docs/teams.md, step 1.`,
    );
  }
  const website = httpsUrl('TEAMS_WEBSITE_URL', env.TEAMS_WEBSITE_URL?.trim());
  const version =
    env.TEAMS_APP_VERSION?.trim() ||
    (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
  if (!/^\d+\.\d+\.\d+$/.test(version)) {
    throw new TeamsPackageError(
      `TEAMS_APP_VERSION must look like 1.2.3 (it is "${version}"). Raise it each time you upload a new package.`,
    );
  }
  const name = (env.TEAMS_APP_NAME?.trim() || 'Horizon').slice(0, 30);
  return {
    MICROSOFT_APP_ID: appId,
    VERSION: version,
    APP_NAME: name,
    DEVELOPER_NAME: (env.TEAMS_DEVELOPER_NAME?.trim() || name).slice(0, 32),
    WEBSITE_URL: website,
    PRIVACY_URL: env.TEAMS_PRIVACY_URL?.trim()
      ? httpsUrl('TEAMS_PRIVACY_URL', env.TEAMS_PRIVACY_URL.trim())
      : website,
    TERMS_URL: env.TEAMS_TERMS_URL?.trim()
      ? httpsUrl('TEAMS_TERMS_URL', env.TEAMS_TERMS_URL.trim())
      : website,
  };
}

/**
 * Builds the Teams app package: manifest.json (bot, scopes, "/" menu) and the two icons, zipped flat as
 * Teams expects. Returns the absolute path of the zip.
 */
export async function buildTeamsPackage(env: NodeJS.ProcessEnv, outFile: string): Promise<string> {
  const values = manifestValues(env);
  const template: unknown = JSON.parse(readFileSync(projectPath('teams', 'manifest.template.json'), 'utf8'));
  const manifest = buildManifest(template, values);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  zip.file('color.png', readFileSync(projectPath('teams', 'color.png')));
  zip.file('outline.png', readFileSync(projectPath('teams', 'outline.png')));
  // A fixed date keeps the zip identical for identical settings.
  const date = new Date('2024-01-01T00:00:00Z');
  for (const f of Object.values(zip.files)) f.date = date;
  const out = resolve(outFile);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return out;
}
