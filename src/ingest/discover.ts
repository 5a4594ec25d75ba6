/** Finds the feeds an HTML page advertises with `<link rel="alternate" type="application/rss+xml" href="…">`. */

const FEED_TYPES = /^application\/(rss|atom|rdf)\+xml$/i;

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
  for (let m = re.exec(tag); m; m = re.exec(tag))
    out[m[1]!.toLowerCase()] = decodeAttr(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

function decodeAttr(v: string): string {
  return v
    .replace(/&amp;/gi, '&')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .trim();
}

/** Feed URLs advertised by the page, absolute, in page order, without duplicates. */
export function discoverFeedLinks(html: string, pageUrl: string): string[] {
  const head = html.slice(0, 512 * 1024);
  let base = pageUrl;
  const baseTag = /<base\b[^>]*>/i.exec(head);
  if (baseTag) {
    const href = attributes(baseTag[0]).href;
    try {
      if (href) base = new URL(href, pageUrl).href;
    } catch {
      /* a broken <base> is ignored, as browsers do */
    }
  }
  const found: string[] = [];
  for (const m of head.matchAll(/<link\b[^>]*>/gi)) {
    const a = attributes(m[0]);
    const rels = (a.rel ?? '').toLowerCase().split(/\s+/);
    if (!rels.includes('alternate') || !FEED_TYPES.test(a.type ?? '') || !a.href) continue;
    try {
      const url = new URL(a.href, base).href;
      if (!found.includes(url)) found.push(url);
    } catch {
      /* skip an href that is not a URL */
    }
  }
  return found;
}

/** True when the bytes look like an HTML page rather than a feed. */
export function looksLikeHtml(body: Buffer, contentType: string | null): boolean {
  const head = body
    .subarray(0, 2048)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return true;
  if ((contentType ?? '').toLowerCase().includes('text/html')) return !/^(<\?xml|<rss|<feed|<rdf)/.test(head);
  return false;
}
