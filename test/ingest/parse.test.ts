import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedError } from '../../src/ingest/errors.js';
import { fixEntities, parseFeed } from '../../src/ingest/parse.js';
import { FIXTURES, fixture } from './helpers.js';

async function parseError(bytes: Buffer | string, contentType?: string): Promise<FeedError> {
  const e = await parseFeed(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), contentType).then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(FeedError);
  return e as FeedError;
}

function billionLaughs(): string {
  const levels = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++)
    levels.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${levels.join('\n')}\n]>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>Laugh &lol9;</title><guid>1</guid></item></channel></rss>`;
}

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 (a real Guardian feed): titles, links, dates in UTC, categories', async () => {
    const feed = await parseFeed(fixture('peer/rss-parser/test/input/guardian.rss'));
    expect(feed.title).toBe('The Guardian');
    expect(feed.items).toHaveLength(55);
    const first = feed.items[0]!;
    expect(first.title).toBe('Trump State of the Union address promised unity but emphasized discord');
    expect(first.link).toMatch(/^https:\/\/www\.theguardian\.com\//);
    expect(first.publishedAt).toMatch(/^2018-01-31T\d\d:\d\d:\d\d\.000Z$/);
    expect(first.summary).not.toMatch(/<[a-z]/i);
  });

  it('reads RSS 1.0 / RDF', async () => {
    const feed = await parseFeed(fixture('peer/rss-parser/test/input/rss-1.rss'));
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items.every((i) => i.title.length > 0 && i.link !== null)).toBe(true);
  });

  it('reads Atom (legislation.gov.uk) and refuses its year-3200 date rather than trusting it', async () => {
    const feed = await parseFeed(fixture('real/legislation-gov-uk/doclist-page-1-2015-12.atom'));
    expect(feed.items).toHaveLength(20);
    expect(feed.items[0]!.title).toBe('Harbours (Scotland) Act 2015');
    for (const item of feed.items) {
      expect(item.key).toMatch(/^guid:http:\/\/www\.legislation\.gov\.uk\/id\//);
      if (item.publishedAt) expect(item.publishedAt < '2100').toBe(true);
    }
  });

  it('reads the Parliament bills feed: BOM, CRLF, one line, dates only in a10:updated, categories kept', async () => {
    const bytes = fixture('real/uk-parliament-bills/services-parliament-uk-current-session-2009-11.rss');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const feed = await parseFeed(bytes);
    expect(feed.title).toBe('Bills from current Parliamentary Session');
    expect(feed.items).toHaveLength(43);
    const child = feed.items.find((i) => i.title === 'Child Poverty')!;
    expect(child.publishedAt).toBe('2009-11-27T16:33:13.000Z');
    expect(child.categories).toEqual(
      expect.arrayContaining(['Incomes and poverty', 'Children and families']),
    );
    expect(feed.items.every((i) => i.publishedAt !== null)).toBe(true);
  });

  it('keeps every item of the large 2009-05 bills feed, each with its own key', async () => {
    const feed = await parseFeed(
      fixture('real/uk-parliament-bills/services-parliament-uk-allbills-2009-05.rss'),
    );
    expect(feed.items).toHaveLength(403);
    expect(new Set(feed.items.map((i) => i.key)).size).toBe(403);
  });
});

describe('parseFeed: encodings', () => {
  it('decodes windows-1251 from the XML declaration', async () => {
    const feed = await parseFeed(fixture('peer/node-feedparser/test/feeds/iconv.xml'));
    expect(feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
  });

  it('decodes Latin-1 bytes with no declaration', async () => {
    const feed = await parseFeed(fixture('peer/rss-parser/test/input/uolNoticias.rss'));
    expect(feed.items[0]!.title).toContain('simulações de 2º turno');
    expect(feed.items.map((i) => i.title).join(' ')).not.toContain('\ufffd');
  });

  it('lets the HTTP charset override the declaration for XML content types', async () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\u00e9 news</title></channel></rss>';
    const feed = await parseFeed(iconv.encode(xml, 'latin1'), 'application/rss+xml; charset=ISO-8859-1');
    expect(feed.title).toBe('Café news');
  });

  it('reads UTF-16 with a BOM', async () => {
    const xml =
      '\ufeff<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Wide £</title></channel></rss>';
    expect((await parseFeed(iconv.encode(xml, 'utf16le', { addBOM: false }))).title).toBe('Wide £');
  });
});

describe('parseFeed: hostile and broken input', () => {
  it('never expands entities: a billion-laughs document parses quickly to harmless text', async () => {
    const feed = await parseFeed(Buffer.from(billionLaughs()));
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]!.title).toBe('Laugh &lol9;');
    expect(feed.title.length).toBeLessThan(20);
  });

  it('ignores external SYSTEM entities (feedvalidator cases)', async () => {
    for (const file of ['system_entity.xml', 'system_entity_http.xml']) {
      const feed = await parseFeed(fixture(`peer/feedvalidator/testcases/rss/should/${file}`));
      const text = JSON.stringify(feed);
      expect(text).not.toMatch(/boot loader|\[operating systems\]/i);
      expect(feed.items.length).toBeGreaterThanOrEqual(0);
    }
  });

  it('leaves a document that uses only XML references as it is, and repairs the others', () => {
    const clean =
      '<rss><channel><title>A &amp; B &lt;C&gt; &#163; &#xA3; &quot;q&quot; &apos;</title></channel></rss>';
    expect(fixEntities(clean)).toBe(clean);
    expect(fixEntities('<t>R&D &AMP; &nbsp; &#12345678;</t>')).toBe(
      '<t>R&amp;D &#38; &#160; &amp;#12345678;</t>',
    );
    expect(fixEntities('<t><![CDATA[R&D &nbsp;]]> &nbsp;</t>')).toBe('<t><![CDATA[R&D &nbsp;]]> &#160;</t>');
  });

  it('decodes HTML named entities XML does not define instead of failing', async () => {
    const xml =
      '<rss version="2.0"><channel><title>Fees &pound;5&nbsp;each &mdash; R&D &bogus;</title></channel></rss>';
    expect((await parseFeed(Buffer.from(xml))).title).toBe('Fees £5 each — R&D &bogus;');
  });

  it('strips a newline before the XML declaration (rss-parser itunes case)', async () => {
    const bytes = fixture('peer/rss-parser/test/input/itunes-missing-image.rss');
    expect(bytes[0]).toBe(0x0a);
    expect((await parseFeed(bytes)).title.length).toBeGreaterThan(0);
  });

  it('calls an HTML page not-a-feed', async () => {
    const e = await parseError(fixture('peer/node-feedparser/test/feeds/notafeed.html'), 'text/html');
    expect(e.reason).toBe('not-a-feed');
    expect(e.message).toMatch(/web page/);
  });

  it('calls an HTML error page served as XML not-a-feed', async () => {
    const e = await parseError(
      '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>',
      'application/rss+xml',
    );
    expect(e.reason).toBe('not-a-feed');
  });

  it('calls other XML not-a-feed', async () => {
    expect((await parseError('<?xml version="1.0"?><sitemap><url/></sitemap>')).reason).toBe('not-a-feed');
  });

  it('calls an empty body (or only a comment) empty', async () => {
    expect((await parseError('')).reason).toBe('empty');
    expect((await parseError(fixture('peer/feedparser/tests/illformed/rss_empty_document.xml'))).reason).toBe(
      'empty',
    );
  });

  it('calls malformed XML a parse error, in one line', async () => {
    const e = await parseError(
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</channel></rss>',
    );
    expect(e.reason).toBe('parse-error');
    expect(e.message).toMatch(/not well-formed XML/);
    expect(e.message).not.toContain('\n');
  });

  it('recovers an unescaped ampersand in a link (node-feedparser saxerror case)', async () => {
    const feed = await parseFeed(fixture('peer/node-feedparser/test/feeds/saxerror.xml'));
    expect(feed.items.find((i) => i.title === 'Bad Item')?.link).toBe('http://example.com/bad?foo=1&bar=2');
  });

  it('gives an item with no title and no link a readable title and a stable key', async () => {
    const xml =
      '<rss version="2.0"><channel><title>T</title><item><description>Only a description here.</description></item></channel></rss>';
    const [once] = (await parseFeed(Buffer.from(xml))).items;
    const [again] = (await parseFeed(Buffer.from(xml))).items;
    expect(once!.title).toBe('Only a description here.');
    expect(once!.link).toBeNull();
    expect(once!.key).toBe(again!.key);
  });

  it('reads an unknown date format as no date', async () => {
    const xml =
      '<rss version="2.0"><channel><title>T</title><item><title>A</title><guid>a</guid><pubDate>next Tuesday-ish</pubDate></item></channel></rss>';
    expect((await parseFeed(Buffer.from(xml))).items[0]!.publishedAt).toBeNull();
  });

  it('keeps items whose guids repeat, each under its own key', async () => {
    const xml = `<rss version="2.0"><channel><title>T</title>
      <item><title>First</title><guid>same</guid><link>https://example.org/1</link></item>
      <item><title>Second</title><guid>same</guid><link>https://example.org/2</link></item></channel></rss>`;
    const items = (await parseFeed(Buffer.from(xml))).items;
    expect(items.map((i) => i.title)).toEqual(['First', 'Second']);
    expect(new Set(items.map((i) => i.key)).size).toBe(2);
  });

  it('falls back from a repeated guid to the link, then to the content, and drops an exact repeat', async () => {
    const item = (title: string, link: string) =>
      `<item><title>${title}</title><guid>same</guid><link>${link}</link></item>`;
    const xml = `<rss version="2.0"><channel><title>T</title>
      ${item('First', 'https://example.org/1')}${item('Second', 'https://example.org/1')}
      ${item('Third', 'https://example.org/1')}${item('Third', 'https://example.org/1')}</channel></rss>`;
    const items = (await parseFeed(Buffer.from(xml))).items;
    expect(items.map((i) => i.title)).toEqual(['First', 'Second', 'Third']);
    expect(items.map((i) => i.key.split(':')[0])).toEqual(['guid', 'url', 'hash']);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return name === 'LICENSE' ? [] : [path];
  });
}

describe('parseFeed: peer corpora', () => {
  it('never throws anything but FeedError on the rss-parser, node-feedparser and feedparser illformed/encoding corpora', async () => {
    const files = [
      'peer/rss-parser',
      'peer/node-feedparser',
      'peer/feedparser',
      'peer/feedvalidator',
    ].flatMap((d) => filesUnder(join(FIXTURES, d)));
    expect(files.length).toBeGreaterThan(150);
    const outcomes = { parsed: 0, refused: 0 };
    const unexpected: string[] = [];
    for (const file of files) {
      try {
        const feed = await parseFeed(fixture(relative(FIXTURES, file)));
        for (const item of feed.items) {
          expect(typeof item.title).toBe('string');
          if (item.publishedAt) expect(item.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        }
        outcomes.parsed++;
      } catch (e) {
        if (e instanceof FeedError) outcomes.refused++;
        else unexpected.push(`${relative(FIXTURES, file)}: ${String(e)}`);
      }
    }
    expect(unexpected).toEqual([]);
    // Most of the corpus is readable; the rest is refused with a reason.
    expect(outcomes.parsed).toBeGreaterThan(outcomes.refused);
  });
});
