import type { Stage } from '../../../src/domain.js';
import { ALL_STAGES } from '../../../src/domain.js';
import { stageGuide } from '../../../src/agenda/guides.js';
import { MAX_ITEM_THEMES } from '../../../src/commands/actions.js';
import { type CardAction, type CardElement, submit, textBlock } from './card.js';

export const DECISION_MAX_CHARS = 1000;

/** The "Record decision" form, opened in place on an item card: what was decided, who owns it, by when. */
export function recordDecisionAction(itemId: number, month: string): CardAction {
  const body: CardElement[] = [
    {
      type: 'Input.Text',
      id: 'decision',
      label: 'What did the SMT decide?',
      isMultiline: true,
      isRequired: true,
      maxLength: DECISION_MAX_CHARS,
      errorMessage: 'Write the decision, in a sentence or two.',
    },
    {
      type: 'Input.ChoiceSet',
      id: 'kind',
      label: 'Is it a decision, or an action someone will do?',
      style: 'compact',
      value: 'decision',
      choices: [
        { title: 'Decision', value: 'decision' },
        { title: 'Action', value: 'action' },
      ],
    },
    // Teams' people picker needs card version 1.6, which some mobile clients cannot show; a person's
    // Entra object id typed here is read as that person (mentioned and reminded), a name as a name.
    {
      type: 'Input.Text',
      id: 'owner',
      label: 'Owner (optional): a name, or their Entra object id to mention and remind them',
      maxLength: 200,
    },
    { type: 'Input.Date', id: 'dueDate', label: 'Due date (optional)' },
  ];
  return {
    type: 'Action.ShowCard',
    title: 'Record decision',
    card: {
      type: 'AdaptiveCard',
      body,
      actions: [submit('Save decision', { horizon: 'record-decision', itemId, month })],
    },
  };
}

/** The "Change stage" chooser. The choice is stored as a correction the tagger learns from. */
export function changeStageAction(itemId: number, current: Stage): CardAction {
  const choices = ALL_STAGES.map((stage) => ({ title: stageGuide(stage).label, value: stage }));
  return {
    type: 'Action.ShowCard',
    title: 'Change stage',
    card: {
      type: 'AdaptiveCard',
      body: [
        textBlock('Where is this policy now? Your answer teaches the tagger.', {
          isSubtle: true,
          size: 'Small',
        }),
        {
          type: 'Input.ChoiceSet',
          id: 'stage',
          label: 'Stage',
          style: 'compact',
          value: current,
          isRequired: true,
          errorMessage: 'Pick a stage.',
          choices,
        },
      ],
      actions: [submit('Save stage', { horizon: 'change-stage', itemId })],
    },
  };
}

/** A theme as the "Themes" chooser offers it. */
export interface ThemeChoice {
  slug: string;
  label: string;
}

/**
 * The "Themes" chooser: every theme of the taxonomy, the item's own ticked. Stored as a correction the
 * tagger learns from; none ticked means the item has no theme.
 */
export function changeThemesAction(
  itemId: number,
  current: readonly string[],
  themes: readonly ThemeChoice[],
): CardAction {
  return {
    type: 'Action.ShowCard',
    title: 'Themes',
    card: {
      type: 'AdaptiveCard',
      body: [
        textBlock(`Which themes is this about? At most ${MAX_ITEM_THEMES}; your answer teaches the tagger.`, {
          isSubtle: true,
          size: 'Small',
        }),
        {
          type: 'Input.ChoiceSet',
          id: 'themes',
          label: 'Themes',
          isMultiSelect: true,
          style: 'expanded',
          value: current.filter((slug) => themes.some((t) => t.slug === slug)).join(','),
          choices: themes.map((t) => ({ title: t.label, value: t.slug })),
        },
      ],
      actions: [submit('Save themes', { horizon: 'change-themes', itemId })],
    },
  };
}

export function notRelevantAction(itemId: number): CardAction {
  return submit('Not relevant', { horizon: 'not-relevant', itemId });
}
