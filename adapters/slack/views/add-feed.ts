import type { ViewStateValue } from '@slack/bolt';
import { FEED_KINDS } from '../../../src/domain.js';
import type { ModalView, PlainOption } from '../blocks.js';
import { VIEW } from '../ids.js';
import { escapeMrkdwn } from '../render/escape.js';
import { LIMITS, shorten } from '../render/limits.js';

export interface ThemeChoice {
  slug: string;
  label: string;
}

export interface AddFeedValues {
  url?: string;
  kind?: string;
  themes?: string[];
}

export const ADD_FEED_BLOCK = { url: 'feed_url', kind: 'feed_kind', themes: 'feed_themes' } as const;

const KIND_LABEL: Record<string, string> = {
  policy: 'Policy (government, regulators)',
  funding: 'Funding (funders, grants)',
  news: 'News and sector press',
  research: 'Research and think tanks',
  parliament: 'Parliament (bills, committees)',
  legislation: 'Legislation',
};

function option(text: string, value: string): PlainOption {
  return { text: { type: 'plain_text', text: shorten(text, LIMITS.optionText) }, value };
}

/** The form comms staff use to add a feed: a URL, what kind of source it is, and the themes it covers. */
export function addFeedView(themes: ThemeChoice[], values: AddFeedValues = {}, error?: string): ModalView {
  const kinds = FEED_KINDS.map((k) => option(KIND_LABEL[k] ?? k, k));
  const themeOptions = themes.slice(0, 100).map((t) => option(t.label, t.slug));
  const initialKind = kinds.find((o) => o.value === values.kind);
  const initialThemes = themeOptions.filter((o) => values.themes?.includes(o.value!));
  return {
    type: 'modal',
    callback_id: VIEW.addFeed,
    title: { type: 'plain_text', text: 'Add a feed' },
    submit: { type: 'plain_text', text: 'Check and add' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: ADD_FEED_BLOCK.url,
        label: { type: 'plain_text', text: 'Feed address (RSS or Atom)' },
        hint: {
          type: 'plain_text',
          text: 'On GOV.UK, add .atom to any organisation or search page address. Horizon fetches it to check it is a feed.',
        },
        element: {
          type: 'url_text_input',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: 'https://www.gov.uk/search/news-and-communications.atom' },
          ...(values.url ? { initial_value: values.url } : {}),
        },
      },
      // Slack shows field errors only in answer to a submit; after a slow check the problem goes here instead.
      ...(error
        ? [
            {
              type: 'context' as const,
              elements: [
                { type: 'mrkdwn' as const, text: `:warning: ${escapeMrkdwn(shorten(error, 2000))}` },
              ],
            },
          ]
        : []),
      {
        type: 'input',
        block_id: ADD_FEED_BLOCK.kind,
        label: { type: 'plain_text', text: 'Kind of source' },
        optional: true,
        element: {
          type: 'static_select',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: 'News and sector press' },
          options: kinds,
          ...(initialKind ? { initial_option: initialKind } : {}),
        },
      },
      ...(themeOptions.length
        ? [
            {
              type: 'input' as const,
              block_id: ADD_FEED_BLOCK.themes,
              label: { type: 'plain_text' as const, text: 'Themes it covers' },
              optional: true,
              element: {
                type: 'multi_static_select' as const,
                action_id: 'value',
                placeholder: { type: 'plain_text' as const, text: 'Choose themes' },
                options: themeOptions,
                ...(initialThemes.length ? { initial_options: initialThemes } : {}),
              },
            },
          ]
        : []),
    ],
  };
}

/** Shown while a slow feed is fetched, so Slack's 3-second limit on the form never shows people an error. */
export function checkingFeedView(url: string): ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.addFeed,
    title: { type: 'plain_text', text: 'Add a feed' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      {
        type: 'section',
        text: { type: 'plain_text', text: `Checking ${shorten(url, 2000)} … this can take a few seconds.` },
      },
    ],
  };
}

/** The outcome after a slow check: done, or the form again with the problem under the address. */
export function feedResultView(message: string, ok: boolean): ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.addFeed,
    title: { type: 'plain_text', text: ok ? 'Feed added' : 'Feed not added' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'plain_text', text: shorten(message, LIMITS.sectionText) } }],
  };
}

/** Reads the submitted form. Slack sends values keyed by block and action id. */
export function readAddFeed(
  state: Record<string, Record<string, ViewStateValue>> | undefined,
): AddFeedValues {
  const v = (block: string): ViewStateValue | undefined => state?.[block]?.value;
  return {
    url: (v(ADD_FEED_BLOCK.url)?.value ?? '').trim(),
    kind: v(ADD_FEED_BLOCK.kind)?.selected_option?.value ?? undefined,
    themes: (v(ADD_FEED_BLOCK.themes)?.selected_options ?? []).map((o) => o.value),
  };
}
