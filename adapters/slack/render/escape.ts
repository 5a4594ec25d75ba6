import { webUrl } from '../../../src/chat/links.js';
// Slack reads `&`, `<` and `>` as control characters in mrkdwn: `<!channel>` pings everyone and
// `<https://x|y>` makes a link. Text from feeds and people must never be able to do either.

/** Escapes text so Slack shows it as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Only http(s) links become clickable; anything else (javascript:, file:, garbage) is shown as text. */
export function safeUrl(url: string | null | undefined): string | null {
  const parsed = webUrl(url);
  if (!parsed) return null;
  // `|` and `>` end the URL part of a Slack link; percent-encoding keeps the link intact.
  return parsed.href.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
}

/** A mrkdwn link `<url|label>`, or just the escaped label when the URL is not a safe web link. */
export function mrkdwnLink(label: string, url: string | null | undefined): string {
  const href = safeUrl(url);
  // Slack splits a link at its first `|`, so further pipes in the label are shown as written.
  const text = escapeMrkdwn(label);
  return href ? `<${href}|${text}>` : text;
}

/** Mentions a Slack user by id; ids that do not look like Slack ids are shown as escaped text. */
export function mentionUser(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

/**
 * Escaped text in which people mentioned by id (`<@U0123>`, as a "Decision:" line written in Slack keeps
 * them) are mentions again. Only a person's id is restored: `<!channel>` and links stay inert.
 */
export function escapeKeepingMentions(text: string): string {
  return escapeMrkdwn(text).replace(/&lt;@([UW][A-Z0-9]{2,})&gt;/g, '<@$1>');
}
