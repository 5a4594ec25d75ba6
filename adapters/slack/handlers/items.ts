import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import {
  MAX_ITEM_THEMES,
  changeStage,
  changeThemes,
  markNotRelevant,
  recordDecision,
} from '../../../src/commands/actions.js';
import { ALL_STAGES, type Stage } from '../../../src/domain.js';
import { describeSlackError } from '../errors.js';
import { ACTION, VIEW, decodeItemRef, readItemFormContext } from '../ids.js';
import { mentionUser } from '../render/escape.js';
import { renderReply } from '../render/reply.js';
import { DECISION_BLOCK, decisionView, readDecision } from '../views/decision.js';
import { THEMES_BLOCK, readThemes, themesView } from '../views/themes.js';
import { postReply, respondWith, userContext, type HandlerDeps } from './deps.js';

/** `12:2026-11:trough` → the item, month and stage a stage menu option stands for. */
export function decodeStageChoice(
  value: string | undefined,
): { itemId: number; month: string; stage: Stage } | null {
  const m = /^(.+):([a-z]+)$/.exec(value ?? '');
  const ref = m ? decodeItemRef(m[1]) : null;
  if (!m || !ref || !ALL_STAGES.includes(m[2] as Stage)) return null;
  return { ...ref, stage: m[2] as Stage };
}

const BAD_BUTTON = {
  ok: false,
  title: 'That button no longer works.',
  hint: 'Use `/horizon agenda preview` to find the item, or `/horizon help`.',
  blocks: [],
  visibility: 'private' as const,
};

/** The buttons on each agenda item: Record decision, Change stage, Themes, Not relevant. */
export function registerItemActions(app: App, deps: HandlerDeps): void {
  const { h } = deps;

  app.action<BlockAction<ButtonAction>>(
    ACTION.recordDecision,
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const ref = decodeItemRef(action.value);
      if (!ref) return respondWith(respond, BAD_BUTTON);
      const title = h.store.items.get(ref.itemId)?.title ?? `Item #${ref.itemId}`;
      const threadTs = body.message?.thread_ts ?? body.message?.ts;
      await client.views
        .open({
          trigger_id: body.trigger_id,
          view: decisionView(title, { ...ref, channel: body.channel?.id, threadTs }),
        })
        .catch((err: unknown) =>
          h.log.warn({ err: describeSlackError(err) }, 'could not open the decision form'),
        );
    },
  );

  app.view(VIEW.decision, async ({ ack, body, view, client }) => {
    const ref = readItemFormContext(view.private_metadata);
    if (!ref) {
      await ack({
        response_action: 'errors',
        errors: {
          [DECISION_BLOCK.decision]: 'This form has expired. Close it and press Record decision again.',
        },
      });
      return;
    }
    const input = readDecision(view.state.values);
    const reply = recordDecision(h, userContext(body.user), {
      itemId: ref.itemId,
      month: ref.month,
      ...input,
    });
    if (!reply.ok) {
      const block = /date/i.test(reply.title) ? DECISION_BLOCK.due : DECISION_BLOCK.decision;
      await ack({
        response_action: 'errors',
        errors: { [block]: [reply.title, reply.hint].filter(Boolean).join(' ').slice(0, 1900) },
      });
      return;
    }
    await ack();
    // The decision goes in the item's thread, where the discussion happened.
    if (ref.channel && ref.threadTs) {
      for (const m of renderReply(reply)) {
        await client.chat
          .postMessage({
            channel: ref.channel,
            thread_ts: ref.threadTs,
            text: m.text,
            blocks: [
              ...m.blocks,
              {
                type: 'context',
                elements: [{ type: 'mrkdwn', text: `Recorded by ${mentionUser(body.user.id)}` }],
              },
            ],
            unfurl_links: false,
            unfurl_media: false,
          })
          .catch((err: unknown) =>
            h.log.warn({ err: describeSlackError(err) }, 'could not post the decision in its thread'),
          );
      }
    }
  });

  app.action<BlockAction<StaticSelectAction>>(ACTION.changeStage, async ({ ack, body, action, respond }) => {
    await ack();
    const choice = decodeStageChoice(action.selected_option?.value);
    if (!choice) return respondWith(respond, BAD_BUTTON);
    await respondWith(
      respond,
      changeStage(h, userContext(body.user, body.channel), choice.itemId, choice.stage),
    );
  });

  app.action<BlockAction<ButtonAction>>(
    ACTION.changeThemes,
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const ref = decodeItemRef(action.value);
      const item = ref ? h.store.items.get(ref.itemId) : undefined;
      if (!ref || !item) return respondWith(respond, BAD_BUTTON);
      const themes = h.taxonomy.themes.map((t) => ({ slug: t.slug, label: t.label }));
      await client.views
        .open({
          trigger_id: body.trigger_id,
          view: themesView(item.title, item.tagging.themes, themes, MAX_ITEM_THEMES, {
            ...ref,
            channel: body.channel?.id,
          }),
        })
        .catch((err: unknown) =>
          h.log.warn({ err: describeSlackError(err) }, 'could not open the themes form'),
        );
    },
  );

  app.view(VIEW.themes, async ({ ack, body, view, client }) => {
    const ref = readItemFormContext(view.private_metadata);
    if (!ref) {
      await ack({
        response_action: 'errors',
        errors: { [THEMES_BLOCK]: 'This form has expired. Close it and press Themes again.' },
      });
      return;
    }
    const reply = changeThemes(h, userContext(body.user), ref.itemId, readThemes(view.state.values));
    if (!reply.ok) {
      await ack({
        response_action: 'errors',
        errors: { [THEMES_BLOCK]: [reply.title, reply.hint].filter(Boolean).join(' ').slice(0, 1900) },
      });
      return;
    }
    await ack();
    // The form closes; the confirmation goes to the person who saved it, where they pressed the button.
    if (ref.channel)
      await postReply(client, reply, { channel: ref.channel, user: body.user.id }).catch((err: unknown) =>
        h.log.warn({ err: describeSlackError(err) }, 'could not confirm the themes'),
      );
  });

  app.action<BlockAction<ButtonAction>>(ACTION.notRelevant, async ({ ack, body, action, respond }) => {
    await ack();
    const ref = decodeItemRef(action.value);
    if (!ref) return respondWith(respond, BAD_BUTTON);
    await respondWith(respond, markNotRelevant(h, userContext(body.user, body.channel), ref.itemId));
  });
}
