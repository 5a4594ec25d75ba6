// A Slack message in an agenda item's thread, heard once: from an event, or from catch-up after downtime.
// Slack's part of the rules lives here (who is a member, which messages are people's, how mentions look);
// what is recorded, and when, is the core's (src/replies/).
import type { WebClient } from '@slack/web-api';
import type { Horizon } from '../../src/context.js';
import type { Decision } from '../../src/domain.js';
import { decideFromHeard } from '../../src/replies/decide.js';
import { hearEdit, hearReply, type HeardOutcome } from '../../src/replies/hear.js';
import { isSmtChannel } from '../../src/replies/thread.js';
import { describeSlackError } from './errors.js';
import type { MemberCache } from './members.js';
import { escapeMrkdwn, mentionUser } from './render/escape.js';

/** A message as Slack sends it in events and in conversations.replies. */
export interface SlackThreadMessage {
  ts?: string;
  thread_ts?: string;
  user?: string;
  text?: string;
  bot_id?: string;
  subtype?: string;
  edited?: { ts?: string };
}

export interface ThreadHearing {
  h: Horizon;
  members: MemberCache;
  /** Horizon's own user id, so a mention of Horizon is never taken for the owner. */
  botUserId: string;
}

/** Subtypes that are still a person writing: a reply also sent to the channel, a reply with a file. */
const PERSON_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share']);

/** "<@U0123>" and "<@U0123|name>" → the people a message mentions, in order. */
export function slackMentions(text: string, botUserId: string): string[] {
  const ids = [...text.matchAll(/<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>/g)].map((m) => m[1]!);
  return [...new Set(ids.filter((id) => id !== botUserId))];
}

export function tsToIso(ts: string): string {
  return new Date(Math.round(Number(ts) * 1000)).toISOString();
}

/** True for a person's reply in a thread (not the thread's first message, not a bot's). */
export function isPersonReply(
  m: SlackThreadMessage,
): m is SlackThreadMessage & { ts: string; thread_ts: string; user: string } {
  return Boolean(
    m.ts && m.thread_ts && m.thread_ts !== m.ts && m.user && !m.bot_id && PERSON_SUBTYPES.has(m.subtype),
  );
}

export type SlackHeard = HeardOutcome | { status: 'not-a-member' | 'unknown-member' };

/**
 * Records a reply (or its edit) if it is in an agenda item's thread in an SMT channel and its author is
 * a member of that channel. A newly heard "Decision:" or "Action:" line (or one an edit has just made)
 * is recorded as a decision; what
 * to tell the writer about it (done, or how to write it) is handed to `tell`, as Slack mrkdwn.
 */
export async function hearSlackReply(
  d: ThreadHearing,
  client: WebClient,
  channel: string,
  m: SlackThreadMessage & { ts: string; thread_ts: string; user: string },
  o: { edited?: boolean; tell?: (mrkdwn: string) => Promise<void> } = {},
): Promise<SlackHeard> {
  const { h } = d;
  // Nothing from a channel that is not an SMT channel: not even a look-up of its members.
  if (!isSmtChannel(h, 'slack', channel)) return { status: 'ignored' };
  if (!h.store.posts.itemThread('slack', channel, m.thread_ts)) return { status: 'ignored' };
  const member = await d.members.isMember(client, channel, m.user);
  if (member === null) return { status: 'unknown-member' };
  if (!member) return { status: 'not-a-member' };
  const heard = {
    platform: 'slack',
    channelId: channel,
    threadRef: m.thread_ts,
    messageRef: m.ts,
    authorId: m.user,
    postedAt: tsToIso(m.ts),
    text: m.text ?? '',
  };
  const outcome =
    o.edited || m.edited?.ts
      ? hearEdit(h, { ...heard, editedAt: tsToIso(m.edited?.ts ?? m.ts) })
      : hearReply(h, heard);
  // A decision line counts once: when its message is first heard, or when an edit first makes it one.
  const ctx = { platform: 'slack' as const, userId: m.user, channelId: channel };
  const mentions = slackMentions(heard.text, d.botUserId).map((id) => ({ id }));
  const decision = decideFromHeard(h, ctx, outcome, heard.text, mentions);
  if (decision.kind === 'hint') await o.tell?.(`:information_source: ${escapeMrkdwn(decision.text)}`);
  if (decision.kind === 'recorded') {
    const saved = decision.reply.data as Decision;
    const owner = saved.owner
      ? ` Owner: ${/^[UW][A-Z0-9]{2,}$/.test(saved.owner) ? mentionUser(saved.owner) : escapeMrkdwn(saved.owner)}.`
      : '';
    const due = saved.dueDate ? ` Due ${saved.dueDate}.` : '';
    await o.tell?.(`:white_check_mark: ${escapeMrkdwn(decision.reply.title)}${owner}${due}`);
  }
  return outcome;
}

/** A short message only the writer sees, under the thread they wrote in. */
export async function ephemeralHint(
  h: Horizon,
  client: WebClient,
  where: { channel: string; user: string; threadTs: string },
  mrkdwn: string,
): Promise<void> {
  await client.chat
    .postEphemeral({ channel: where.channel, user: where.user, thread_ts: where.threadTs, text: mrkdwn })
    .catch((err: unknown) =>
      h.log.warn({ err: describeSlackError(err) }, 'could not tell someone about their decision line'),
    );
}
