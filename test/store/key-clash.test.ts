import { afterEach, describe, expect, it } from 'vitest';
import { keyHash } from '../../src/store/hashes.js';
import { feed, items, testHorizon, type TestHorizon } from '../support/horizon.js';

// Two item keys whose 47-bit hashes are the same (found by searching, not made up): the store keeps
// keys as these hashes, so without care the second item would overwrite the first.
const A = 'https://example.org/item/8772581';
const B = 'https://example.org/item/9126988';

describe('two items of one feed whose keys share a hash', () => {
  let t: TestHorizon;
  afterEach(() => t.close());

  const titles = () =>
    t.h.store.items
      .ofFeed(f.id, 10)
      .map((i) => i.title)
      .sort();
  let f: ReturnType<typeof feed>;

  it('are both kept, each updated as itself, and neither is new again on the next poll', () => {
    expect(keyHash(A)).toBe(keyHash(B));
    t = testHorizon();
    f = feed(t.h);
    items(t.h, f, [{ title: 'Community grants open', key: A, link: A }]);
    items(t.h, f, [{ title: 'Youth fund closes early', key: B, link: B }]);
    expect(titles()).toEqual(['Community grants open', 'Youth fund closes early']);

    const ids = t.h.store.items.ofFeed(f.id, 10).map((i) => i.id);
    items(t.h, f, [
      { title: 'Community grants open', key: A, link: A },
      { title: 'Youth fund closes early', key: B, link: B },
    ]);
    expect(t.h.store.items.ofFeed(f.id, 10).map((i) => i.id)).toEqual(ids);

    items(t.h, f, [{ title: 'Youth fund closes early: applications end on Friday', key: B, link: B }]);
    expect(titles()).toEqual([
      'Community grants open',
      'Youth fund closes early: applications end on Friday',
    ]);
    items(t.h, f, [{ title: 'Community grants open for 2027', key: A, link: A }]);
    expect(titles()).toEqual([
      'Community grants open for 2027',
      'Youth fund closes early: applications end on Friday',
    ]);
    expect(
      t.h.store.items
        .ofFeed(f.id, 10)
        .map((i) => i.id)
        .sort(),
    ).toEqual([...ids].sort());
  });
});
