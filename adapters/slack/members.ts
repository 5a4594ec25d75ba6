import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/log.js';
import { describeSlackError } from './errors.js';

/** Who is in a channel, asked of Slack at most once per `ttlMs` per channel. */
export interface MemberCache {
  /** True, false, or null when Slack could not say (and nothing recent is known). */
  isMember(client: WebClient, channel: string, user: string): Promise<boolean | null>;
}

/**
 * conversations.members, paged and cached briefly: a busy thread costs one look-up, and someone who
 * joined or left counts as such within `ttlMs`. When Slack cannot answer, the last list known is used.
 */
export function memberCache(log: Logger, ttlMs = 5 * 60_000, now = () => Date.now()): MemberCache {
  const cache = new Map<string, { at: number; members: Set<string> }>();
  const pending = new Map<string, Promise<Set<string>>>();

  async function fetchMembers(client: WebClient, channel: string): Promise<Set<string>> {
    const members = new Set<string>();
    let cursor: string | undefined;
    // A channel of 10,000 people is 10 pages; beyond that something is wrong, so stop.
    for (let page = 0; page < 10; page++) {
      const res = await client.conversations.members({ channel, limit: 1000, cursor });
      for (const m of res.members ?? []) members.add(m);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return members;
  }

  return {
    async isMember(client, channel, user) {
      const known = cache.get(channel);
      if (known && now() - known.at < ttlMs) return known.members.has(user);
      let load = pending.get(channel);
      if (!load) {
        load = fetchMembers(client, channel);
        pending.set(channel, load);
      }
      try {
        const members = await load;
        cache.set(channel, { at: now(), members });
        return members.has(user);
      } catch (err) {
        log.warn({ channel, err: describeSlackError(err) }, 'could not list the members of a channel');
        return known ? known.members.has(user) : null;
      } finally {
        pending.delete(channel);
      }
    },
  };
}
