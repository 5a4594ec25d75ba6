// Reading what Teams sends: who wrote, where, and what they asked for. Pure functions of an activity.
import type { Activity, ConversationReference } from 'botbuilder';
import type { CommandContext } from '../../src/commands/types.js';

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

/** Decodes the few HTML entities Teams puts in message text; any other is left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#39|[a-z]+);/gi, (m, name: string) => ENTITIES[name.toLowerCase()] ?? m);
}

/** A thread's conversation id is the channel's id plus ";messageid=…"; the channel is the part before. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

/** The message id inside a thread's conversation id, when there is one. */
export function threadMessageId(conversationId: string): string | null {
  const m = /;messageid=([^;]+)/.exec(conversationId);
  return m ? m[1]! : null;
}

/** True for messages the bot itself sent (Teams echoes some back); those are never commands. */
export function isFromBot(activity: Partial<Activity>): boolean {
  return Boolean(activity.from?.id && activity.recipient?.id && activity.from.id === activity.recipient.id);
}

/**
 * What the person typed, without the @mention of the bot. Teams sends the mention as <at>Name</at> in the
 * text, may wrap the rest in HTML, and the "/" menu inserts a command title; all of that is peeled off.
 */
export function commandText(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const e of activity.entities ?? []) {
    const mentioned = (e as { mentioned?: { id?: string }; text?: string }).mentioned;
    const mentionText = (e as { text?: string }).text;
    if (e.type === 'mention' && mentioned?.id === botId && mentionText)
      text = text.split(mentionText).join(' ');
  }
  text = decodeEntities(
    text
      .replace(/<at>[^<]*<\/at>/gi, ' ')
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();
  return text.replace(/^\/?horizon\s+/i, '').replace(/^\//, '');
}

interface TeamsChannelData {
  channel?: { id?: string; name?: string };
  team?: { id?: string; name?: string };
  tenant?: { id?: string };
}

export function channelData(activity: Partial<Activity>): TeamsChannelData {
  return (activity.channelData ?? {}) as TeamsChannelData;
}

/** The Teams channel (or chat) this activity came from: the id we register and post to. */
export function conversationKey(activity: Partial<Activity>): string {
  return channelData(activity).channel?.id ?? baseConversationId(activity.conversation?.id ?? '');
}

export function isPersonal(activity: Partial<Activity>): boolean {
  return activity.conversation?.conversationType === 'personal';
}

/**
 * A conversation reference to the channel itself rather than to a thread in it, so a later post starts a
 * new thread. It is what we store, and what "channels add here" registers.
 */
export function channelReference(
  activity: Partial<Activity>,
  ref: Partial<ConversationReference>,
): Partial<ConversationReference> {
  const conversation = { ...ref.conversation!, id: conversationKey(activity) };
  const out: Partial<ConversationReference> = { ...ref, conversation };
  delete out.activityId;
  delete out.user;
  return out;
}

/** Who is asking. The Entra object id is stable across apps, so it is what HORIZON_ADMINS lists. */
export function commandContext(
  activity: Partial<Activity>,
  ref: Partial<ConversationReference>,
): CommandContext {
  const cd = channelData(activity);
  return {
    platform: 'teams',
    userId: activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown',
    userName: activity.from?.name,
    channelId: isPersonal(activity) ? undefined : conversationKey(activity),
    channelName: cd.channel?.name ?? (cd.team?.name ? `${cd.team.name} (General)` : undefined),
    channelReference: isPersonal(activity) ? undefined : channelReference(activity, ref),
  };
}
