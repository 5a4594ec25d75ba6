import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTeamsPackage } from '../../adapters/teams/package.js';
import { COMMANDS } from '../../src/commands/index.js';
import { APP_ID } from './harness.js';

const env = { MICROSOFT_APP_ID: APP_ID, TEAMS_WEBSITE_URL: 'https://charity.example.org' };

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('the Teams app package', () => {
  const dirs: string[] = [];
  const out = () => {
    const d = mkdtempSync(join(tmpdir(), 'horizon-teams-pkg-'));
    dirs.push(d);
    return join(d, 'horizon-teams.zip');
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('zips a manifest for the bot with team and personal scopes, and the two icons', async () => {
    const file = await buildTeamsPackage(env, out());
    const zip = await JSZip.loadAsync(readFileSync(file));
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['team', 'personal'] });
    expect(manifest.developer.websiteUrl).toBe('https://charity.example.org/');
    expect(JSON.stringify(manifest)).not.toContain('{{');
    // Replies in agenda threads arrive without an @mention through resource-specific consent.
    expect(manifest.webApplicationInfo).toMatchObject({ id: APP_ID });
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([
      { name: 'ChannelMessage.Read.Group', type: 'Application' },
    ]);
    expect(pngSize(Buffer.from(await zip.file('color.png')!.async('uint8array')))).toEqual([192, 192]);
    expect(pngSize(Buffer.from(await zip.file('outline.png')!.async('uint8array')))).toEqual([32, 32]);
  });

  it('lists the shared commands in the "/" menu, within Teams\' limits', async () => {
    const zip = await JSZip.loadAsync(readFileSync(await buildTeamsPackage(env, out())));
    const { commands } = JSON.parse(await zip.file('manifest.json')!.async('string')).bots[0].commandLists[0];
    expect(commands.length).toBeGreaterThan(5);
    expect(commands.length).toBeLessThanOrEqual(10);
    const known = new Set(COMMANDS.map((c) => c.path.join(' ')));
    for (const c of commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
      expect(known.has(c.title.replace(/ here$/, ''))).toBe(true);
    }
    expect(commands.map((c: { title: string }) => c.title)).toContain('channels add here');
  });

  it('says which setting is missing or wrong', async () => {
    await expect(buildTeamsPackage({ TEAMS_WEBSITE_URL: env.TEAMS_WEBSITE_URL }, out())).rejects.toThrow(
      /MICROSOFT_APP_ID/,
    );
    await expect(buildTeamsPackage({ MICROSOFT_APP_ID: 'my-bot' }, out())).rejects.toThrow(/GUID/);
    await expect(buildTeamsPackage({ MICROSOFT_APP_ID: APP_ID }, out())).rejects.toThrow(/TEAMS_WEBSITE_URL/);
    await expect(
      buildTeamsPackage({ ...env, TEAMS_WEBSITE_URL: 'http://insecure.example' }, out()),
    ).rejects.toThrow(/https/);
  });

  it('keeps a name with JSON in it as plain text in the manifest', async () => {
    const zip = await JSZip.loadAsync(
      readFileSync(await buildTeamsPackage({ ...env, TEAMS_APP_NAME: 'Ho"riz}on' }, out())),
    );
    expect(JSON.parse(await zip.file('manifest.json')!.async('string')).name.short).toBe('Ho"riz}on');
  });
});
