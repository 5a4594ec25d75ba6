import { afterEach, describe, expect, it } from 'vitest';
import type { Feed } from '../../src/domain.js';
import { importFeeds } from '../../src/feeds/import.js';
import { parseOpml, toOpml } from '../../src/feeds/opml.js';
import { body, cleanup, feedAt, fixture, serve, testHorizon } from './helpers.js';

afterEach(cleanup);

type Listed = Pick<Feed, 'url' | 'title' | 'kind' | 'themes'>;

const sample: Listed[] = [
  {
    url: 'https://www.gov.uk/government/organisations/department-of-health-and-social-care.atom',
    title: 'DHSC',
    kind: 'policy',
    themes: ['health-care', 'social-care'],
  },
  {
    url: 'https://www.tnlcommunityfund.org.uk/news/rss?a=1&b=2',
    title: 'Community Fund "news" & <updates>',
    kind: 'funding',
    themes: ['funding'],
  },
  { url: 'https://bills.parliament.uk/rss/allbills.rss', title: 'All bills', kind: 'parliament', themes: [] },
];

/** An export in the shape common feed readers write: categories as parent outlines, text and title, htmlUrl. */
const readerExport = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="Funding" title="Funding">
      <outline type="rss" text="Grants news" title="Grants news" xmlUrl="https://grants.example.org/feed" htmlUrl="https://grants.example.org/"/>
    </outline>
    <outline text="Reading">
      <outline type="rss" text="Think tank" xmlUrl="https://thinktank.example.org/rss.xml" category="/housing,/welfare"></outline>
      <outline type="rss" text="Another" xmlUrl="https://another.example.org/atom"/>
    </outline>
  </body>
</opml>`;

describe('OPML', () => {
  it('round-trips Horizon’s own export: url, title, kind and themes', () => {
    const parsed = parseOpml(toOpml(sample as Feed[], 'Horizon feeds'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.feeds).toEqual(
      sample.map((f) => ({
        url: f.url,
        title: f.title,
        kind: f.kind,
        ...(f.themes.length ? { themes: f.themes } : {}),
      })),
    );
  });

  it('writes OPML 2.0 grouped by kind, with attributes other readers understand', () => {
    const xml = toOpml(sample as Feed[]);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0"/);
    expect(xml.indexOf('text="Policy"')).toBeLessThan(xml.indexOf('text="Funding"'));
    expect(xml).toContain('xmlUrl="https://www.tnlcommunityfund.org.uk/news/rss?a=1&amp;b=2"');
    expect(xml).toContain('title="Community Fund &quot;news&quot; &amp; &lt;updates&gt;"');
    expect(xml).toContain('category="/health-care,/social-care"');
  });

  it('reads another reader’s export, taking kind from a category named after one and themes from category', () => {
    const { feeds, problems } = parseOpml(readerExport);
    expect(problems).toEqual([]);
    expect(feeds).toEqual([
      { url: 'https://grants.example.org/feed', title: 'Grants news', kind: 'funding' },
      { url: 'https://thinktank.example.org/rss.xml', title: 'Think tank', themes: ['housing', 'welfare'] },
      { url: 'https://another.example.org/atom', title: 'Another' },
    ]);
  });

  it('reports junk outlines line by line and keeps the good ones', () => {
    const junk = `<opml version="2.0"><body>
<outline text="No address"/>
<outline text="Script" xmlUrl="javascript:alert(1)"/>
<outline text="File" xmlUrl="file:///etc/passwd"/>
<outline text="Empty" xmlUrl=""/>
<outline text="Good" xmlUrl="https://good.example/feed" horizon:kind="gossip"/>
<outline text="Good again" xmlUrl="https://good.example/feed"/>
<<<>>> not xml &&&
</body></opml>`;
    const { feeds, problems } = parseOpml(junk);
    expect(feeds.map((f) => f.url)).toEqual(['https://good.example/feed']);
    expect(problems).toEqual([
      expect.stringMatching(/^Line 3: "Script" has no usable feed address/),
      expect.stringMatching(/^Line 4: "File" has no usable feed address/),
      expect.stringMatching(/^Line 5: "Empty" has no usable feed address/),
      expect.stringMatching(/^Line 6: unknown kind "gossip"/),
      expect.stringMatching(/^Line 7: .* listed twice/),
    ]);
  });

  it('never expands entities declared in the file', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<opml version="2.0"><body><outline text="&b;" xmlUrl="https://x.example/feed"/></body></opml>`;
    expect(parseOpml(bomb).feeds).toEqual([{ url: 'https://x.example/feed', title: '&b;' }]);
  });

  it('says so when the file is not OPML at all', () => {
    expect(parseOpml('<html><body>hello</body></html>').problems[0]).toMatch(/not OPML/);
    expect(parseOpml('<opml><body></body></opml>').problems[0]).toMatch(/lists no feeds/);
  });
});

describe('importFeeds', () => {
  it('adds new feeds, skips ones already there and refused addresses, and reports file problems', async () => {
    const h = testHorizon({ allow: '' });
    feedAt(h, 'https://grants.example.org/feed', 'funding');
    const text = readerExport.replace(
      '</body>',
      '<outline text="Internal" xmlUrl="http://10.0.0.5/rss"/><outline text="Bad" xmlUrl="ftp://x/y"/></body>',
    );
    const result = await importFeeds(h, text, 'admin-1');
    expect(result.added.map((f) => [f.url, f.kind, f.addedBy])).toEqual([
      ['https://thinktank.example.org/rss.xml', 'news', 'admin-1'],
      ['https://another.example.org/atom', 'news', 'admin-1'],
    ]);
    expect(result.added[0]!.themes).toEqual(['housing', 'welfare']);
    expect(result.skipped).toEqual([
      { url: '', reason: expect.stringMatching(/"Bad" has no usable feed address/) },
      { url: 'https://grants.example.org/feed', reason: 'already in the feed list' },
      { url: 'http://10.0.0.5/rss', reason: expect.stringMatching(/^refused-url: /) },
    ]);
    expect(h.store.feeds.list()).toHaveLength(3);
  });

  it('with validation, fetches each feed first and skips the ones that do not work', async () => {
    const server = await serve({
      '/bills.rss': body(fixture('real/uk-parliament-bills/services-parliament-uk-allbills-2009-06.rss')),
    });
    const h = testHorizon();
    const opml = toOpml([
      { url: server.url('/bills.rss'), title: '', kind: 'parliament', themes: [] },
      { url: server.url('/missing.rss'), title: 'Missing', kind: 'news', themes: [] },
    ] as unknown as Feed[]);
    const progress: number[] = [];
    const result = await importFeeds(h, opml, 'admin-1', {
      validate: true,
      progress: (done) => progress.push(done),
    });
    expect(result.added.map((f) => [f.url, f.kind])).toEqual([[server.url('/bills.rss'), 'parliament']]);
    expect(result.added[0]!.title).toMatch(/bills/i);
    expect(result.skipped).toEqual([
      { url: server.url('/missing.rss'), reason: expect.stringMatching(/^http-status: .*404/) },
    ]);
    expect(progress).toEqual([1, 2]);
  });
});
