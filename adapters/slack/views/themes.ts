import type { ViewStateValue } from '@slack/bolt';
import type { ModalView } from '../blocks.js';
import { VIEW, type ItemFormContext } from '../ids.js';
import { LIMITS, shorten } from '../render/limits.js';

export const THEMES_BLOCK = 'themes';

/** A theme as the form offers it. */
export interface ThemeChoice {
  slug: string;
  label: string;
}

/**
 * "Themes" on an agenda item: every theme of the taxonomy, the item's own already chosen. Saving with
 * none chosen means the item has no theme. Either way it is a correction the tagger learns from.
 */
export function themesView(
  itemTitle: string,
  current: readonly string[],
  themes: readonly ThemeChoice[],
  maxThemes: number,
  ctx: ItemFormContext,
): ModalView {
  const option = (t: ThemeChoice) => ({
    text: { type: 'plain_text' as const, text: shorten(t.label, LIMITS.optionText) },
    value: t.slug,
  });
  const initial = themes.filter((t) => current.includes(t.slug)).map(option);
  return {
    type: 'modal',
    callback_id: VIEW.themes,
    private_metadata: JSON.stringify(ctx),
    title: { type: 'plain_text', text: 'Themes' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'plain_text', text: shorten(itemTitle, LIMITS.sectionText) } },
      {
        type: 'input',
        block_id: THEMES_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Which themes is it about?' },
        hint: {
          type: 'plain_text',
          text: `At most ${maxThemes}. Leave it empty if none fits. Horizon learns from your answer.`,
        },
        element: {
          type: 'multi_static_select',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: 'Choose themes' },
          max_selected_items: maxThemes,
          options: themes.map(option),
          ...(initial.length ? { initial_options: initial } : {}),
        },
      },
    ],
  };
}

/** The chosen theme slugs, as the `tag` command reads them ("none" when nothing is chosen). */
export function readThemes(state: Record<string, Record<string, ViewStateValue>> | undefined): string {
  const chosen = (state?.[THEMES_BLOCK]?.value?.selected_options ?? []).map((o) => o.value);
  return chosen.length > 0 ? chosen.join(',') : 'none';
}
