import type { Horizon } from '../../context.js';
import type { Feed, FeedKind } from '../../domain.js';
import { FEED_KINDS } from '../../domain.js';
import { fail, ok } from '../reply.js';
import type { CommandContext, Reply, ReplyLine } from '../types.js';
import { knownThemes } from './themes.js';

/** True while the feed's site has asked Horizon not to read it yet (Retry-After, max-age, ttl). */
export function isWaiting(f: Feed, now: Date): boolean {
  return f.health.notBefore !== null && f.health.notBefore > now.toISOString();
}

/** "skipped until 2026-03-10 11:00 UTC: the site asked Horizon to wait (HTTP 429, Retry-After)" */
export function waitLine(f: Feed): string {
  return `skipped until ${f.health.notBefore?.slice(0, 16).replace('T', ' ') ?? '?'} UTC: ${f.health.waitReason ?? 'the site asked'}`;
}

export function feedLine(f: Feed, now?: Date): ReplyLine {
  const health =
    f.health.status === 'failing'
      ? `failing since ${f.health.failingSince?.slice(0, 10) ?? '?'}: ${f.health.lastError ?? 'unknown error'}`
      : f.health.status === 'never-fetched'
        ? 'not read yet'
        : `ok, last read ${f.health.lastSuccessAt?.slice(0, 16).replace('T', ' ') ?? '?'}`;
  const waiting = now && isWaiting(f, now) ? waitLine(f) : null;
  return {
    text: `#${f.id} ${f.title}`,
    url: f.url,
    detail: [f.kind, f.themes.length ? f.themes.join(', ') : null, health, waiting]
      .filter(Boolean)
      .join(' · '),
  };
}

/** Broken feeds first: they are the ones someone needs to act on. */
export function feedsBrokenFirst(feeds: Feed[]): Feed[] {
  const rank = (f: Feed) => (f.health.status === 'failing' ? 0 : f.health.status === 'never-fetched' ? 1 : 2);
  return [...feeds].sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}

export interface AddFeedInput {
  url: string;
  kind?: string;
  themes?: string[];
}

/** Checks the kind and themes before any fetch, so a typo costs nothing. */
export async function checkFeedInput(
  h: Horizon,
  input: AddFeedInput,
): Promise<{ field: 'url' | 'kind' | 'themes'; message: string } | null> {
  if (!input.url.trim())
    return { field: 'url', message: 'Give the address of the feed or of a page that links to one.' };
  if (input.kind && !FEED_KINDS.includes(input.kind as FeedKind)) {
    return { field: 'kind', message: `"${input.kind}" is not a kind. Use one of: ${FEED_KINDS.join(', ')}.` };
  }
  const themes = await knownThemes(h);
  const unknown = (input.themes ?? []).filter((t) => !themes.includes(t));
  if (unknown.length) {
    return {
      field: 'themes',
      message: `Unknown theme${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Known themes: ${themes.join(', ')}.`,
    };
  }
  return null;
}

/** Validates a feed by fetching it, stores it, and reads it once so its items are there straight away. */
export async function feedsAdd(h: Horizon, ctx: CommandContext, input: AddFeedInput): Promise<Reply> {
  const problem = await checkFeedInput(h, input);
  if (problem)
    return fail(problem.message, 'Try again with the corrected value.', {
      form: { type: 'add-feed', error: problem },
    });
  // Fetching and parsing load libraries a quick command does not need.
  const { validateFeedUrl } = await import('../../ingest/validate.js');
  const { scanFeeds } = await import('../../ingest/scan.js');
  let checked: { url: string; title: string; itemCount: number };
  try {
    checked = await validateFeedUrl(h, input.url.trim());
  } catch (err) {
    const message = (err as Error).message;
    return fail(
      `Could not add ${input.url.trim()}: ${message}`,
      'Check the address opens in a browser and is an RSS or Atom feed (or a page that links to one).',
      {
        form: { type: 'add-feed', error: { field: 'url', message }, values: { url: input.url } },
      },
    );
  }
  const existing = h.store.feeds.findByUrl(checked.url);
  if (existing)
    return ok(
      `Already reading “${existing.title}” (#${existing.id}).`,
      [{ type: 'list', items: [feedLine(existing)] }],
      { data: existing },
    );

  const feed = h.store.feeds.add(
    {
      url: checked.url,
      title: checked.title,
      kind: (input.kind as FeedKind) ?? 'news',
      themes: input.themes ?? [],
      addedBy: `${ctx.platform}:${ctx.userId}`,
    },
    h.now().toISOString(),
  );
  const scan = await scanFeeds(h, { feedIds: [feed.id], force: true });
  const result = scan.feeds[0];
  const fresh = h.store.feeds.get(feed.id) ?? feed;
  return ok(
    `Added “${fresh.title}” (#${fresh.id}, ${fresh.kind}).`,
    [
      {
        type: 'text',
        text: result?.error
          ? `First read failed: ${result.error}. Horizon will retry with backoff.`
          : `${checked.itemCount} item${checked.itemCount === 1 ? '' : 's'} in the feed now; ${result?.newItems ?? 0} stored. Items older than this month are kept for reference but stay off the agenda.`,
      },
    ],
    { data: fresh },
  );
}
