// The Adaptive Card shapes we build. Loose on purpose: the schema is validated in tests with the
// `adaptivecards` package, and these types only keep our own builders consistent.
import { escapeCardText } from '../render/escape.js';
import { MAX_TEXT_CHARS, shorten } from '../render/limits.js';

/** Teams supports 1.5 on desktop and web, but some mobile clients stop at 1.4; nothing here needs more. */
export const CARD_VERSION = '1.4';
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export type CardElement = { type: string; [key: string]: unknown };
export type CardAction = { type: string; title: string; [key: string]: unknown };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardAction[];
  msteams?: { width?: 'Full'; entities?: unknown[] };
  fallbackText?: string;
}

/** What a submit button sends back: `horizon` says which action, the rest is its data. */
export type SubmitData =
  | { horizon: 'record-decision'; itemId: number; month: string }
  | { horizon: 'change-stage'; itemId: number }
  | { horizon: 'change-themes'; itemId: number }
  | { horizon: 'not-relevant'; itemId: number }
  | { horizon: 'add-feed' };

export function card(body: CardElement[], actions: CardAction[] = [], fallbackText?: string): AdaptiveCard {
  const c: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body,
    msteams: { width: 'Full' },
  };
  if (actions.length > 0) c.actions = actions;
  // Shown by clients that cannot draw the card, and read as Markdown there: escaped like any card text.
  if (fallbackText) c.fallbackText = escapeCardText(shorten(fallbackText, MAX_TEXT_CHARS.title));
  return c;
}

export function textBlock(text: string, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

export function submit(title: string, data: SubmitData, extra: Record<string, unknown> = {}): CardAction {
  return { type: 'Action.Submit', title, data, ...extra };
}

/** A card as a message attachment. */
export function attachment(c: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: CARD_CONTENT_TYPE, content: c };
}
