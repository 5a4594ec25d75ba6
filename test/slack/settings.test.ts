import { describe, expect, it } from 'vitest';
import { slackSettings } from '../../adapters/slack/settings.js';
import { ConfigError, loadConfig } from '../../src/config.js';

const config = (env: Record<string, string>) => loadConfig({ HORIZON_DB: ':memory:', ...env });

function refusal(env: Record<string, string>): ConfigError {
  try {
    slackSettings(config(env));
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected the settings to be refused');
}

describe('Slack settings', () => {
  it('leave Slack off when no bot token is set', () => {
    expect(slackSettings(config({ HORIZON_SLACK_CHANNELS: 'C1' }))).toBeNull();
  });

  it('use Socket Mode when an app-level token is set, so no public URL is needed', () => {
    expect(slackSettings(config({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))?.mode).toBe(
      'socket',
    );
  });

  it('use the HTTP receiver when only the bot token and signing secret are set', () => {
    expect(slackSettings(config({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }))?.mode).toBe(
      'http',
    );
  });

  it('name the signing secret and where to find it when HTTP mode lacks it', () => {
    const err = refusal({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(err.message).toContain('SLACK_SIGNING_SECRET');
    expect(err.message).toContain('Basic Information → App Credentials');
    expect(err.message).toContain('SLACK_APP_TOKEN');
  });

  it('name the bot token when other Slack credentials are set without it', () => {
    const err = refusal({ SLACK_SIGNING_SECRET: 's' });
    expect(err.message).toContain('SLACK_BOT_TOKEN');
    expect(err.message).toContain('OAuth & Permissions');
  });

  it('refuse a user or app token pasted in place of the bot token, without echoing it', () => {
    const err = refusal({ SLACK_BOT_TOKEN: 'xoxp-secret-user-token', SLACK_SIGNING_SECRET: 's' });
    expect(err.message).toContain('xoxb-');
    expect(err.message).not.toContain('xoxp-secret-user-token');
  });

  it('refuse an app-level token that is not one', () => {
    expect(refusal({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }).message).toContain(
      'SLACK_APP_TOKEN',
    );
  });

  it('refuse an API URL that is not a web address', () => {
    expect(
      refusal({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'file:///etc/passwd' })
        .message,
    ).toContain('SLACK_API_URL');
  });
});
