import { describe, expect, it } from 'vitest';
import {
  canonicalUrl,
  itemKey,
  normaliseDate,
  plainText,
  storyKey,
  truncate,
} from '../../src/ingest/normalise.js';

describe('normaliseDate', () => {
  it.each([
    ['Tue, 31 Dec 2002 14:20:20 GMT', '2002-12-31T14:20:20.000Z'],
    ['21 Oct 2002 06:45 EDT', '2002-10-21T10:45:00.000Z'],
    ['31 Dec 99 23:59:59 +0000', '1999-12-31T23:59:59.000Z'],
    ['31 Dec 2002 14:20:20 -0234', '2002-12-31T16:54:20.000Z'],
    ['Sat,29 Jul 2006 00:03:02 +0000', '2006-07-29T00:03:02.000Z'],
    ['31 Dec 2002 14:20:20 A', '2002-12-31T14:20:20.000Z'],
    ['Mon, 02 Mar 2026 10:00:00 BST', '2026-03-02T09:00:00.000Z'],
    ['2002-12-31T01:15:07-05:00', '2002-12-31T06:15:07.000Z'],
    ['2015-12-10T15:05:52', '2015-12-10T15:05:52.000Z'],
    ['2015-12-10', '2015-12-10T00:00:00.000Z'],
    ['2009-11-27T16:33:13.7Z', '2009-11-27T16:33:13.000Z'],
  ])('reads %s as %s (UTC; no zone means UTC)', (raw, iso) => {
    expect(normaliseDate(raw)).toBe(iso);
  });

  it.each([
    ['year 3200 (legislation.gov.uk)', '3200-01-30T00:00:00'],
    ['31 June', 'Sat, 31 Jun 2006 23:08:26 +1000'],
    ['free text', 'sometime last week'],
    ['an unknown zone', 'Mon, 02 Mar 2026 10:00:00 XYZT'],
    ['empty', '   '],
  ])('refuses %s', (_what, raw) => {
    expect(normaliseDate(raw)).toBeNull();
  });

  it('does not depend on the machine’s time zone', () => {
    const before = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(normaliseDate('Tue, 31 Dec 2002 14:20')).toBe('2002-12-31T14:20:00.000Z');
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('plainText', () => {
  it('strips tags, drops links and images, decodes entities and folds whitespace', () => {
    const html =
      '<p>The <a href="https://x.example/">fund</a>&nbsp;opens\n\n <b>today</b> &amp; closes&hellip;</p><img src="x.png" alt="logo"><script>alert(1)</script>';
    expect(plainText(html)).toBe('The fund opens today & closes…');
  });

  it('keeps a bare ampersand and decodes entities in text with no tags', () => {
    expect(plainText('Health & Care  Bill\n(2026)')).toBe('Health & Care Bill (2026)');
    expect(plainText('AT&T and R&D')).toBe('AT&T and R&D');
    expect(plainText('Grants of &pound;5,000 &#8211; apply by &lt;Friday&gt;')).toBe(
      'Grants of £5,000 – apply by <Friday>',
    );
  });

  it('keeps headings in their own case', () => {
    expect(plainText('<h2>Policy news</h2><p>Text</p>')).toBe('Policy news Text');
  });

  it('caps length at a word boundary', () => {
    const text = plainText('word '.repeat(500), 50);
    expect(text.length).toBeLessThanOrEqual(50);
    expect(text.endsWith('word…')).toBe(true);
    expect(truncate('short', 10)).toBe('short');
  });
});

describe('canonicalUrl and identity', () => {
  it('lower-cases the host and drops tracking parameters and the fragment, keeping real parameters', () => {
    expect(
      canonicalUrl('https://WWW.GOV.UK/Government/News?utm_source=x&id=3&fbclid=abc&utm_campaign=y#top'),
    ).toBe('https://www.gov.uk/Government/News?id=3');
  });

  it('refuses links that are not http(s)', () => {
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
    expect(canonicalUrl(null)).toBeNull();
  });

  it('keys an item by guid, else canonical link, else title and date', () => {
    const base = { canonicalUrl: 'https://example.org/a', title: 'T', publishedAt: null };
    expect(itemKey({ ...base, guid: ' g-1 ' })).toBe('guid:g-1');
    expect(itemKey({ ...base, guid: '' })).toBe('url:https://example.org/a');
    const byHash = itemKey({
      guid: null,
      canonicalUrl: null,
      title: 'T',
      publishedAt: '2026-03-01T00:00:00.000Z',
    });
    expect(byHash).toMatch(/^hash:[0-9a-f]{40}$/);
    expect(byHash).not.toBe(itemKey({ guid: null, canonicalUrl: null, title: 'T', publishedAt: null }));
  });

  it('treats http/https and www. as the same story, and folds punctuation in titles', () => {
    expect(storyKey({ canonicalUrl: 'http://www.example.org/news/', title: 'a' })).toBe(
      storyKey({ canonicalUrl: 'https://example.org/news', title: 'b' }),
    );
    expect(storyKey({ canonicalUrl: null, title: 'Fund opens!' })).toBe(
      storyKey({ canonicalUrl: null, title: 'fund  opens' }),
    );
  });
});
