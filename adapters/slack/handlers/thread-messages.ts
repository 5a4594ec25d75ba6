import type { App } from '@slack/bolt';
import { hearDeletion } from '../../../src/replies/hear.js';
import { isSmtChannel } from '../../../src/replies/thread.js';
import type { MemberCache } from '../members.js';
import { ephemeralHint, hearSlackReply, isPersonReply, type SlackThreadMessage } from '../thread-replies.js';
import type { HandlerDeps } from './deps.js';

/** The message events Slack sends for channels (message.channels) and private channels (message.groups). */
interface MessageEvent extends SlackThreadMessage {
  channel?: string;
  channel_type?: string;
  /** message_changed: the message as it now reads. */
  message?: SlackThreadMessage;
  /** message_deleted: which message went. */
  deleted_ts?: string;
}

/**
 * Replies in agenda items' threads: recorded once each (Slack's retries and duplicate deliveries are
 * dropped by event id before this runs, and the store keeps one row per message), edits and deletions
 * mirrored, only in SMT channels and only from the channel's members. Bots are not heard.
 */
export function registerThreadMessages(app: App, deps: HandlerDeps & { members: MemberCache }): void {
  const { h } = deps;
  app.event('message', async ({ event, client, context }) => {
    const e = event as MessageEvent;
    const channel = e.channel;
    if (!channel || (e.channel_type !== 'channel' && e.channel_type !== 'group')) return;
    const d = { h, members: deps.members, botUserId: context.botUserId ?? '' };

    if (e.subtype === 'message_deleted') {
      if (e.deleted_ts && isSmtChannel(h, 'slack', channel))
        hearDeletion(h, { platform: 'slack', channelId: channel, messageRef: e.deleted_ts });
      return;
    }
    if (e.subtype === 'message_changed') {
      // Slack also "changes" a message to add a link preview or a reply count: only an edit is heard.
      const m = e.message;
      if (m?.edited?.ts && isPersonReply(m)) {
        const where = { channel, user: m.user, threadTs: m.thread_ts };
        await hearSlackReply(d, client, channel, m, {
          edited: true,
          tell: (text) => ephemeralHint(h, client, where, text),
        });
      }
      return;
    }
    if (!isPersonReply(e)) return;
    const where = { channel, user: e.user, threadTs: e.thread_ts };
    const outcome = await hearSlackReply(d, client, channel, e, {
      tell: (text) => ephemeralHint(h, client, where, text),
    });
    if (outcome.status === 'unknown-member')
      h.log.warn({ channel }, 'a thread reply was not recorded: Slack could not say who is in the channel');
  });
}
