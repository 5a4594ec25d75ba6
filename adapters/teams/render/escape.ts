import { webUrl } from '../../../src/chat/links.js';
// Adaptive Cards read a small Markdown subset in TextBlock and FactSet text: **bold**, _italic_, lists
// that start a line with "- " or "1. ", and [label](url) links. Teams also expands {{DATE(…)}} and
// {{TIME(…)}}. Text from feeds and people must show as written and never become a link or a list.

// Explicit bidi embeddings, overrides and isolates: from a feed or a person, one can reverse how the rest
// of a line reads ("Trojan source"). Right-to-left text itself needs none of them and shows as written.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** Longest plain-text message Horizon sends to Teams; far under the 28 KB a message may carry. */
export const PLAIN_TEXT_MAX = 4000;

/**
 * Text for a plain-text activity (textFormat 'plain', which Teams shows literally: no Markdown, no HTML,
 * no <at> mentions without an entity): bidi controls removed and the length capped.
 */
export function plainText(text: string, max: number = PLAIN_TEXT_MAX): string {
  const clean = text.replace(BIDI_CONTROLS, '');
  const chars = Array.from(clean);
  return chars.length <= max ? clean : `${chars.slice(0, max - 1).join('')}…`;
}

// Only the characters the subset acts on: escaping others would show a stray backslash in some clients.
const INLINE = /[\\*_[\]`]/g;

/** Escapes text so an Adaptive Card shows it literally. Whitespace runs (newlines too) become one space. */
export function escapeCardText(text: string): string {
  return (
    text
      .replace(BIDI_CONTROLS, '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(INLINE, (c) => `\\${c}`)
      // A line that starts "- ", "+ " or "12. " would become a list item.
      .replace(/^([-+])(\s)/, '\\$1$2')
      .replace(/^(\d+)\.(\s)/, '$1\\.$2')
      // Date and time functions: a zero-width joiner between the braces keeps them inert.
      .replace(/\{\{/g, '{\u200d{')
  );
}

const URL_MAX = 2048;

/** Only http(s) links become clickable; anything else (javascript:, data:, garbage) is shown as text. */
export function safeUrl(url: string | null | undefined): string | null {
  const parsed = webUrl(url);
  // An address this long is no reader's link; shown as text, it cannot crowd the card out.
  if (!parsed || parsed.href.length > URL_MAX) return null;
  // A ")" or a space would end the Markdown link early; percent-encoding keeps the address intact.
  return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

/** A Markdown link, or just the escaped label when the URL is not a safe web link. */
export function cardLink(label: string, url: string | null | undefined): string {
  const href = safeUrl(url);
  const text = escapeCardText(label);
  return href ? `[${text}](${href})` : text;
}
