// Replies in agenda items' threads on Teams. With the resource-specific consent ChannelMessage.Read.Group
// (in the app manifest), Teams sends the bot every message in the team's channels, not only those that
// @mention it: those in an item's thread are recorded (src/replies/), edits and deletions mirrored.
import type { Activity, TurnContext } from 'botbuilder';
import { TeamsInfo } from 'botbuilder';
import type { Horizon } from '../../src/context.js';
import { decideFromHeard, mayDecide } from '../../src/replies/decide.js';
import {
  hearDeletion,
  hearEdit,
  hearReply,
  type HeardMessage,
  type HeardOutcome,
} from '../../src/replies/hear.js';
import { isSmtChannel } from '../../src/replies/thread.js';
import { channelData, conversationKey, decodeEntities } from './activity.js';

/** What a person wrote, as plain text: mentions as "@Name", markup removed, entities decoded. */
export function replyText(activity: Partial<Activity>): string {
  return decodeEntities(
    (activity.text ?? '')
      .replace(/<at>([^<]*)<\/at>/gi, '@$1')
      .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface MentionEntity {
  type?: string;
  mentioned?: { id?: string; name?: string };
}

/** The people a message mentions (not the bot), in order. */
export function mentionedPeople(activity: Partial<Activity>): { id: string; name?: string }[] {
  const bot = activity.recipient?.id;
  const out: { id: string; name?: string }[] = [];
  for (const e of (activity.entities ?? []) as MentionEntity[]) {
    const id = e.mentioned?.id;
    if (e.type !== 'mention' || !id || id === bot || out.some((m) => m.id === id)) continue;
    out.push({ id, name: e.mentioned?.name });
  }
  return out;
}

/** True when the message @mentions the bot: a command, as before resource-specific consent. */
export function mentionsBot(activity: Partial<Activity>): boolean {
  const bot = activity.recipient?.id;
  return ((activity.entities ?? []) as MentionEntity[]).some(
    (e) => e.type === 'mention' && Boolean(bot) && e.mentioned?.id === bot,
  );
}

/** The item thread an activity is in: its conversation id is the thread's (`channel;messageid=…`). */
function threadOf(activity: Partial<Activity>): { channel: string; threadRef: string } | null {
  const id = activity.conversation?.id;
  if (activity.conversation?.conversationType !== 'channel' || !id || !id.includes(';messageid='))
    return null;
  return { channel: conversationKey(activity), threadRef: id };
}

function author(activity: Partial<Activity>): string {
  return activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown';
}

/**
 * Whether someone is a member of the team the channel belongs to, asked of Teams (the roster) at most
 * once per `ttlMs` per person and team. Null when Teams could not say.
 */
interface Membership {
  at: number;
  member: boolean;
  aadId?: string;
  name?: string;
}

export function teamsMembers(h: Horizon, ttlMs = 5 * 60_000) {
  const cache = new Map<string, Membership>();
  async function lookUp(context: TurnContext, id: string): Promise<Membership | null> {
    const key = `${channelData(context.activity).team?.id ?? conversationKey(context.activity)}|${id}`;
    const known = cache.get(key);
    if (known && Date.now() - known.at < ttlMs) return known;
    try {
      const m = await TeamsInfo.getMember(context, id);
      const found: Membership = { at: Date.now(), member: true, aadId: m.aadObjectId, name: m.name };
      cache.set(key, found);
      return found;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || /MemberNotFound/i.test((err as Error).message)) {
        const absent: Membership = { at: Date.now(), member: false };
        cache.set(key, absent);
        return absent;
      }
      h.log.warn({ err: (err as Error).message }, 'could not read the Teams roster');
      return null;
    }
  }
  return { lookUp };
}

export type TeamsMembers = ReturnType<typeof teamsMembers>;

/** A brief answer in the thread (Teams has no message only one person sees in a channel). */
async function tell(h: Horizon, context: TurnContext, text: string): Promise<void> {
  await context
    .sendActivity({ type: 'message', text, textFormat: 'plain' })
    .catch((err: unknown) => h.log.warn({ err: (err as Error).message }, 'could not answer a decision line'));
}

/** A channel message: recorded when it is a member's reply in an item's thread in an SMT channel. */
export async function hearTeamsReply(h: Horizon, members: TeamsMembers, context: TurnContext): Promise<void> {
  const a = context.activity;
  const where = threadOf(a);
  const id = a.id;
  if (!where || !id || !isSmtChannel(h, 'teams', where.channel)) return;
  if (!h.store.posts.itemThread('teams', where.channel, where.threadRef)) return;
  const who = author(a);
  const membership = await members.lookUp(context, who);
  if (!membership?.member) return;
  const heard = heardMessage(h, a, { ...where, messageRef: id }, who);
  await readDecision(h, members, context, heard, hearReply(h, heard));
}

/** A thread message as the core hears it: when it was written is the activity's time, else now. */
function heardMessage(
  h: Horizon,
  a: Partial<Activity>,
  where: { channel: string; threadRef: string; messageRef: string },
  who: string,
): HeardMessage {
  return {
    platform: 'teams',
    channelId: where.channel,
    threadRef: where.threadRef,
    messageRef: where.messageRef,
    authorId: who,
    postedAt: a.timestamp ? new Date(a.timestamp).toISOString() : h.now().toISOString(),
    text: replyText(a),
  };
}

/**
 * Reads a heard message for a decision line, once (decideFromHeard: when first recorded, or when an
 * edit first makes it one), and answers in the thread.
 */
async function readDecision(
  h: Horizon,
  members: TeamsMembers,
  context: TurnContext,
  heard: HeardMessage,
  outcome: HeardOutcome,
): Promise<void> {
  if (!mayDecide(outcome)) return;
  const a = context.activity;
  // The owner is stored by Entra id where Teams says it, as the decision form's people picker does.
  const mentions = await Promise.all(
    mentionedPeople(a).map(async (m) => {
      const person = await members.lookUp(context, m.id);
      return { id: person?.aadId ?? m.id, name: person?.name ?? m.name };
    }),
  );
  const decision = decideFromHeard(
    h,
    { platform: 'teams', userId: heard.authorId, userName: a.from?.name, channelId: heard.channelId },
    outcome,
    heard.text,
    mentions,
  );
  if (decision.kind === 'hint') await tell(h, context, decision.text);
  if (decision.kind === 'recorded') await tell(h, context, decision.reply.title);
}

/** messageUpdate (an edit) and messageDelete (a deletion) in an item's thread, mirrored. */
export async function hearTeamsChange(
  h: Horizon,
  members: TeamsMembers,
  context: TurnContext,
): Promise<void> {
  const a = context.activity;
  const where = threadOf(a);
  const id = a.id;
  if (!where || !id || !isSmtChannel(h, 'teams', where.channel)) return;
  const eventType = (a.channelData as { eventType?: string } | undefined)?.eventType;
  if (a.type === 'messageDelete' || eventType === 'softDeleteMessage') {
    hearDeletion(h, { platform: 'teams', channelId: where.channel, messageRef: id });
    return;
  }
  if (eventType && eventType !== 'editMessage' && eventType !== 'undeleteMessage') return;
  const who = author(a);
  const membership = await members.lookUp(context, who);
  if (!membership?.member) return;
  const heard = heardMessage(h, a, { ...where, messageRef: id }, who);
  await readDecision(h, members, context, heard, hearEdit(h, { ...heard, editedAt: heard.postedAt }));
}
