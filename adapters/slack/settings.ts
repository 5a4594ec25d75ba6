import { ConfigError, type Config } from '../../src/config.js';

/** `publish`: only posting (a one-off `horizon agenda post`), so nothing needs to reach Horizon. */
export type SlackMode = 'socket' | 'http' | 'publish';

export interface SlackSettings {
  mode: SlackMode;
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
}

const BOT_TOKEN_HELP =
  'Copy the "Bot User OAuth Token" (it starts with xoxb-) from your Slack app\'s settings, under Features → OAuth & Permissions, into SLACK_BOT_TOKEN in .env.';
const SIGNING_SECRET_HELP =
  "Copy it from your Slack app's settings, under Basic Information → App Credentials → Signing Secret, into SLACK_SIGNING_SECRET in .env.";
const APP_TOKEN_HELP =
  'Create one under Basic Information → App-Level Tokens with the connections:write scope (it starts with xapp-), and put it in SLACK_APP_TOKEN in .env.';

export const HELP = {
  botToken: BOT_TOKEN_HELP,
  signingSecret: SIGNING_SECRET_HELP,
  appToken: APP_TOKEN_HELP,
};

/**
 * Which way Horizon talks to Slack, from the settings. Null when Slack is not configured at all; a
 * ConfigError naming the variable and where to find it when the settings are half there or malformed.
 */
export function slackSettings(config: Config, opts: { publishOnly?: boolean } = {}): SlackSettings | null {
  const { botToken, signingSecret, appToken, apiUrl } = config.slack;
  if (!botToken) {
    if (signingSecret || appToken) {
      throw new ConfigError(`SLACK_BOT_TOKEN is not set, but other Slack settings are. ${BOT_TOKEN_HELP}`);
    }
    return null;
  }
  if (!botToken.startsWith('xoxb-')) {
    throw new ConfigError(
      `SLACK_BOT_TOKEN does not look like a bot token (it should start with xoxb-). ${BOT_TOKEN_HELP}`,
    );
  }
  if (appToken && !appToken.startsWith('xapp-')) {
    throw new ConfigError(
      `SLACK_APP_TOKEN does not look like an app-level token (it should start with xapp-). ${APP_TOKEN_HELP}`,
    );
  }
  if (!appToken && !signingSecret && !opts.publishOnly) {
    throw new ConfigError(
      `SLACK_SIGNING_SECRET is not set. Without SLACK_APP_TOKEN Horizon receives Slack requests over HTTP and must check their signatures. ${SIGNING_SECRET_HELP} Or use Socket Mode (no public URL needed): ${APP_TOKEN_HELP}`,
    );
  }
  if (apiUrl) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(apiUrl).protocol);
    } catch {
      ok = false;
    }
    if (!ok)
      throw new ConfigError(
        `SLACK_API_URL must be an http(s) URL such as https://slack.com/api/ (got "${apiUrl}"). Leave it unset to talk to Slack directly.`,
      );
  }
  const mode: SlackMode = opts.publishOnly ? 'publish' : appToken ? 'socket' : 'http';
  return { mode, botToken, signingSecret, appToken, apiUrl };
}
