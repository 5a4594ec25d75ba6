import { FEED_KINDS } from '../../../src/domain.js';
import { escapeCardText } from '../render/escape.js';
import { MAX_TEXT_CHARS, shorten } from '../render/limits.js';
import { type AdaptiveCard, type CardElement, card, submit, textBlock } from './card.js';

export interface AddFeedFormState {
  error?: { field: 'url' | 'kind' | 'themes'; message: string };
  values?: Record<string, string>;
  /** A line above the form (what happened last time), escaped here. */
  intro?: string;
}

function errorLine(message: string): CardElement {
  return textBlock(escapeCardText(shorten(message, MAX_TEXT_CHARS.line)), {
    color: 'Attention',
    spacing: 'None',
    size: 'Small',
  });
}

/**
 * The add-feed form. Client-side checks (required, looks like a web address) run in Teams before it is
 * sent; a refusal from our side (a private address, not a feed, unreachable) comes back as the same form
 * with the values kept and the reason under the field it concerns.
 */
export function addFeedCard(state: AddFeedFormState = {}): AdaptiveCard {
  const v = state.values ?? {};
  const err = state.error;
  const body: CardElement[] = [textBlock('Add a feed', { size: 'Medium', weight: 'Bolder' })];
  if (state.intro)
    body.push(textBlock(escapeCardText(shorten(state.intro, MAX_TEXT_CHARS.line)), { isSubtle: true }));
  body.push({
    type: 'Input.Text',
    id: 'url',
    label: 'Feed address (RSS or Atom)',
    style: 'Url',
    placeholder: 'https://www.gov.uk/government/organisations/department-of-health-and-social-care.atom',
    isRequired: true,
    regex: '^\\s*https?://\\S+\\s*$',
    errorMessage: 'Enter a web address that starts with https://',
    maxLength: 2000,
    ...(v.url ? { value: shorten(v.url, 2000) } : {}),
  });
  if (err?.field === 'url') body.push(errorLine(err.message));
  body.push({
    type: 'Input.ChoiceSet',
    id: 'kind',
    label: 'What kind of source is it?',
    style: 'compact',
    value: v.kind && (FEED_KINDS as readonly string[]).includes(v.kind) ? v.kind : 'news',
    choices: FEED_KINDS.map((k) => ({ title: k.charAt(0).toUpperCase() + k.slice(1), value: k })),
  });
  if (err?.field === 'kind') body.push(errorLine(err.message));
  body.push({
    type: 'Input.Text',
    id: 'themes',
    label: 'Themes (optional, comma-separated)',
    placeholder: 'health-care, funding',
    maxLength: 500,
    ...(v.themes ? { value: shorten(v.themes, 500) } : {}),
  });
  if (err?.field === 'themes') body.push(errorLine(err.message));
  return card(
    body,
    [submit('Add feed', { horizon: 'add-feed' }, { style: 'positive' })],
    'Add a feed: feeds add URL',
  );
}
