import type { WebClient } from '@slack/web-api';
import type {
  AgendaChart,
  AgendaPart,
  AgendaPublisher,
  ChatChannel,
  PostedRef,
} from '../../src/chat/types.js';
import { PostError } from '../../src/chat/types.js';
import type { Minutes } from '../../src/domain.js';
import { holders } from '../../src/commands/roles.js';
import type { Horizon } from '../../src/context.js';
import type { SlackMessage } from './blocks.js';
import { describeSlackError, isLostAnswer, toPostError } from './errors.js';
import { createCanvasKeeper } from './canvas.js';
import { AGENDA_EVENT_TYPE } from './ids.js';
import { recordNotice } from './notices.js';
import { renderPart } from './render/agenda.js';
import { renderMinutes } from './render/minutes.js';
import { escapeMrkdwn } from './render/escape.js';

export interface PublisherOptions {
  /** Least time between posts to one channel. Slack allows about one message a second per channel. */
  minIntervalMs?: number;
  /** How many pages of channel history to search for a message posted before a crash. */
  historyPages?: number;
  /** How the publisher waits between tries of a continuation message (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** Keep a channel canvas with each month's agenda and minutes (default: HORIZON_SLACK_CANVAS). */
  canvas?: boolean;
  /** Told when Slack refuses the token, so the health check can say so. */
  onAuthFailure?: (message: string) => void;
}

interface PostedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  files?: { id?: string; name?: string }[];
}

const chartFileName = (month: string) => `horizon-${month}.png`;

/** Slack ids of the admins: anyone with the admin role on Slack, from a grant or from HORIZON_ADMINS. */
export function slackAdmins(h: Horizon): string[] {
  return holders(h, 'slack', 'admin').filter((id) => /^[UW][A-Z0-9]{2,}$/.test(id));
}

function matches(m: PostedMessage, month: string, key: string): boolean {
  return (
    m.metadata?.event_type === AGENDA_EVENT_TYPE &&
    m.metadata.event_payload?.month === month &&
    m.metadata.event_payload?.part === key
  );
}

/** Posts agenda parts to Slack one message at a time; the core decides what, when and how often to retry. */
export function createSlackPublisher(
  h: Horizon,
  client: WebClient,
  opts: PublisherOptions = {},
): AgendaPublisher {
  const historyPages = opts.historyPages ?? 5;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function send(
    channel: string,
    message: SlackMessage,
    part: AgendaPart,
    threadTs?: string,
  ): Promise<string> {
    const res = await client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      unfurl_links: false,
      unfurl_media: false,
      metadata: {
        event_type: AGENDA_EVENT_TYPE,
        event_payload: { month: part.agenda.month, part: part.key },
      },
    });
    if (!res.ts) throw new Error('Slack accepted the message but returned no timestamp.');
    return res.ts;
  }

  /**
   * The rest of a part too long for one message. The first message is already in Slack, so a failure here
   * must not make the core post the part again: rate limits are waited out here, and anything else is logged.
   */
  async function sendContinuation(
    channel: string,
    message: SlackMessage,
    part: AgendaPart,
    threadTs: string,
  ): Promise<void> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await send(channel, message, part, threadTs);
        return;
      } catch (err) {
        const failure = toPostError(err);
        if (failure.failure !== 'rate-limited' && failure.failure !== 'transient') break;
        await sleep(failure.retryAfterMs ?? 1000 * attempt);
      }
    }
    h.log.warn({ channel, part: part.key }, 'could not post the end of a long agenda message');
  }

  async function permalink(channel: string, ts: string): Promise<string | null> {
    try {
      const res = await client.chat.getPermalink({ channel, message_ts: ts });
      return res.permalink ?? null;
    } catch (err) {
      // The link back is a courtesy; the header goes out without it.
      h.log.warn({ channel, err: describeSlackError(err) }, 'could not link to last month');
      return null;
    }
  }

  /** The hype-cycle picture, in the header's thread. Returns the file's id. */
  async function uploadChart(
    channel: string,
    headerTs: string,
    month: string,
    chart: AgendaChart,
  ): Promise<string> {
    const res = (await client.files.uploadV2({
      channel_id: channel,
      thread_ts: headerTs,
      file: Buffer.from(chart.png),
      filename: chartFileName(month),
      title: `This month's topics on the policy hype cycle`,
      alt_text: chart.alt.slice(0, 1000),
    })) as { files?: { files?: { id?: string }[] }[] };
    return res.files?.[0]?.files?.[0]?.id ?? chartFileName(month);
  }

  const canvas = createCanvasKeeper(h, client, opts.canvas ?? h.config.slack.canvas);

  const publisher: AgendaPublisher = {
    platform: 'slack',
    minIntervalMs: opts.minIntervalMs ?? 1100,
    postsChart: true,

    async channels(): Promise<ChatChannel[]> {
      return h.store.channels.list('slack');
    },

    async post(channel: ChatChannel, part: AgendaPart): Promise<PostedRef> {
      try {
        if (part.kind === 'chart') {
          const id = await uploadChart(channel.channelId, part.threadRef, part.agenda.month, part.chart);
          return { messageRef: id, threadRef: part.threadRef };
        }
        const previous =
          part.kind === 'header' && part.previous
            ? await permalink(channel.channelId, part.previous.messageRef)
            : null;
        const [first, ...rest] = renderPart(part, previous);
        const threadTs = part.kind === 'prompt' || part.kind === 'note' ? part.threadRef : undefined;
        const ts = await send(channel.channelId, first!, part, threadTs);
        // A part too long for one message continues in its own thread, so nothing is cut and the channel stays tidy.
        for (const more of rest) await sendContinuation(channel.channelId, more, part, threadTs ?? ts);
        return { messageRef: ts, threadRef: threadTs ?? ts };
      } catch (err) {
        const failure = toPostError(err);
        if (failure.failure === 'auth') opts.onAuthFailure?.(failure.message);
        // The answer was lost on the way back: Slack may well have posted it. Look before the core retries.
        if (isLostAnswer(err)) {
          const found = await publisher.findPosted!(channel, part.agenda.month, part).catch(() => null);
          if (found) return found;
        }
        throw failure;
      }
    },

    async update(channel, part, ref): Promise<void> {
      // Only the first message is replaced; a continuation in its thread keeps what it said. The header
      // keeps its link to last month's.
      const previous =
        part.kind === 'header' && part.previous
          ? await permalink(channel.channelId, part.previous.messageRef)
          : null;
      const [first] = renderPart(part, previous);
      try {
        await client.chat.update({
          channel: channel.channelId,
          ts: ref.messageRef,
          text: first!.text,
          blocks: first!.blocks,
          metadata: {
            event_type: AGENDA_EVENT_TYPE,
            event_payload: { month: part.agenda.month, part: part.key },
          },
        });
      } catch (err) {
        const failure = toPostError(err);
        if (failure.failure === 'auth') opts.onAuthFailure?.(failure.message);
        throw failure;
      }
    },

    async findPosted(channel: ChatChannel, agendaMonth: string, part: AgendaPart): Promise<PostedRef | null> {
      try {
        if (part.kind === 'prompt' || part.kind === 'note' || part.kind === 'chart') {
          const res = await client.conversations.replies({
            channel: channel.channelId,
            ts: part.threadRef,
            include_all_metadata: true,
            limit: 200,
          });
          const messages = (res.messages as PostedMessage[] | undefined) ?? [];
          if (part.kind === 'chart') {
            // A shared file shows in the thread as a message carrying it, named by month.
            const file = messages
              .flatMap((m) => m.files ?? [])
              .find((f) => f.name === chartFileName(agendaMonth));
            return file
              ? { messageRef: file.id ?? chartFileName(agendaMonth), threadRef: part.threadRef }
              : null;
          }
          const found = messages.find((m) => matches(m, agendaMonth, part.key));
          return found?.ts ? { messageRef: found.ts, threadRef: part.threadRef } : null;
        }
        let cursor: string | undefined;
        for (let page = 0; page < historyPages; page++) {
          const res = await client.conversations.history({
            channel: channel.channelId,
            include_all_metadata: true,
            limit: 200,
            cursor,
          });
          const found = (res.messages as PostedMessage[] | undefined)?.find((m) =>
            matches(m, agendaMonth, part.key),
          );
          if (found?.ts) return { messageRef: found.ts, threadRef: found.ts };
          cursor = res.response_metadata?.next_cursor || undefined;
          if (!res.has_more || !cursor) break;
        }
        return null;
      } catch (err) {
        throw toPostError(err);
      }
    },

    async postMinutes(channel: ChatChannel, minutes: Minutes, threadRef: string): Promise<PostedRef> {
      const messages = renderMinutes(minutes);
      const post = (m: SlackMessage) =>
        client.chat.postMessage({
          channel: channel.channelId,
          thread_ts: threadRef,
          text: m.text,
          blocks: m.blocks,
          unfurl_links: false,
          unfurl_media: false,
          metadata: {
            event_type: AGENDA_EVENT_TYPE,
            event_payload: { month: minutes.month, part: 'minutes' },
          },
        });
      let ts: string | undefined;
      try {
        ts = (await post(messages[0]!)).ts;
      } catch (err) {
        const failure = toPostError(err);
        if (failure.failure === 'auth') opts.onAuthFailure?.(failure.message);
        throw failure;
      }
      if (!ts)
        throw new PostError('Slack accepted the minutes but returned no timestamp.', 'unknown-outcome');
      // The rest of a long month: the first message is in, so a failure here is logged, never resent whole.
      for (const more of messages.slice(1))
        await post(more).catch((err: unknown) =>
          h.log.warn({ err: describeSlackError(err) }, 'could not post the end of the minutes'),
        );
      return { messageRef: ts, threadRef };
    },

    async sendDirect(userId: string, text: string): Promise<boolean> {
      if (!/^[UW][A-Z0-9]{2,}$/.test(userId)) return false;
      const dm = await client.conversations.open({ users: userId });
      if (!dm.channel?.id) return false;
      await client.chat.postMessage({
        channel: dm.channel.id,
        text: escapeMrkdwn(text),
        unfurl_links: false,
        unfurl_media: false,
      });
      return true;
    },

    async keepDocument(channel, month, section, markdown): Promise<void> {
      await canvas.write(channel.channelId, month, section, markdown);
    },

    async notifyAdmins(message: string): Promise<void> {
      recordNotice(h, message);
      for (const user of slackAdmins(h)) {
        try {
          const dm = await client.conversations.open({ users: user });
          if (!dm.channel?.id) continue;
          await client.chat.postMessage({
            channel: dm.channel.id,
            text: `:warning: ${escapeMrkdwn(message)}`,
            unfurl_links: false,
            unfurl_media: false,
          });
        } catch (err) {
          // A revoked token cannot DM anyone; App Home and the log still carry the message.
          h.log.warn({ user, err: describeSlackError(err) }, 'could not message a Slack admin');
        }
      }
    },
  };
  return publisher;
}
