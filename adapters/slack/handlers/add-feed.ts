import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { addFeedFromForm } from '../../../src/commands/actions.js';
import type { Reply } from '../../../src/commands/types.js';
import { describeSlackError } from '../errors.js';
import { ACTION, VIEW } from '../ids.js';
import { renderReply } from '../render/reply.js';
import {
  ADD_FEED_BLOCK,
  addFeedView,
  checkingFeedView,
  feedResultView,
  readAddFeed,
  type AddFeedValues,
} from '../views/add-feed.js';
import { userContext, within, type HandlerDeps } from './deps.js';

export async function openAddFeedForm(
  client: WebClient,
  deps: HandlerDeps,
  triggerId: string,
  values: Record<string, string> = {},
): Promise<void> {
  const initial: AddFeedValues = {
    url: values.url,
    kind: values.kind,
    themes: values.themes?.split(',').filter(Boolean),
  };
  try {
    await client.views.open({ trigger_id: triggerId, view: addFeedView(deps.themes(), initial) });
  } catch (err) {
    deps.h.log.warn({ err: describeSlackError(err) }, 'could not open the add-feed form');
  }
}

function fieldError(reply: Reply, hasThemes: boolean): { block: string; message: string } {
  const field = reply.form?.error?.field ?? 'url';
  const message = reply.form?.error?.message ?? [reply.title, reply.hint].filter(Boolean).join(' ');
  const block =
    field === 'kind'
      ? ADD_FEED_BLOCK.kind
      : field === 'themes' && hasThemes
        ? ADD_FEED_BLOCK.themes
        : ADD_FEED_BLOCK.url;
  return { block, message: message.slice(0, 1900) };
}

/** The add-feed form, from `/horizon feeds add` and from App Home. The address is checked by a real fetch. */
export function registerAddFeed(app: App, deps: HandlerDeps): void {
  const { h } = deps;

  app.action(ACTION.homeAddFeed, async ({ ack, body, client }) => {
    await ack();
    if ('trigger_id' in body && body.trigger_id) await openAddFeedForm(client, deps, body.trigger_id);
  });

  app.view(VIEW.addFeed, async ({ ack, body, view, client }) => {
    const values = readAddFeed(view.state.values);
    if (!values.url) {
      await ack({
        response_action: 'errors',
        errors: { [ADD_FEED_BLOCK.url]: "Enter the feed's address, starting with https://" },
      });
      return;
    }
    if (!/^https?:\/\//i.test(values.url)) {
      await ack({
        response_action: 'errors',
        errors: { [ADD_FEED_BLOCK.url]: 'Only web addresses (http:// or https://) can be added as feeds.' },
      });
      return;
    }
    const ctx = userContext(body.user);
    const hasThemes = deps.themes().length > 0;
    const work = addFeedFromForm(h, ctx, { url: values.url, kind: values.kind, themes: values.themes });
    const early = await within(work, deps.formDeadlineMs);
    if (early.done) {
      const reply = early.value;
      if (!reply.ok) {
        const { block, message } = fieldError(reply, hasThemes);
        await ack({ response_action: 'errors', errors: { [block]: message } });
        return;
      }
      await ack();
      await tellUser(client, body.user.id, reply);
      return;
    }
    // The feed is slow: keep the form open with a "checking" note, then show the outcome in it.
    await ack({ response_action: 'update', view: checkingFeedView(values.url) });
    let reply: Reply;
    try {
      reply = await work;
    } catch (err) {
      h.log.error({ err }, 'adding a feed from the form failed');
      reply = {
        ok: false,
        title: 'Horizon could not check that feed.',
        hint: 'Try again in a minute.',
        blocks: [],
        visibility: 'private',
      };
    }
    const next = reply.ok
      ? feedResultView(reply.title, true)
      : addFeedView(deps.themes(), values, fieldError(reply, hasThemes).message);
    await client.views
      .update({ view_id: body.view.id, view: next })
      .catch((err: unknown) =>
        h.log.warn({ err: describeSlackError(err) }, 'could not update the add-feed form'),
      );
    if (reply.ok) await tellUser(client, body.user.id, reply);
  });

  async function tellUser(client: WebClient, user: string, reply: Reply): Promise<void> {
    for (const m of renderReply(reply)) {
      await client.chat
        .postMessage({
          channel: user,
          text: m.text,
          blocks: m.blocks,
          unfurl_links: false,
          unfurl_media: false,
        })
        .catch((err: unknown) =>
          h.log.warn({ err: describeSlackError(err) }, 'could not confirm the new feed'),
        );
    }
  }
}
