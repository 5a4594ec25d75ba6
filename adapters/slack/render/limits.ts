import type { Block, SlackMessage } from '../blocks.js';
import { escapeMrkdwn } from './escape.js';

/** Block Kit's published limits. Going over any of them makes Slack refuse the whole message. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  fieldText: 2000,
  fieldsPerSection: 10,
  contextElements: 10,
  buttonText: 75,
  optionText: 75,
  modalTitle: 24,
  /** Slack accepts 40,000 but truncates notifications long before; the blocks carry the content. */
  fallbackText: 3000,
} as const;

/** For labels only (buttons, headers, options), where a shortened label loses nothing the reader needs. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + '…';
}

/** Where a cut at `at` would not break a `<link|label>` or an `&amp;` entity in two. */
function safeCut(text: string, at: number): number {
  const open = text.lastIndexOf('<', at - 1);
  if (open > 0 && text.indexOf('>', open) >= at) at = open;
  const amp = text.lastIndexOf('&', at - 1);
  if (amp > 0 && amp > at - 8) {
    const semi = text.indexOf(';', amp);
    if (semi === -1 || semi >= at) at = amp;
  }
  return at;
}

/**
 * Splits mrkdwn into pieces of at most `max` characters, at line breaks where it can, then at spaces,
 * never inside a link or an entity. Nothing is dropped.
 */
export function splitMrkdwn(text: string, max: number = LIMITS.sectionText): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) {
      const space = rest.lastIndexOf(' ', max);
      cut = space > max / 2 ? space : max;
      cut = safeCut(rest, cut);
      if (cut <= 0) cut = max;
    }
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.trim() !== '' || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** One or more section blocks holding `text`, each inside the section limit. */
export function textSections(text: string): Block[] {
  return splitMrkdwn(text).map((piece) => ({ type: 'section', text: { type: 'mrkdwn', text: piece } }));
}

/** Sections of lines, packed so each section stays inside the limit (a long list becomes several sections). */
export function lineSections(lines: string[]): Block[] {
  const sections: string[] = [];
  let current = '';
  for (const line of lines) {
    const next = current ? `${current}\n${line}` : line;
    if (next.length > LIMITS.sectionText && current) {
      sections.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current) sections.push(current);
  return sections.flatMap((s) => textSections(s));
}

/** The top-level `text` as Slack will show it: the same mrkdwn rules apply, so it is escaped, then cut. */
function fallbackText(plain: string): string {
  const escaped = escapeMrkdwn(plain);
  const chars = Array.from(escaped);
  if (chars.length <= LIMITS.fallbackText) return escaped;
  const cut = chars.slice(0, LIMITS.fallbackText - 1).join('');
  return `${cut.slice(0, safeCut(cut, cut.length))}…`;
}

/**
 * Cuts a list of blocks into messages of at most 50 blocks; the first carries `text`, the rest say they
 * continue it. `text` is plain text (feed titles, command words): it is escaped here, because Slack reads
 * the notification text as mrkdwn too, and `<!channel>` there would ping the whole channel.
 */
export function splitMessages(
  text: string,
  blocks: Block[],
  max: number = LIMITS.blocksPerMessage,
): SlackMessage[] {
  const fallback = fallbackText(text);
  if (blocks.length <= max) return [{ text: fallback, blocks }];
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += max) {
    const part = messages.length + 1;
    messages.push({
      text: part === 1 ? fallback : fallbackText(`${text} (continued, part ${part})`),
      blocks: blocks.slice(i, i + max),
    });
  }
  return messages;
}
