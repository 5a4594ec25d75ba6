import { registerPlatform } from '../src/chat/platforms.js';
import { consolePlatform } from '../adapters/console/platform.js';
import { slackPlatform } from '../adapters/slack/platform.js';
import { teamsPlatform } from '../adapters/teams/platform.js';

/**
 * The chat platforms this build knows. Adding one is a folder under adapters/ with a `platform.ts`
 * (how its ids and typed references look) and an adapter, named here and in app/bot.ts.
 * These modules are small on purpose: the CLI reads Slack and Teams ids without loading either SDK.
 */
export const INSTALLED_PLATFORMS = [slackPlatform, teamsPlatform, consolePlatform];

export function registerInstalledPlatforms(): void {
  for (const p of INSTALLED_PLATFORMS) registerPlatform(p);
}
