import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loadLabels, NEW_LABELS_PATH } from '../../eval/labels.js';
import { stem, tokenize, TOKEN_PATTERN, type Token } from '../../src/tagging/text.js';

/**
 * The tokeniser as it was first written, straight from the pattern: the hand-written loop in
 * src/tagging/text.ts must read every text exactly as this does.
 */
function reference(text: string): Omit<Token, 'id'>[] {
  const out: Omit<Token, 'id'>[] = [];
  const lower = text.toLowerCase();
  let pendingBreak = false;
  const re = new RegExp(TOKEN_PATTERN.source, TOKEN_PATTERN.flags);
  for (let m = re.exec(lower); m !== null; m = re.exec(lower)) {
    const w = m[0];
    if (w.length === 1 && /^[.;:!?•|()]$/.test(w)) {
      pendingBreak = true;
      continue;
    }
    const a = text.charCodeAt(m.index);
    const b = w.length > 1 ? text.charCodeAt(m.index + 1) : a;
    out.push({
      stem: stem(w),
      word: w,
      start: m.index,
      end: m.index + w.length,
      breakBefore: pendingBreak,
      upper: a >= 65 && a <= 90 && b >= 65 && b <= 90,
    });
    pendingBreak = false;
  }
  return out;
}

const withoutIds = (tokens: Token[]) => tokens.map(({ id: _id, ...t }) => t);

/** Deterministic pseudo-random text mixing the characters that matter to the pattern. */
function randomTexts(count: number): string[] {
  const alphabet = [
    ...'abcXYZ09 .;:!?|()-’\'"£–é',
    'É',
    'ß',
    'İ',
    '•',
    '\u00a0',
    '١',
    'Ⅻ',
    '😀',
    '𝐀',
    '\ud800',
    '\n',
  ];
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + (next() % 40) }, () => alphabet[next() % alphabet.length]!).join(''),
  );
}

describe('tokenize', () => {
  it('reads every real labelled item exactly as the pattern does', () => {
    const items = [...loadLabels(), ...loadLabels(NEW_LABELS_PATH, 'new')];
    expect(items.length).toBeGreaterThan(1000);
    for (const it of items)
      for (const text of [it.title, it.summary]) expect(withoutIds(tokenize(text))).toEqual(reference(text));
  });

  it('reads odd text exactly as the pattern does: accents, other scripts, emoji, lone surrogates', () => {
    for (const text of randomTexts(3000)) expect(withoutIds(tokenize(text))).toEqual(reference(text));
  });

  it('keeps inner apostrophes, splits on hyphens and marks clause breaks', () => {
    const t = tokenize("The King’s Fund's roll-out: SEND plans");
    expect(t.map((x) => x.word)).toEqual(['the', 'king’s', "fund's", 'roll', 'out', 'send', 'plans']);
    expect(t.map((x) => x.breakBefore)).toEqual([false, false, false, false, false, true, false]);
    expect(t.find((x) => x.word === 'send')!.upper).toBe(true);
  });

  it('gives one stem one number, and the same word the same stem', () => {
    const [a, b, c] = tokenize('consultation consultations consulting');
    expect(a!.stem).toBe(b!.stem);
    expect(a!.id).toBe(b!.id);
    expect(a!.id).toBeGreaterThanOrEqual(0);
    expect(c!.stem === a!.stem).toBe(c!.id === a!.id);
  });

  it('keeps every word and stem right as its word table grows, fills and starts again', () => {
    // More distinct words than the table keeps (50,000), in long texts, then the first ones again:
    // each must come back as itself with the stemmer's own stem, whatever the table went through.
    const porter = createRequire(import.meta.url)('wink-eng-lite-web-model/dist/porter-stemmer.js') as (
      w: string,
    ) => string;
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const word = (n: number) => {
      let w = 'q';
      for (let k = n + 1; k > 0; k = Math.floor(k / 26)) w += letters[k % 26];
      return `${w}ing`;
    };
    const words = Array.from({ length: 60_000 }, (_, n) => word(n));
    const texts: string[][] = [];
    for (let n = 0; n < words.length; n += 500) texts.push(words.slice(n, n + 500));
    texts.push(words.slice(0, 500));
    for (const list of texts) {
      const tokens = tokenize(list.join(' ').toUpperCase());
      expect(tokens.map((t) => t.word)).toEqual(list);
      expect(tokens.map((t) => t.stem)).toEqual(list.map(porter));
    }
  });
});
