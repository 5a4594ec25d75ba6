import { App, HTTPReceiver, SocketModeReceiver, type Authorize } from '@slack/bolt';
import type { AdapterHealth, ChatAdapter } from '../../src/chat/types.js';
import { ConfigError } from '../../src/config.js';
import type { Horizon } from '../../src/context.js';
import type { Logger } from '../../src/log.js';
import { registerPlatform } from '../../src/chat/platforms.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import { createWebClient, slackLogger, webClientOptions } from './client.js';
import { describeSlackError, isAuthError } from './errors.js';
import { registerAddFeed } from './handlers/add-feed.js';
import { registerCommands } from './handlers/command.js';
import type { HandlerDeps } from './handlers/deps.js';
import { registerHome } from './handlers/home.js';
import { registerItemActions } from './handlers/items.js';
import { registerThreadMessages } from './handlers/thread-messages.js';
import { slackEventsRoute } from './http-route.js';
import { catchUpSlackReplies, type CatchUpOptions } from './catch-up.js';
import { memberCache, type MemberCache } from './members.js';
import { slackPlatform } from './platform.js';
import { createSlackPublisher } from './publisher.js';
import { HELP, slackSettings, type SlackSettings } from './settings.js';
import type { ThemeChoice } from './views/add-feed.js';

export { SLACK_EVENTS_PATH } from './http-route.js';

export interface SlackAdapterOptions {
  /** Least time between two agenda posts to one channel (default 1.1 s: Slack allows about one a second). */
  minIntervalMs?: number;
  /** How long the add-feed form waits for the feed check before showing "checking…" (default 2 s). */
  formDeadlineMs?: number;
  /** Timeout for each Slack Web API call (default 10 s). */
  apiTimeoutMs?: number;
  /** Largest request body accepted on /slack/events (default 1 MiB). */
  maxBodyBytes?: number;
  /** Catch-up on start for replies written while Horizon was down (false: none, as for posting only). */
  catchUp?: CatchUpOptions | false;
  /**
   * Only post (a one-off `horizon agenda post` from the shell): no commands or buttons are received, so
   * SLACK_BOT_TOKEN is enough and no receiver is built.
   */
  publishOnly?: boolean;
}

interface Identity {
  botUserId: string;
  botId: string;
  teamId?: string;
  team?: string;
}

function themeChoices(h: Horizon): () => ThemeChoice[] {
  let cached: ThemeChoice[] | null = null;
  return () => {
    if (cached) return cached;
    try {
      cached = loadTaxonomy(h.config.taxonomyPath).themes.map((t) => ({ slug: t.slug, label: t.label }));
    } catch (err) {
      h.log.warn({ err }, 'could not read the themes for the add-feed form');
      cached = [];
    }
    return cached;
  };
}

/**
 * Horizon in Slack: `/horizon`, the agenda buttons and forms, App Home, and the agenda publisher.
 * Null when SLACK_BOT_TOKEN is not set. Socket Mode when SLACK_APP_TOKEN is set (no public URL needed);
 * otherwise Slack's requests arrive at POST /slack/events on the shared HTTP server.
 */
export function createSlackAdapter(h: Horizon, opts: SlackAdapterOptions = {}): ChatAdapter | null {
  registerPlatform(slackPlatform);
  const settings = slackSettings(h.config, { publishOnly: opts.publishOnly });
  if (!settings) return null;
  const log = h.log.child({ platform: 'slack' });
  const clientOpts = { apiUrl: settings.apiUrl, log, timeoutMs: opts.apiTimeoutMs };
  const client = createWebClient(settings.botToken, clientOpts);

  let identity: Promise<Identity> | null = null;
  let authProblem: string | null = null;
  const whoAmI = (): Promise<Identity> => {
    identity ??= client.auth.test().then(
      (r) => {
        authProblem = null;
        return { botUserId: r.user_id!, botId: r.bot_id!, teamId: r.team_id, team: r.team };
      },
      (err: unknown) => {
        identity = null;
        if (isAuthError(err)) authProblem = describeSlackError(err);
        throw err;
      },
    );
    return identity;
  };

  const members = memberCache(log);
  const receiver =
    settings.mode === 'publish' ? null : createReceiver(h, settings, log, whoAmI, opts, members);
  const publisher = createSlackPublisher(h, client, {
    minIntervalMs: opts.minIntervalMs,
    onAuthFailure: (message) => {
      authProblem = message;
    },
  });
  let started = false;
  let catchingUp: Promise<void> | null = null;
  // Waits in the catch-up (its pace, a Retry-After) end at once when Horizon stops.
  const waits = new Set<() => void>();
  const stoppableSleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waits.add(done);
    });

  /** Replies written while Horizon was down, read in the background so start-up is not held up. */
  function catchUp(botUserId: string): void {
    if (!receiver || opts.catchUp === false) return;
    catchingUp = catchUpSlackReplies({ h, members, botUserId }, client, {
      sleep: stoppableSleep,
      ...opts.catchUp,
      stopped: () => !started,
    }).then(
      (report) => {
        if (report.threads) log.info(report, 'caught up on replies in agenda threads');
      },
      (err: unknown) => log.warn({ err: describeSlackError(err) }, 'catching up on agenda threads failed'),
    );
  }

  return {
    platform: 'slack',
    routes:
      receiver instanceof HTTPReceiver
        ? [slackEventsRoute(receiver, settings.signingSecret!, log, opts.maxBodyBytes)]
        : [],
    publisher,

    async start() {
      let me: Identity;
      try {
        me = await whoAmI();
      } catch (err) {
        if (isAuthError(err))
          throw new ConfigError(
            `SLACK_BOT_TOKEN was refused by Slack: ${describeSlackError(err)} ${HELP.botToken}`,
          );
        throw new Error(
          `Horizon could not reach Slack${settings.apiUrl ? ` at ${settings.apiUrl}` : ''}: ${describeSlackError(err)} Check the network (or SLACK_API_URL) and start again.`,
        );
      }
      if (receiver instanceof SocketModeReceiver) {
        try {
          await receiver.start();
        } catch (err) {
          throw new ConfigError(
            `Slack refused the Socket Mode connection (${(err as Error).message}). Check SLACK_APP_TOKEN. ${HELP.appToken}`,
          );
        }
      }
      started = true;
      log.info({ mode: settings.mode }, 'connected to Slack');
      catchUp(me.botUserId);
    },

    async stop() {
      if (started && receiver instanceof SocketModeReceiver) await receiver.stop();
      started = false;
      for (const wake of [...waits]) wake();
      await catchingUp;
    },

    async health(): Promise<AdapterHealth> {
      if (authProblem) return { ok: false, detail: authProblem };
      const channels = h.store.channels.list('slack');
      const broken = channels.filter((c) => c.lastError);
      const where = { socket: 'Socket Mode', http: 'HTTP (POST /slack/events)', publish: 'posting only' }[
        settings.mode
      ];
      const detail = `${where}; ${channels.length} agenda ${channels.length === 1 ? 'channel' : 'channels'}${broken.length ? `, ${broken.length} with problems` : ''}`;
      if (settings.mode === 'socket' && !started) return { ok: false, detail: `${where}: not connected` };
      // A channel that needs an invite is the admins' to fix (they are told); the service itself is up.
      return { ok: true, detail };
    },
  };
}

/** Bolt, with Horizon's handlers, on the receiver the settings ask for. */
function createReceiver(
  h: Horizon,
  settings: SlackSettings,
  log: Logger,
  whoAmI: () => Promise<Identity>,
  opts: SlackAdapterOptions,
  members: MemberCache,
): HTTPReceiver | SocketModeReceiver {
  // One workspace, one token: Bolt asks us for it instead of calling auth.test on every request.
  const authorize: Authorize<boolean> = async () => {
    const me = await whoAmI();
    return { botToken: settings.botToken, botUserId: me.botUserId, botId: me.botId, teamId: me.teamId };
  };
  const clientOpts = { apiUrl: settings.apiUrl, log, timeoutMs: opts.apiTimeoutMs };
  const boltLogger = slackLogger(log);
  const receiver =
    settings.mode === 'socket'
      ? new SocketModeReceiver({ appToken: settings.appToken!, logger: boltLogger })
      : new HTTPReceiver({
          signingSecret: settings.signingSecret!,
          logger: boltLogger,
          processBeforeResponse: false,
        });
  const app = new App({
    receiver,
    authorize,
    logger: boltLogger,
    clientOptions: webClientOptions({ ...clientOpts, retries: 2 }),
  });

  // Slack retries an event it thinks we missed (X-Slack-Retry-Num); each event_id is handled once.
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (
      typeof eventId === 'string' &&
      !h.store.events.firstTimeSeen('slack', eventId, h.now().toISOString())
    ) {
      log.debug({ eventId }, 'ignored a repeated Slack event');
      return;
    }
    await next();
  });
  app.error(async (err) => {
    log.error({ err: describeSlackError(err.original ?? err) }, 'a Slack handler failed');
  });

  const deps: HandlerDeps = { h, themes: themeChoices(h), formDeadlineMs: opts.formDeadlineMs ?? 2000 };
  registerCommands(app, deps);
  registerItemActions(app, deps);
  registerAddFeed(app, deps);
  registerHome(app, deps);
  registerThreadMessages(app, { ...deps, members });

  return receiver;
}
