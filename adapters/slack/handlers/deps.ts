import type { WebClient } from '@slack/web-api';
import type { CommandContext, Reply } from '../../../src/commands/types.js';
import type { Horizon } from '../../../src/context.js';
import { renderReply, responseType } from '../render/reply.js';
import type { ThemeChoice } from '../views/add-feed.js';

/** What every Slack handler needs. */
export interface HandlerDeps {
  h: Horizon;
  themes: () => ThemeChoice[];
  /** How long a form waits for a feed check before answering "checking…" (Slack allows 3 seconds). */
  formDeadlineMs: number;
}

interface SlackUser {
  id: string;
  username?: string;
  name?: string;
}

export function userContext(
  user: SlackUser,
  channel?: { id?: string; name?: string } | null,
): CommandContext {
  return {
    platform: 'slack',
    userId: user.id,
    userName: user.username ?? user.name,
    channelId: channel?.id,
    channelName: channel?.name,
  };
}

type Respond = (message: Record<string, unknown>) => Promise<unknown>;

/** Sends a reply through a response_url: ephemeral unless the command meant it for the channel. */
export async function respondWith(respond: Respond, reply: Reply): Promise<void> {
  for (const m of renderReply(reply)) {
    await respond({
      response_type: responseType(reply),
      replace_original: false,
      text: m.text,
      blocks: m.blocks,
    });
  }
}

/** Sends a reply to one person in a channel (ephemeral), or to the channel's thread when it is for everyone. */
export async function postReply(
  client: WebClient,
  reply: Reply,
  where: { channel: string; user: string; threadTs?: string },
): Promise<void> {
  for (const m of renderReply(reply)) {
    if (reply.visibility === 'channel') {
      await client.chat.postMessage({
        channel: where.channel,
        thread_ts: where.threadTs,
        text: m.text,
        blocks: m.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
    } else {
      await client.chat.postEphemeral({
        channel: where.channel,
        user: where.user,
        thread_ts: where.threadTs,
        text: m.text,
        blocks: m.blocks,
      });
    }
  }
}

/** A reply for when something we did not expect went wrong: what failed and what to do, never a stack trace. */
export function unexpected(what: string): Reply {
  return {
    ok: false,
    title: `Something went wrong while ${what}.`,
    hint: 'Try again in a minute. If it keeps happening, an admin can find the details in the Horizon log.',
    blocks: [],
    visibility: 'private',
  };
}

/** Resolves with the value if it arrives in time, else with `late` (the work carries on). */
export async function within<T>(
  work: Promise<T>,
  ms: number,
): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
