/**
 * Assembles offline feeds for the demo and tests from real published items (source/*.jsonl).
 * Run from the project folder: `npx tsx feeds/snapshots/build.ts`. The output is committed; rerun only when
 * the source files change. Titles and summaries are copied as published; dates are kept when the item had
 * one and left out when it did not, so the pipeline falls back to first-seen time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

interface SourceItem {
  id: string;
  title: string;
  /** `summary` in the policy items, `text` in the funding calls. */
  summary?: string;
  text?: string;
  url: string;
  published: string | null;
  publisher: string;
  source_kind?: string;
}

const NOTE =
  'Assembled by Horizon from real published items (titles and standfirsts quoted as published) for its offline demo and tests; not the publishers\u2019 own feed. ' +
  'Crown copyright material is used under the Open Government Licence v3.0 and parliamentary material under the Open Parliament Licence v3.0; ' +
  'other items remain the copyright of their publishers and are quoted briefly as test data with attribution. See feeds/snapshots/README.md.';

function read(file: string): SourceItem[] {
  return readFileSync(join(HERE, 'source', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SourceItem);
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A YYYY-MM-DD date as an RFC 822 date at 09:00 UTC (the sources give days, not times). */
function rfc822(date: string): string {
  const d = new Date(`${date}T09:00:00Z`);
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${dd} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} 09:00:00 GMT`;
}

interface FeedSpec {
  file: string;
  format: 'rss' | 'atom';
  title: string;
  items: SourceItem[];
}

function rss(spec: FeedSpec): string {
  const items = spec.items.map((i) => {
    const parts = [
      `    <item>`,
      `      <title>${esc(i.title)}</title>`,
      `      <link>${esc(i.url)}</link>`,
      `      <guid isPermaLink="false">${esc(`horizon-snapshot:${i.id}`)}</guid>`,
      `      <description>${esc(i.summary ?? i.text ?? '')}</description>`,
      `      <dc:creator>${esc(i.publisher)}</dc:creator>`,
    ];
    if (i.published) parts.push(`      <pubDate>${rfc822(i.published)}</pubDate>`);
    parts.push('    </item>');
    return parts.join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '  <channel>',
    `    <title>${esc(spec.title)}</title>`,
    '    <link>https://github.com/horizon-scan/horizon/tree/main/feeds/snapshots</link>',
    `    <description>${esc(NOTE)}</description>`,
    '    <language>en-gb</language>',
    ...items,
    '  </channel>',
    '</rss>',
    '',
  ].join('\n');
}

function atom(spec: FeedSpec): string {
  const newest = spec.items.map((i) => i.published).filter((d): d is string => d !== null).sort().at(-1) ?? '2026-01-01';
  const entries = spec.items.map((i) => {
    const parts = [
      '  <entry>',
      `    <id>horizon-snapshot:${esc(i.id)}</id>`,
      `    <title>${esc(i.title)}</title>`,
      `    <link rel="alternate" href="${esc(i.url)}"/>`,
      `    <summary>${esc(i.summary ?? i.text ?? '')}</summary>`,
      `    <author><name>${esc(i.publisher)}</name></author>`,
    ];
    if (i.published) parts.push(`    <published>${i.published}T09:00:00Z</published>`, `    <updated>${i.published}T09:00:00Z</updated>`);
    parts.push('  </entry>');
    return parts.join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>horizon-snapshot:${spec.file}</id>`,
    `  <title>${esc(spec.title)}</title>`,
    `  <subtitle>${esc(NOTE)}</subtitle>`,
    '  <link rel="alternate" href="https://github.com/horizon-scan/horizon/tree/main/feeds/snapshots"/>',
    `  <updated>${newest}T09:00:00Z</updated>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

const policy = read('uk-policy-items.jsonl');
const calls = read('uk-funding-calls.jsonl');
const ofKind = (kind: string) => policy.filter((i) => i.source_kind === kind);

const specs: FeedSpec[] = [
  { file: 'policy.atom', format: 'atom', title: 'UK policy: departments and agencies (snapshot)', items: ofKind('policy') },
  { file: 'news.rss', format: 'rss', title: 'UK sector news (snapshot)', items: ofKind('news') },
  { file: 'research.atom', format: 'atom', title: 'Think tanks and research (snapshot)', items: ofKind('research') },
  { file: 'parliament.rss', format: 'rss', title: 'Parliament: committees, library and bills (snapshot)', items: ofKind('parliament') },
  { file: 'legislation.atom', format: 'atom', title: 'Legislation (snapshot)', items: ofKind('legislation') },
  { file: 'funders.rss', format: 'rss', title: 'Funders and foundations (snapshot)', items: ofKind('funding') },
  { file: 'funding-calls.rss', format: 'rss', title: 'Funding calls and consultations with closing dates (snapshot)', items: calls },
];

for (const spec of specs) {
  writeFileSync(join(HERE, spec.file), spec.format === 'rss' ? rss(spec) : atom(spec));
  console.log(`${spec.file}: ${spec.items.length} items`);
}
