import type { ConversationReference, TurnContext } from 'botbuilder';
import type { ChatAdapter } from '../../src/chat/types.js';
import type { Horizon } from '../../src/context.js';
import { registerPlatform } from '../../src/chat/platforms.js';
import { createBotAuthentication, outboundAudience, type TeamsAuthOptions } from './auth.js';
import { createBotLogic } from './bot.js';
import { HorizonCloudAdapter, messagesRoute } from './http.js';
import { teamsPlatform } from './platform.js';
import { createTeamsPublisher } from './publisher.js';

export type { BotEndpoints } from './auth.js';

export interface TeamsAdapterOptions extends TeamsAuthOptions {
  /** Least time between two posts to one channel. */
  minIntervalMs?: number;
  maxBodyBytes?: number;
}

export interface TeamsChatAdapter extends ChatAdapter {
  /** Resolves when work started after a request was answered (a slow command, a form) has finished. */
  idle(): Promise<void>;
}

/**
 * Microsoft Teams, through the Bot Framework: `POST /api/messages` on the shared server, a publisher for
 * the agenda, and nothing else. Everything Teams-specific lives in this folder, so moving to another SDK
 * is a change here only.
 *
 * Returns null when Teams is not configured: no MICROSOFT_APP_ID, and TEAMS_ALLOW_UNAUTHENTICATED not set.
 */
export function createTeamsAdapter(h: Horizon, opts: TeamsAdapterOptions = {}): TeamsChatAdapter | null {
  registerPlatform(teamsPlatform);
  const teams = h.config.teams;
  if (!teams.appId && !teams.allowUnauthenticated) return null;
  if (!teams.appId) {
    h.log.warn(
      'Teams is running without authentication (TEAMS_ALLOW_UNAUTHENTICATED). Anyone who can reach /api/messages can act as any user: use this only with the Bot Framework Emulator on your own machine.',
    );
  }
  let auth;
  try {
    auth = createBotAuthentication(teams, opts);
  } catch (err) {
    throw new Error(
      `The Teams settings are not complete: ${(err as Error).message.split('\n')[0]}. Check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TYPE and MICROSOFT_APP_TENANT_ID in .env (see docs/teams.md).`,
    );
  }
  const adapter = new HorizonCloudAdapter(auth);
  const appId = teams.appId ?? '';
  const audience = outboundAudience(opts);
  const pending = new Set<Promise<void>>();

  adapter.onTurnError = async (context, error) => {
    h.log.error({ err: error, type: context.activity.type }, 'Teams turn failed');
    await context
      .sendActivity({
        type: 'message',
        text: 'Sorry, something went wrong on my side. Try again; if it keeps happening, an admin can check the Horizon logs.',
        textFormat: 'plain',
      })
      .catch(() => undefined);
  };

  function later(ref: Partial<ConversationReference>, work: (context: TurnContext) => Promise<void>): void {
    const job = adapter
      .continueConversationAsync(appId, ref, audience, work)
      .catch((err: unknown) => h.log.error({ err }, 'Teams follow-up failed'))
      .finally(() => pending.delete(job));
    pending.add(job);
  }

  const logic = createBotLogic({ h, later });
  const publisher = createTeamsPublisher({ h, adapter, appId, audience, minIntervalMs: opts.minIntervalMs });

  return {
    platform: 'teams',
    routes: [messagesRoute({ adapter, auth, logic, log: h.log, maxBodyBytes: opts.maxBodyBytes })],
    publisher,
    async start() {
      // Nothing to connect: Teams calls us. The route is live as soon as the server listens.
    },
    async stop() {
      await Promise.allSettled([...pending]);
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async health() {
      const channels = h.store.channels.list('teams');
      const broken = channels.filter((c) => c.lastError);
      const mode = teams.appId ? 'tokens checked' : 'UNAUTHENTICATED (local testing only)';
      // A channel that failed is the admins' to fix (they were told); the endpoint itself is still healthy.
      const problems = broken.length > 0 ? `; ${broken.length} failed last time` : '';
      return {
        ok: true,
        detail: `POST /api/messages, ${mode}; ${channels.length} agenda channel${channels.length === 1 ? '' : 's'}${problems}`,
      };
    },
  };
}
