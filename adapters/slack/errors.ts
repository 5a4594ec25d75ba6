import { PostError } from '../../src/chat/types.js';

/** Slack errors that mean this channel cannot take posts until a person fixes something. */
const CHANNEL_ERRORS: Record<string, string> = {
  not_in_channel: 'Horizon is not a member of the channel. Invite it there with `/invite @Horizon`.',
  channel_not_found:
    'The channel does not exist or Horizon cannot see it. Check the id with `/horizon channels list`, and invite Horizon to private channels.',
  is_archived: 'The channel is archived. Unarchive it, or remove it with `/horizon channels remove`.',
  restricted_action:
    'A workspace setting stops Horizon posting in the channel. Ask a Slack admin to allow it.',
  restricted_action_read_only_channel:
    'The channel is read-only for apps. Ask a Slack admin to allow Horizon to post.',
  restricted_action_thread_only_channel: 'The channel only allows thread replies. Pick another SMT channel.',
  team_access_not_granted: "Horizon has no access to this channel's workspace. Reinstall the app there.",
};

/** Slack errors that mean the token no longer works, for every channel. */
const AUTH_ERRORS: Record<string, string> = {
  invalid_auth:
    'Slack refused the bot token (invalid_auth). Check SLACK_BOT_TOKEN: copy it again from OAuth & Permissions.',
  not_authed: 'No bot token was sent. Set SLACK_BOT_TOKEN in .env.',
  token_revoked:
    'The bot token has been revoked (the app was uninstalled or reinstalled). Reinstall the app and copy the new token into SLACK_BOT_TOKEN.',
  token_expired: 'The bot token has expired. Reinstall the app and copy the new token into SLACK_BOT_TOKEN.',
  account_inactive:
    'The bot user has been deactivated. Reinstall the app and copy the new token into SLACK_BOT_TOKEN.',
  missing_scope: 'The app lacks a permission it needs. Update it from slack-manifest.yaml and reinstall it.',
  not_allowed_token_type: 'SLACK_BOT_TOKEN is not a bot token. Use the Bot User OAuth Token (xoxb-).',
};

const TRANSIENT_ERRORS = new Set([
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

interface SlackishError {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  message?: string;
}

/** The Slack error code (`not_in_channel`), when the error came from Slack's API. */
export function slackErrorCode(err: unknown): string | null {
  const e = err as SlackishError;
  return typeof e?.data?.error === 'string' ? e.data.error : null;
}

/** A sentence for a person: what went wrong with Slack and what to do next. */
export function describeSlackError(err: unknown): string {
  const code = slackErrorCode(err);
  if (code) return CHANNEL_ERRORS[code] ?? AUTH_ERRORS[code] ?? `Slack answered "${code}".`;
  const e = err as SlackishError;
  if (e?.code === 'slack_webapi_rate_limited_error')
    return `Slack asked Horizon to slow down for ${e.retryAfter ?? '?'} seconds.`;
  if (e?.code === 'slack_webapi_http_error')
    return `Slack answered HTTP ${e.statusCode ?? '?'}; Horizon will try again.`;
  if (e?.code === 'slack_webapi_request_error')
    return 'Horizon could not reach Slack (network error); it will try again.';
  return `Unexpected error talking to Slack: ${e?.message ?? String(err)}`;
}

export function isAuthError(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code !== null && code in AUTH_ERRORS;
}

/** Sorts a Slack failure into what the core's posting loop should do about it. */
export function toPostError(err: unknown): PostError {
  if (err instanceof PostError) return err;
  const e = err as SlackishError;
  const message = describeSlackError(err);
  if (e?.code === 'slack_webapi_rate_limited_error') {
    return new PostError(message, 'rate-limited', Math.max(0, (e.retryAfter ?? 1) * 1000));
  }
  if (e?.code === 'slack_webapi_http_error') {
    return new PostError(message, (e.statusCode ?? 500) >= 500 ? 'transient' : 'fatal');
  }
  if (e?.code === 'slack_webapi_request_error') return new PostError(message, 'transient');
  const code = slackErrorCode(err);
  if (code && code in CHANNEL_ERRORS) return new PostError(message, 'channel-unavailable');
  if (code && code in AUTH_ERRORS) return new PostError(message, 'auth');
  if (code && TRANSIENT_ERRORS.has(code)) return new PostError(message, 'transient');
  return new PostError(message, 'fatal');
}

/** The request went out but no answer came back (a dropped connection, a timeout): it may have landed. */
export function isLostAnswer(err: unknown): boolean {
  return (err as SlackishError)?.code === 'slack_webapi_request_error';
}
