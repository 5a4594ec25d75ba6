import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { changeStage, homeView as homeData } from '../../../src/commands/actions.js';
import { hasRole } from '../../../src/commands/roles.js';
import { runCommand } from '../../../src/commands/run.js';
import type { Reply } from '../../../src/commands/types.js';
import { describeSlackError } from '../errors.js';
import { ACTION, decodeItemRef } from '../ids.js';
import { recentNotices, type Notice } from '../notices.js';
import { homeView } from '../views/home.js';
import { userContext, type HandlerDeps } from './deps.js';
import { decodeStageChoice } from './items.js';

/** Draws (or redraws) one person's App Home. Admins also see problems that need them. */
export async function publishHome(
  client: WebClient,
  deps: HandlerDeps,
  userId: string,
  flash?: Reply,
): Promise<void> {
  const { h } = deps;
  const ctx = userContext({ id: userId });
  const isAdmin = hasRole(h, ctx, 'admin');
  const notices: Notice[] = [];
  if (flash)
    notices.push({
      at: h.now().toISOString(),
      message: [flash.title, flash.ok ? '' : flash.hint].filter(Boolean).join(' '),
    });
  if (isAdmin) {
    const seen = new Set<string>();
    for (const c of h.store.channels.list('slack')) {
      if (c.lastError && !seen.has(c.lastError)) {
        seen.add(c.lastError);
        notices.push({ at: c.addedAt, message: c.lastError });
      }
    }
    for (const n of recentNotices(h)) if (!seen.has(n.message)) notices.push(n);
  }
  const view = homeView(await homeData(h, ctx), {
    notices,
    isEditor: hasRole(h, ctx, 'editor'),
    timeZone: h.config.timezone,
  });
  await client.views
    .publish({ user_id: userId, view })
    .catch((err: unknown) => h.log.warn({ err: describeSlackError(err) }, 'could not publish App Home'));
}

/** App Home: the page people see when they open Horizon in Slack, where editors review the draft. */
export function registerHome(app: App, deps: HandlerDeps): void {
  const { h } = deps;

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, deps, event.user);
  });

  app.action<BlockAction<ButtonAction>>(ACTION.homeDrop, async ({ ack, body, action, client }) => {
    await ack();
    const ref = decodeItemRef(action.value);
    const reply = ref
      ? await runCommand(h, userContext(body.user), `agenda drop ${ref.itemId} --month ${ref.month}`)
      : undefined;
    await publishHome(client, deps, body.user.id, reply);
  });

  app.action<BlockAction<StaticSelectAction>>(ACTION.homeStage, async ({ ack, body, action, client }) => {
    await ack();
    const choice = decodeStageChoice(action.selected_option?.value);
    const reply = choice ? changeStage(h, userContext(body.user), choice.itemId, choice.stage) : undefined;
    await publishHome(client, deps, body.user.id, reply);
  });
}
