import { FEED_KINDS, type Feed, type FeedKind } from '../domain.js';
import { stripDoctype } from '../ingest/parse.js';

/**
 * OPML in and out, so feed lists move between Horizon and other feed readers. Reading is a tolerant scan of
 * `<outline>` elements: no DTD is read and no entity beyond XML's five and character references is expanded,
 * and a bad outline is reported, never thrown.
 */

export interface OpmlFeed {
  url: string;
  title?: string;
  kind?: FeedKind;
  themes?: string[];
}

export interface OpmlResult {
  feeds: OpmlFeed[];
  problems: string[];
}

export const HORIZON_OPML_NS = 'https://github.com/horizon-scan/horizon/opml';

/** OPML files are small; a bigger one is a mistake or an attack. */
const MAX_OPML_CHARS = 5 * 1024 * 1024;
const MAX_FEEDS = 2000;

function decodeXml(v: string): string {
  return v.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi, (m, ref: string) => {
    const r = ref.toLowerCase();
    if (r === 'amp') return '&';
    if (r === 'lt') return '<';
    if (r === 'gt') return '>';
    if (r === 'quot') return '"';
    if (r === 'apos') return "'";
    const code = r.startsWith('#x') ? parseInt(r.slice(2), 16) : parseInt(r.slice(1), 10);
    try {
      return String.fromCodePoint(code);
    } catch {
      return m;
    }
  });
}

function attributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    out.set(m[1]!.toLowerCase(), decodeXml(m[2] ?? m[3] ?? '').trim());
  }
  return out;
}

function asKind(value: string | undefined): FeedKind | undefined {
  const v = value?.trim().toLowerCase();
  return v && (FEED_KINDS as readonly string[]).includes(v) ? (v as FeedKind) : undefined;
}

/** Theme slugs from `horizon:themes="a,b"` or a `category="/a,/b"` list. */
function themesFrom(attrs: Map<string, string>): string[] | undefined {
  const raw = attrs.get('horizon:themes') ?? attrs.get('category');
  if (!raw) return undefined;
  const slugs = raw
    .split(/[,\s]+/)
    .map((s) => s.replace(/^\/+|\/+$/g, '').toLowerCase())
    .filter((s) => /^[a-z0-9][a-z0-9-]{0,59}$/.test(s));
  return slugs.length ? [...new Set(slugs)] : undefined;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function parseOpml(text: string): OpmlResult {
  const problems: string[] = [];
  const feeds: OpmlFeed[] = [];
  if (text.length > MAX_OPML_CHARS) {
    return { feeds, problems: ['The OPML file is larger than 5 MB. Export a smaller list and try again.'] };
  }
  const source = stripDoctype(text.replace(/^\uFEFF/, '')).replace(/<!--[\s\S]*?-->/g, (c) =>
    c.replace(/[^\n]/g, ' '),
  );
  if (!/<opml[\s>]/i.test(source) && !/<outline[\s/>]/i.test(source)) {
    return {
      feeds,
      problems: [
        'This file is not OPML (no <opml> or <outline> found). Export the list from your feed reader as OPML.',
      ],
    };
  }
  const seen = new Set<string>();
  const groups: { kind?: FeedKind; name: string }[] = [];
  const tag = /<(\/?)outline\b((?:"[^"]*"|'[^']*'|[^'">])*?)(\/?)>/gi;
  for (let m = tag.exec(source); m; m = tag.exec(source)) {
    const [, closing, attrText, selfClosing] = m;
    if (closing) {
      groups.pop();
      continue;
    }
    const attrs = attributes(attrText ?? '');
    const xmlUrl = attrs.get('xmlurl');
    const label = attrs.get('title') || attrs.get('text') || '';
    // A category outline is remembered, so nested feeds can take their kind from a group named "Funding".
    if (!selfClosing)
      groups.push(
        xmlUrl === undefined
          ? { kind: asKind(attrs.get('horizon:kind')) ?? asKind(label), name: label }
          : { name: '' },
      );
    if (xmlUrl === undefined) continue;
    const where = `Line ${lineOf(source, m.index)}`;
    if (feeds.length >= MAX_FEEDS) {
      problems.push(`${where}: more than ${MAX_FEEDS} feeds; the rest were left out.`);
      break;
    }
    let url: URL | null = null;
    try {
      url = new URL(xmlUrl);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      problems.push(
        `${where}: "${(label || xmlUrl).slice(0, 80)}" has no usable feed address (${xmlUrl.slice(0, 80) || 'empty'}); skipped.`,
      );
      continue;
    }
    if (seen.has(url.href)) {
      problems.push(`${where}: ${url.href} is listed twice; kept once.`);
      continue;
    }
    seen.add(url.href);
    const declaredKind = attrs.get('horizon:kind');
    const kind = asKind(declaredKind) ?? [...groups].reverse().find((g) => g.kind)?.kind;
    if (declaredKind && !asKind(declaredKind)) {
      problems.push(
        `${where}: unknown kind "${declaredKind.slice(0, 40)}" for ${url.href}; use one of ${FEED_KINDS.join(', ')}.`,
      );
    }
    const feed: OpmlFeed = { url: url.href };
    if (label) feed.title = label.slice(0, 300);
    if (kind) feed.kind = kind;
    const themes = themesFrom(attrs);
    if (themes) feed.themes = themes;
    feeds.push(feed);
  }
  if (feeds.length === 0 && problems.length === 0)
    problems.push('The OPML file lists no feeds (no outline has an xmlUrl).');
  return { feeds, problems };
}

function escapeAttr(v: string): string {
  return v
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\r\n\t]/g, ' ');
}

const KIND_LABELS: Record<FeedKind, string> = {
  policy: 'Policy',
  funding: 'Funding',
  news: 'News',
  research: 'Research',
  parliament: 'Parliament',
  legislation: 'Legislation',
};

/**
 * OPML 2.0 grouped by kind. Kind and themes ride in `horizon:` attributes and a standard `category` list,
 * which other readers ignore or show as tags.
 */
export function toOpml(
  feeds: Pick<Feed, 'url' | 'title' | 'kind' | 'themes'>[],
  title = 'Horizon feeds',
): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<opml version="2.0" xmlns:horizon="${HORIZON_OPML_NS}">`,
    `  <head>\n    <title>${escapeAttr(title)}</title>\n  </head>`,
    '  <body>',
  ];
  for (const kind of FEED_KINDS) {
    const group = feeds.filter((f) => f.kind === kind);
    if (group.length === 0) continue;
    lines.push(`    <outline text="${KIND_LABELS[kind]}" title="${KIND_LABELS[kind]}">`);
    for (const f of group) {
      const name = escapeAttr(f.title || f.url);
      const themes = f.themes.length
        ? ` horizon:themes="${escapeAttr(f.themes.join(','))}" category="${escapeAttr(f.themes.map((t) => `/${t}`).join(','))}"`
        : '';
      lines.push(
        `      <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeAttr(f.url)}" horizon:kind="${kind}"${themes}/>`,
      );
    }
    lines.push('    </outline>');
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}
