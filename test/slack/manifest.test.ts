import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';

const manifest = parse(readFileSync(projectPath('slack-manifest.yaml'), 'utf8'));

describe('the Slack app manifest', () => {
  it('declares the /horizon command with escaped channel and user mentions', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/horizon', should_escape: true }),
    ]);
  });

  it('asks for every scope the adapter uses, and no more', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'app_mentions:read',
        'canvases:write',
        'channels:history',
        'channels:read',
        'chat:write',
        'commands',
        'files:write',
        'groups:history',
        'groups:read',
        'im:write',
      ].sort(),
    );
  });

  it('subscribes to the events the adapter handles, with interactivity and App Home on', () => {
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.channels',
      'message.groups',
    ]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('starts in Socket Mode, so no public URL is needed', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });

  it("keeps within Slack's field limits", () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.slash_commands[0].description.length).toBeLessThanOrEqual(100);
  });
});
