import type { PlatformSpec } from '../../src/chat/platforms.js';

// Slack ids: channels C… (public) or G… (private), people U… or W… (Enterprise Grid).
const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * What the core needs to know about Slack's typed text, and nothing that loads Bolt: the CLI reads
 * Slack ids with it without starting Slack.
 */
export const slackPlatform: PlatformSpec = {
  id: 'slack',
  label: 'Slack',
  forms: true,
  channelForm: 'a Slack channel id (C0123ABCD)',
  userForm: 'a Slack user id (U0123ABCD)',
  readChannel(word) {
    // Slack sends a channel mention as <#C0123|name>.
    const mention = /^<#([CG][A-Z0-9]{2,})(?:\|([^>]*))?>$/.exec(word);
    if (mention) return { id: mention[1]!, name: mention[2] || undefined };
    const bare = word.replace(/^#/, '');
    return CHANNEL_ID.test(bare) ? { id: bare } : null;
  },
  readUser(word) {
    const mention = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/.exec(word);
    if (mention) return mention[1]!;
    const bare = word.replace(/^@/, '');
    return USER_ID.test(bare) ? bare : null;
  },
  // Slack wraps typed links as <https://example.org/feed|example.org/feed>; the command wants the address.
  plainText: (text) => text.replace(/<((?:[a-z][\w+.-]*):[^|>\s]*)(?:\|[^>]*)?>/gi, '$1'),
  configuredChannels: (config) => config.slack.channels,
};
