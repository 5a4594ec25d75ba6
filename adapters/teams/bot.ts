import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import { ActivityTypes, TeamsInfo, TurnContext as Turn } from 'botbuilder';
import {
  addFeedFromForm,
  changeStage,
  changeThemes,
  markNotRelevant,
  recordDecision,
} from '../../src/commands/actions.js';
import { isSlowCommand, runCommand } from '../../src/commands/run.js';
import type { CommandContext, Reply } from '../../src/commands/types.js';
import type { Horizon } from '../../src/context.js';
import type { Stage } from '../../src/domain.js';
import {
  channelReference,
  commandContext,
  commandText,
  conversationKey,
  isFromBot,
  isPersonal,
} from './activity.js';
import type { SubmitData } from './cards/card.js';
import { hearTeamsChange, hearTeamsReply, mentionsBot, teamsMembers } from './thread-replies.js';
import { renderReply, type TeamsMessage } from './render/reply.js';

export interface BotDeps {
  h: Horizon;
  /** Runs work after the HTTP request is answered, then speaks in the same conversation again. */
  later(ref: Partial<ConversationReference>, work: (context: TurnContext) => Promise<void>): void;
}

const WELCOME =
  'Hi, I am Horizon. Once a month I post a horizon-scan agenda here, one thread per item. ' +
  'An admin can choose this channel by typing "@Horizon channels add here". Type "@Horizon help" to see what else I do.';

const PERSONAL_WELCOME =
  'Hi, I am Horizon. Type "help" to see what I can do, or "agenda preview" to see this month\'s draft.';

/** Keys under which conversation references are stored: the channel or chat, and for 1:1 chats the person. */
export function userKey(userId: string): string {
  return `user:${userId}`;
}

function remember(h: Horizon, context: TurnContext): void {
  const a = context.activity;
  const ref = channelReference(a, Turn.getConversationReference(a));
  const now = h.now().toISOString();
  const key = conversationKey(a);
  if (key) h.store.conversations.save(key, ref, now);
  if (isPersonal(a) && a.from) h.store.conversations.save(userKey(a.from.aadObjectId ?? a.from.id), ref, now);
}

function render(h: Horizon, reply: Reply): TeamsMessage {
  return renderReply(reply, { timezone: h.config.timezone });
}

/**
 * A picked person's name, for writing their mention later. The people picker sends only an id; the
 * conversation's roster knows the name. Null when it cannot be read: the owner is then shown by id.
 */
async function memberName(h: Horizon, context: TurnContext, id: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  try {
    return (await TeamsInfo.getMember(context, id)).name || null;
  } catch (err) {
    h.log.warn({ err: (err as Error).message }, 'could not read the owner’s name from Teams');
    return null;
  }
}

function text(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function isSubmit(value: unknown): value is SubmitData & Record<string, unknown> {
  return Boolean(
    value && typeof value === 'object' && typeof (value as { horizon?: unknown }).horizon === 'string',
  );
}

/** The card a submit came from, replaced by `message` (the form with errors, or what was done). */
async function replaceCard(context: TurnContext, message: TeamsMessage): Promise<void> {
  const id = context.activity.replyToId;
  if (id) {
    try {
      await context.updateActivity({ ...message, id });
      return;
    } catch {
      // Some clients do not let a bot edit a card (old mobile builds); a new message still answers.
    }
  }
  await context.sendActivity(message);
}

/**
 * What the bot does with each activity. Commands and card buttons go to the shared command layer, which
 * checks roles; this only translates between Teams and that layer.
 */
export function createBotLogic(deps: BotDeps): (context: TurnContext) => Promise<void> {
  const { h } = deps;
  const members = teamsMembers(h);

  async function onCommand(context: TurnContext, ctx: CommandContext): Promise<void> {
    const typed = commandText(context.activity);
    if (!isSlowCommand(typed)) {
      await context.sendActivity(render(h, await runCommand(h, ctx, typed)));
      return;
    }
    // Fetching a feed can take longer than Teams waits for an answer: acknowledge now, answer later.
    await context.sendActivity({ type: 'message', text: 'Working on it…', textFormat: 'plain' });
    deps.later(Turn.getConversationReference(context.activity), async (later) => {
      await later.sendActivity(render(h, await runCommand(h, ctx, typed)));
    });
  }

  async function onSubmit(
    context: TurnContext,
    ctx: CommandContext,
    value: SubmitData & Record<string, unknown>,
  ): Promise<void> {
    switch (value.horizon) {
      case 'record-decision': {
        const owner = text(value.owner, 200) || null;
        const reply = recordDecision(h, ctx, {
          itemId: Number(value.itemId),
          month: text(value.month, 7),
          kind: text(value.kind, 10) === 'action' ? 'action' : 'decision',
          decision: text(value.decision, 4000),
          owner,
          ownerName: owner ? await memberName(h, context, owner) : null,
          dueDate: text(value.dueDate, 10) || null,
        });
        await context.sendActivity(render(h, reply));
        return;
      }
      case 'change-stage':
        await context.sendActivity(
          render(h, changeStage(h, ctx, Number(value.itemId), text(value.stage, 20) as Stage)),
        );
        return;
      case 'change-themes': {
        // A multi-select answers "slug,slug" (empty when nothing is ticked).
        const chosen = text(value.themes, 1000).trim();
        await context.sendActivity(render(h, changeThemes(h, ctx, Number(value.itemId), chosen || 'none')));
        return;
      }
      case 'not-relevant':
        await context.sendActivity(render(h, markNotRelevant(h, ctx, Number(value.itemId))));
        return;
      case 'add-feed': {
        const input = {
          url: text(value.url, 2000).trim(),
          kind: text(value.kind, 20) || undefined,
          themes: text(value.themes, 500)
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        };
        const replyToId = context.activity.replyToId;
        await context.sendActivity({ type: 'typing' });
        deps.later({ ...Turn.getConversationReference(context.activity) }, async (later) => {
          const reply = await addFeedFromForm(h, ctx, input);
          // Keep what was typed, so a refused address can be corrected rather than retyped.
          const values = { url: input.url, kind: input.kind ?? '', themes: input.themes.join(', ') };
          const shown: Reply = reply.ok
            ? reply
            : {
                ...reply,
                form: reply.form ? { ...reply.form, values: reply.form.values ?? values } : undefined,
              };
          later.activity.replyToId = replyToId;
          if (!reply.ok && shown.form) await replaceCard(later, render(h, shown));
          else {
            await replaceCard(later, render(h, { ...shown, form: undefined }));
          }
        });
        return;
      }
      default:
        await context.sendActivity({
          type: 'message',
          text: 'That button is from an older version of Horizon. Type "help" to carry on.',
          textFormat: 'plain',
        });
    }
  }

  return async (context: TurnContext) => {
    const a: Activity = context.activity;
    if (isFromBot(a)) return;
    if (a.conversation?.id) remember(h, context);

    if (a.type === ActivityTypes.ConversationUpdate || a.type === ActivityTypes.InstallationUpdate) {
      // Teams sends both on install; only the conversation update says hello, so it is said once.
      const botAdded =
        a.type === ActivityTypes.ConversationUpdate &&
        (a.membersAdded ?? []).some((m) => m.id === a.recipient?.id);
      if (botAdded)
        await context.sendActivity({
          type: 'message',
          text: isPersonal(a) ? PERSONAL_WELCOME : WELCOME,
          textFormat: 'plain',
        });
      return;
    }
    if (a.type === ActivityTypes.MessageUpdate || a.type === ActivityTypes.MessageDelete) {
      await hearTeamsChange(h, members, context);
      return;
    }
    if (a.type !== ActivityTypes.Message) return;

    const ctx = commandContext(a, Turn.getConversationReference(a));
    if (isSubmit(a.value)) {
      await onSubmit(context, ctx, a.value);
      return;
    }
    if (a.conversation?.conversationType === 'channel') {
      await hearTeamsReply(h, members, context);
      // Resource-specific consent brings every channel message; only those that @mention Horizon are commands.
      if (!mentionsBot(a)) return;
    }
    await onCommand(context, ctx);
  };
}
