import type { Horizon } from '../context.js';
import type { Feed } from '../domain.js';
import { describeFeedError } from '../ingest/errors.js';
import { checkUrlSyntax } from '../ingest/guard.js';
import { validateFeedUrl } from '../ingest/validate.js';
import { parseOpml } from './opml.js';

export interface ImportResult {
  added: Feed[];
  skipped: { url: string; reason: string }[];
}

export interface ImportOptions {
  /** Fetch each feed before adding it (slower; catches dead feeds now rather than at the next scan). */
  validate?: boolean;
  progress?: (done: number, total: number, label: string) => void;
}

/**
 * Adds the feeds an OPML file lists. Feeds already present, refused by the URL guard or (with `validate`)
 * unreadable are skipped with a reason; junk in the file is reported the same way. Nothing is thrown for bad input.
 */
export async function importFeeds(
  h: Horizon,
  text: string,
  addedBy: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const { feeds, problems } = parseOpml(text);
  const result: ImportResult = { added: [], skipped: problems.map((reason) => ({ url: '', reason })) };
  let done = 0;
  for (const entry of feeds) {
    let url = entry.url;
    let title = entry.title;
    try {
      if (h.store.feeds.findByUrl(url)) {
        result.skipped.push({ url, reason: 'already in the feed list' });
        continue;
      }
      // Without validation no DNS is asked: the address is checked for shape here and for its host at each fetch.
      checkUrlSyntax(url, h.config.allowPrivateHosts);
      if (opts.validate) {
        const checked = await validateFeedUrl(h, url);
        url = checked.url;
        title = title || checked.title;
        if (url !== entry.url && h.store.feeds.findByUrl(url)) {
          result.skipped.push({ url: entry.url, reason: `already in the feed list as ${url}` });
          continue;
        }
      }
      result.added.push(
        h.store.feeds.add(
          { url, title, kind: entry.kind ?? 'news', themes: entry.themes ?? [], addedBy },
          h.now().toISOString(),
        ),
      );
    } catch (e) {
      result.skipped.push({ url: entry.url, reason: describeFeedError(e) });
    } finally {
      done++;
      opts.progress?.(done, feeds.length, title ?? url);
    }
  }
  h.log.info({ added: result.added.length, skipped: result.skipped.length }, 'OPML import finished');
  return result;
}
