import type { App } from '@slack/bolt';
import { isSlowCommand, runCommand } from '../../../src/commands/run.js';
import { escapeMrkdwn } from '../render/escape.js';
import { afterPendingAcks } from '../turns.js';
import { openAddFeedForm } from './add-feed.js';
import { postReply, respondWith, unexpected, userContext, type HandlerDeps } from './deps.js';

/** `/horizon feeds add` with no address opens the form instead. */
export function wantsAddFeedForm(text: string): boolean {
  return /^feeds\s+add\s*$/i.test(text.trim());
}

/** The `/horizon` slash command and @Horizon mentions: both run the shared command layer. */
export function registerCommands(app: App, deps: HandlerDeps): void {
  const { h } = deps;

  app.command('/horizon', async ({ command, ack, respond, client }) => {
    const text = command.text.trim();
    const ctx = userContext(
      { id: command.user_id, username: command.user_name },
      { id: command.channel_id, name: command.channel_name },
    );
    if (wantsAddFeedForm(text)) {
      await ack();
      await openAddFeedForm(client, deps, command.trigger_id);
      return;
    }
    // Slack gives up after 3 seconds: answer now, do the work, then reply through response_url.
    const slow = isSlowCommand(text);
    await ack(
      slow
        ? {
            response_type: 'ephemeral',
            text: `:hourglass_flowing_sand: Working on \`${escapeMrkdwn(text)}\`…`,
          }
        : undefined,
    );
    // The command's work (an agenda build, a scan) waits until other requests already read are acked.
    await afterPendingAcks();
    try {
      const reply = await runCommand(h, ctx, text);
      if (reply.form?.type === 'add-feed' && !slow) {
        await openAddFeedForm(client, deps, command.trigger_id, reply.form.values);
        return;
      }
      await respondWith(respond, reply);
    } catch (err) {
      h.log.error({ err, command: text.split(/\s+/).slice(0, 2).join(' ') }, 'slash command failed');
      await respondWith(respond, unexpected(`running \`${text}\``));
    }
  });

  app.event('app_mention', async ({ event, client }) => {
    if (!event.user) return;
    const text = event.text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '').trim();
    const ctx = userContext({ id: event.user }, { id: event.channel });
    const where = { channel: event.channel, user: event.user, threadTs: event.thread_ts ?? event.ts };
    try {
      // Bolt has acknowledged the event; its work waits, as a command's does, for pending acks.
      await afterPendingAcks();
      await postReply(client, await runCommand(h, ctx, text), where);
    } catch (err) {
      h.log.error({ err }, 'mention command failed');
      await postReply(client, unexpected('answering your message'), where).catch(() => undefined);
    }
  });
}
