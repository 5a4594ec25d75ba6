import { hash } from 'node:crypto';

/**
 * Short integer forms of the identities the store looks items up by, so an index entry is a few bytes
 * rather than a URL: leading bits of a SHA-1, read as a whole number.
 */

/**
 * A story key as 52 bits (a JavaScript number holds them exactly; SQLite stores eight bytes). Stories are
 * matched across every feed: two of a million stories share a hash with a chance of about one in 10^4.
 */
export function storyHash(text: string): number {
  return parseInt(hash('sha1', text, 'hex').slice(0, 13), 16);
}

/**
 * An item key as 47 bits (six bytes in SQLite). Keys are only matched within their feed: two of a feed's
 * 10,000 items share a hash with a chance of about one in 3 × 10^6, and when they do the store tells them
 * apart by the key kept in the item's body and puts the second in the next free slot (items.ts, locate).
 */
export function keyHash(text: string): number {
  return Math.floor(parseInt(hash('sha1', text, 'hex').slice(0, 12), 16) / 2);
}

/**
 * A content hash (hex, from src/ingest/identity.ts) cut to 31 bits (four bytes in SQLite). It only tells
 * an item's stored version from the one just fetched: an edit goes unnoticed with a chance of one in 2^31.
 */
export function shortContentHash(hex: string): number {
  return Math.floor(parseInt(hex.slice(0, 8), 16) / 2);
}
