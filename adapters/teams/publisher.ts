import type { Attachment, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { AgendaPart, AgendaPublisher, ChatChannel, PostedRef } from '../../src/chat/types.js';
import { PostError } from '../../src/chat/types.js';
import { holders } from '../../src/commands/roles.js';
import type { Horizon } from '../../src/context.js';
import type { Minutes } from '../../src/domain.js';
import { threadMessageId } from './activity.js';
import { userKey } from './bot.js';
import { attachment } from './cards/card.js';
import type { ThemeChoice } from './cards/decision.js';
import { classifyConnectorError } from './errors.js';
import { headerCard, itemCard, noteText, promptText } from './render/agenda.js';
import { minutesCard } from './render/minutes.js';
import { plainText } from './render/escape.js';

type Ref = Partial<ConversationReference>;

export interface PublisherDeps {
  h: Horizon;
  adapter: CloudAdapter;
  appId: string;
  audience: string;
  /** Teams allows a bot about one message a second per thread before it answers 429. */
  minIntervalMs?: number;
}

function usable(ref: unknown): ref is Ref & { serviceUrl: string } {
  return Boolean(ref && typeof ref === 'object' && typeof (ref as Ref).serviceUrl === 'string');
}

/**
 * Where to post in a channel. The reference stored by "channels add here" is best; a channel added by id
 * (from the CLI or the environment) borrows the service URL and bot identity of any conversation the bot
 * has seen in the same tenant, which Teams accepts as long as the bot is installed in that team.
 */
export function resolveReference(h: Horizon, channel: ChatChannel): (Ref & { serviceUrl: string }) | null {
  if (usable(channel.reference)) return channel.reference;
  const own = h.store.conversations.get<Ref>(channel.channelId);
  if (usable(own)) return own;
  const any = h.store.conversations
    .list<Ref>()
    .find((r) => usable(r.ref) && r.ref.conversation?.conversationType === 'channel');
  return any && usable(any.ref)
    ? { ...any.ref, conversation: { ...any.ref.conversation!, id: channel.channelId } }
    : null;
}

/**
 * Runs a proactive send so that its failure reaches the caller. Left to the adapter, an error inside
 * continueConversationAsync goes to onTurnError, which apologises into the very thread (a stray message in
 * the SMT channel) and swallows the error, so a lost answer would look like a send with no id and be sent
 * again. Thrown out of the callback instead, it is classified like any other failure.
 */
async function proactive(
  adapter: CloudAdapter,
  appId: string,
  ref: Partial<ConversationReference>,
  audience: string,
  work: (context: TurnContext) => Promise<void>,
): Promise<void> {
  let failure: { err: unknown } | null = null;
  await adapter.continueConversationAsync(appId, ref, audience, async (context) => {
    try {
      await work(context);
    } catch (err) {
      failure = { err };
    }
  });
  if (failure) throw (failure as { err: unknown }).err;
}

export function createTeamsPublisher(deps: PublisherDeps): AgendaPublisher {
  const { h, adapter, appId, audience } = deps;

  /** Where to reach a channel, or a failure that says how to give Horizon one. */
  function addressOf(channel: ChatChannel): Ref & { serviceUrl: string } {
    const ref = resolveReference(h, channel);
    if (!ref)
      throw new PostError(
        'I have no address for this channel yet. @mention me there with "channels add here"',
        'channel-unavailable',
      );
    return ref;
  }

  /** How cards for this channel are drawn: the organisation's time zone, the channel, the themes. */
  function cardOptions(channel: ChatChannel) {
    return { timezone: h.config.timezone, channelId: channel.channelId, themes: themeChoices(h) };
  }

  /** A new top-level post in the channel: a thread of its own that replies can go under. */
  async function newThread(
    channel: ChatChannel,
    ref: Ref & { serviceUrl: string },
    content: ReturnType<typeof attachment>,
    summary: string,
  ) {
    let conversationId: string | undefined;
    await adapter.createConversationAsync(
      appId,
      'msteams',
      ref.serviceUrl,
      audience,
      {
        isGroup: true,
        bot: ref.bot as ConversationReference['bot'],
        tenantId: ref.conversation?.tenantId,
        channelData: {
          channel: { id: channel.channelId },
          ...(ref.conversation?.tenantId ? { tenant: { id: ref.conversation.tenantId } } : {}),
        },
        activity: { type: 'message', summary, attachments: [content] },
      } as Parameters<CloudAdapter['createConversationAsync']>[4],
      async (context) => {
        conversationId = context.activity.conversation?.id;
      },
    );
    if (!conversationId) throw new PostError('Teams did not say where the post went', 'transient');
    return { messageRef: threadMessageId(conversationId) ?? conversationId, threadRef: conversationId };
  }

  async function reply(
    ref: Ref & { serviceUrl: string },
    threadRef: string,
    text: string,
    attachments?: Attachment[],
  ): Promise<PostedRef> {
    let id: string | undefined;
    await proactive(
      adapter,
      appId,
      { ...ref, conversation: { ...ref.conversation!, id: threadRef } },
      audience,
      async (context) => {
        id = (
          await context.sendActivity({
            type: 'message',
            text: plainText(text),
            textFormat: 'plain',
            ...(attachments ? { attachments } : {}),
          })
        )?.id;
      },
    );
    if (!id) throw new PostError('Teams did not return an id for the reply', 'transient');
    return { messageRef: id, threadRef };
  }

  return {
    platform: 'teams',
    minIntervalMs: deps.minIntervalMs ?? 1000,
    postsChart: true,
    async channels() {
      return h.store.channels.list('teams');
    },
    async post(channel: ChatChannel, part: AgendaPart): Promise<PostedRef> {
      const ref = addressOf(channel);
      const opts = cardOptions(channel);
      try {
        switch (part.kind) {
          case 'header':
            return await newThread(
              channel,
              ref,
              attachment(headerCard(part, opts)),
              `Horizon scan: ${part.agenda.month}`,
            );
          case 'item':
            return await newThread(
              channel,
              ref,
              attachment(itemCard(part.agenda, part.item, part.index, opts)),
              plainText(part.item.title, 300),
            );
          case 'prompt':
            return await reply(ref, part.threadRef, promptText(part.item));
          case 'note':
            return await reply(ref, part.threadRef, noteText(part.text));
          case 'chart':
            // The picture (over 100 KB) cannot fit a card's 28 KB, so it is its own message in the
            // header's thread: an inline image attachment, which Teams shows as a picture.
            return await reply(ref, part.threadRef, part.chart.alt, [chartAttachment(part)]);
        }
      } catch (err) {
        throw classifyConnectorError(err);
      }
    },
    async postMinutes(channel: ChatChannel, minutes: Minutes, threadRef: string): Promise<PostedRef> {
      const ref = addressOf(channel);
      try {
        const content = minutesCard(minutes, { timezone: h.config.timezone });
        return await reply(ref, threadRef, `Minutes: ${minutes.month}`, [attachment(content)]);
      } catch (err) {
        throw classifyConnectorError(err);
      }
    },
    async update(channel, part, posted) {
      const ref = addressOf(channel);
      const opts = cardOptions(channel);
      const content = attachment(
        part.kind === 'header' ? headerCard(part, opts) : itemCard(part.agenda, part.item, part.index, opts),
      );
      const summary =
        part.kind === 'header' ? `Horizon scan: ${part.agenda.month}` : plainText(part.item.title, 300);
      try {
        // The post (an item's, or the header) is the first message of its thread: it is updated in that
        // thread's conversation.
        await proactive(
          adapter,
          appId,
          { ...ref, conversation: { ...ref.conversation!, id: posted.threadRef } },
          audience,
          async (context) => {
            await context.updateActivity({
              id: posted.messageRef,
              type: 'message',
              summary,
              attachments: [content],
            });
          },
        );
      } catch (err) {
        throw classifyConnectorError(err);
      }
    },
    async sendDirect(userId: string, text: string): Promise<boolean> {
      // Only someone who has a personal chat with the bot can be messaged by it.
      const ref = h.store.conversations.get<Ref>(userKey(userId));
      if (!usable(ref)) return false;
      await adapter.continueConversationAsync(appId, ref, audience, async (context) => {
        await context.sendActivity({ type: 'message', text: plainText(text), textFormat: 'plain' });
      });
      return true;
    },
    async notifyAdmins(message: string) {
      const admins = holders(h, 'teams', 'admin');
      let told = 0;
      for (const id of admins) {
        const ref = h.store.conversations.get<Ref>(userKey(id));
        if (!usable(ref)) continue;
        await adapter.continueConversationAsync(appId, ref, audience, async (context) => {
          await context.sendActivity({ type: 'message', text: plainText(message), textFormat: 'plain' });
        });
        told++;
      }
      if (told === 0)
        h.log.warn({ message }, 'no Teams admin has a personal chat with the bot, so this was only logged');
    },
  };
}

/** The hype-cycle PNG as an inline image attachment (Teams takes a base64 data URL for a bot's image). */
/** The taxonomy's themes, for the "Themes" chooser on item cards. */
function themeChoices(h: Horizon): ThemeChoice[] {
  return h.taxonomy.themes.map((t) => ({ slug: t.slug, label: t.label }));
}

function chartAttachment(part: Extract<AgendaPart, { kind: 'chart' }>): Attachment {
  return {
    contentType: 'image/png',
    contentUrl: `data:image/png;base64,${Buffer.from(part.chart.png).toString('base64')}`,
    name: `hype-cycle-${part.agenda.month}.png`,
  };
}
