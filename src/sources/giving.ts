import { DateTime } from 'luxon';
import type { Horizon } from '../context.js';
import type { AgendaItem } from '../domain.js';
import { getJson, ServiceGate } from './api.js';
import { fundersLine, type Grant, readGrantPackage, RECENT_YEARS } from './grants.js';

export const GIVING_SERVICE = '360Giving';

/** A grants file changes rarely; once a day is plenty. */
const REFRESH_MS = 24 * 60 * 60 * 1000;

interface GivingState {
  url: string;
  fetchedAt: string;
  etag: string | null;
  lastModified: string | null;
  grants: number;
}

const STATE_KEY = 'sources.360giving';

/**
 * Reads the 360Giving file (HORIZON_360GIVING_URL) when it is set and not read today: conditionally, through
 * the same guard, size cap and time limit as feeds. Each grant's themes are read with Horizon's own tagger.
 * Returns how many grants are kept, or null when nothing was asked.
 */
export async function refreshGrants(h: Horizon): Promise<number | null> {
  const url = h.config.sources.threeSixtyGivingUrl;
  if (!url) return null;
  const state = h.store.settings.get<GivingState | null>(STATE_KEY, null);
  const now = h.now();
  if (state?.url === url && now.getTime() - Date.parse(state.fetchedAt) < REFRESH_MS) return null;
  const gate = new ServiceGate(h, GIVING_SERVICE, 1);
  const same = state?.url === url;
  const result = await gate.run(url, async () => {
    const res = await getJson(h, url, same ? { etag: state.etag, lastModified: state.lastModified } : {});
    if (res.kind === 'missing')
      throw new Error(`the 360Giving file is gone (HTTP ${res.status}); check HORIZON_360GIVING_URL`);
    if (res.kind === 'not-modified') return state!.grants;
    const read = readGrantPackage(res.json);
    for (const p of read.problems)
      h.log.warn({ service: GIVING_SERVICE, field: p.field, problem: p.problem }, 'unexpected answer shape');
    const grants: Grant[] = read.grants.map(({ text, ...g }) => ({
      ...g,
      themes: h.tagger.tag({ title: text, summary: '' }).themes,
    }));
    h.store.grants.replace(grants);
    h.store.settings.set(
      STATE_KEY,
      {
        url,
        fetchedAt: now.toISOString(),
        etag: res.etag,
        lastModified: res.lastModified,
        grants: grants.length,
      },
      now.toISOString(),
    );
    h.log.info({ grants: grants.length, skipped: read.skipped }, '360Giving grants read');
    return grants.length;
  });
  if (result !== null && state && same && result === state.grants)
    h.store.settings.set(STATE_KEY, { ...state, fetchedAt: now.toISOString() }, now.toISOString());
  return result;
}

/**
 * The line under a funding item saying who recently funded similar work, for the organisation's themes
 * and places; nothing when 360Giving is off or nothing similar was funded.
 */
export function fundingNotes(
  h: Horizon,
  profile: { themes: string[]; places: string[] },
): ((item: AgendaItem) => string[]) | undefined {
  if (!h.config.sources.threeSixtyGivingUrl) return undefined;
  const now = h.now();
  const since = DateTime.fromJSDate(now, { zone: 'UTC' }).minus({ years: RECENT_YEARS }).toISODate()!;
  let grants: Grant[] | null = null;
  return (item) => {
    if (item.feedKind !== 'funding') return [];
    grants ??= h.store.grants.since(since);
    const line = fundersLine(grants, {
      themes: profile.themes.length ? profile.themes : item.themes,
      places: profile.places,
      text: `${item.title} ${item.source}`,
      now,
    });
    return line ? [line] : [];
  };
}
