import type { AdaptiveCard } from '../cards/card.js';

/**
 * Teams refuses a message whose payload is over about 28 KB. The limit counts the whole activity, so we
 * keep each card's JSON under a lower budget that leaves room for the activity envelope.
 */
export const TEAMS_MESSAGE_LIMIT_BYTES = 28 * 1024;
export const CARD_BUDGET_BYTES = 26 * 1024;

/** Longest text we put in one TextBlock; a card is for scanning, the link has the rest. */
export const MAX_TEXT_CHARS = {
  title: 300,
  line: 500,
  input: 1000,
} as const;

export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Cuts text to `max` characters (by code point, so no emoji is split) and marks the cut. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + '…';
}

/**
 * Builds a card at decreasing levels of detail until it fits the budget. Level 0 is the full card; each
 * further level drops something (the chart, then long lists). The last level is returned even if it is
 * still too big, with `fits` false, so the caller can report it rather than post a card Teams refuses.
 */
export function fitCard(
  build: (level: number) => AdaptiveCard,
  levels: number,
  budget: number = CARD_BUDGET_BYTES,
): { card: AdaptiveCard; level: number; fits: boolean } {
  let card = build(0);
  for (let level = 0; level < levels; level++) {
    card = level === 0 ? card : build(level);
    if (cardBytes(card) <= budget) return { card, level, fits: true };
  }
  return { card, level: levels - 1, fits: cardBytes(card) <= budget };
}
