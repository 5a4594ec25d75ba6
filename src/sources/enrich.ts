import type { Horizon } from '../context.js';
import type { GovukFacts, ParsedItem } from '../domain.js';
import { type GovukPage } from '../store/sources.js';
import { getJson, ServiceGate } from './api.js';
import { govukPath, publicUpdatedAt, readGovukContent } from './govuk-content.js';

/** A handful of lookups at a time: GOV.UK is a public service shared by everyone. */
export const CONTENT_API_CONCURRENCY = 2;

export const CONTENT_API = 'GOV.UK Content API';

/**
 * Looks up GOV.UK pages in the Content API for the items of a scan and attaches what they state. Each page
 * is asked once: the answer is kept in the database (so nothing is asked again after a restart), and a page
 * is asked again, conditionally, only when its feed says it changed after Horizon last looked.
 */
export class GovukEnricher {
  readonly gate: ServiceGate;
  private readonly inFlight = new Map<string, Promise<GovukPage | null>>();
  private readonly seen = new Map<string, GovukPage>();

  constructor(private readonly h: Horizon) {
    this.gate = new ServiceGate(h, CONTENT_API, CONTENT_API_CONCURRENCY);
  }

  /** How many Content API requests this scan made. */
  get requestCount(): number {
    return this.gate.requests.length;
  }

  async enrich(items: ParsedItem[]): Promise<void> {
    let paths: Map<string, ParsedItem[]> | null = null;
    for (const item of items) {
      // A bill's facts are its own; a search result's document type is completed by its page.
      if (item.facts && item.facts.source !== 'govuk') continue;
      const path = govukPath(item.link);
      if (!path) continue;
      paths ??= new Map();
      const list = paths.get(path);
      if (list) list.push(item);
      else paths.set(path, [item]);
    }
    if (!paths) return;
    // Pages read once in this scan are kept for it: the same page is often in several feeds.
    const unread = [...paths.keys()].filter((p) => !this.seen.has(p));
    for (const [path, page] of this.h.store.govukPages.get(unread)) this.seen.set(path, page);
    const nowIso = this.h.now().toISOString();
    await Promise.all(
      [...paths].map(async ([path, its]) => {
        let page = this.seen.get(path) ?? null;
        if (!page || changedSince(page, its, nowIso)) {
          page = (await this.lookup(path, page)) ?? page;
          if (page) this.seen.set(path, page);
        }
        if (page?.facts) for (const item of its) item.facts = page.facts;
      }),
    );
  }

  private lookup(path: string, known: GovukPage | null): Promise<GovukPage | null> {
    let p = this.inFlight.get(path);
    if (!p) {
      p = this.fetchPage(path, known);
      this.inFlight.set(path, p);
    }
    return p;
  }

  private async fetchPage(path: string, known: GovukPage | null): Promise<GovukPage | null> {
    const url = `${this.h.config.sources.govukUrl}/api/content${encodePath(path)}`;
    return this.gate.run(url, async () => {
      const now = this.h.now().toISOString();
      const res = await getJson(this.h, url, { etag: known?.etag, lastModified: known?.lastModified });
      if (res.kind === 'not-modified') {
        this.h.store.govukPages.touch(path, now);
        return known ? { ...known, fetchedAt: now } : null;
      }
      if (res.kind === 'missing') {
        const page: GovukPage = {
          path,
          status: 'missing',
          facts: null,
          publicUpdatedAt: null,
          etag: null,
          lastModified: null,
          fetchedAt: now,
        };
        this.h.store.govukPages.save(page);
        return page;
      }
      const { facts, problems } = readGovukContent(res.json, path);
      for (const p of problems)
        this.h.log.warn(
          { service: CONTENT_API, path, field: p.field, problem: p.problem },
          'unexpected answer shape',
        );
      const page: GovukPage = {
        path,
        status: 'ok',
        facts: facts as GovukFacts | null,
        publicUpdatedAt: publicUpdatedAt(res.json),
        etag: res.etag,
        lastModified: res.lastModified,
        fetchedAt: now,
      };
      this.h.store.govukPages.save(page);
      return page;
    });
  }
}

/**
 * The feed says the page changed after Horizon last looked it up (an outcome published, say). A date in the
 * future says nothing (a feed's clock or a scheduled page), or the page would be asked for at every scan.
 */
function changedSince(page: GovukPage, items: ParsedItem[], nowIso: string): boolean {
  if (page.status === 'missing') return false;
  return items.some(
    (i) => i.publishedAt !== null && i.publishedAt > page.fetchedAt && i.publishedAt <= nowIso,
  );
}

function encodePath(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(decodeURIComponentSafe(seg)))
    .join('/');
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The enricher for a scan, or null when enrichment is switched off. */
export function govukEnricher(h: Horizon): GovukEnricher | null {
  return h.config.sources.enrich ? new GovukEnricher(h) : null;
}
