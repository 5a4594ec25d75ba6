import type { ViewStateValue } from '@slack/bolt';
import type { ModalView } from '../blocks.js';
import { VIEW, type ItemFormContext } from '../ids.js';
import { LIMITS, shorten } from '../render/limits.js';

export const DECISION_BLOCK = { decision: 'decision', kind: 'kind', owner: 'owner', due: 'due' } as const;

const KIND_OPTIONS = [
  { text: { type: 'plain_text' as const, text: 'A decision' }, value: 'decision' },
  { text: { type: 'plain_text' as const, text: 'An action someone will do' }, value: 'action' },
];

/** The decision form; `ctx` says where it was asked for, so the confirmation lands in the item's thread. */
export function decisionView(itemTitle: string, ctx: ItemFormContext): ModalView {
  return {
    type: 'modal',
    callback_id: VIEW.decision,
    private_metadata: JSON.stringify(ctx),
    title: { type: 'plain_text', text: 'Record a decision' },
    submit: { type: 'plain_text', text: 'Record' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'section', text: { type: 'plain_text', text: shorten(itemTitle, LIMITS.sectionText) } },
      {
        type: 'input',
        block_id: DECISION_BLOCK.decision,
        label: { type: 'plain_text', text: 'What did you decide?' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: true,
          max_length: 2000,
          placeholder: {
            type: 'plain_text',
            text: 'Respond to the consultation, drawing on our carers survey',
          },
        },
      },
      {
        type: 'input',
        block_id: DECISION_BLOCK.kind,
        label: { type: 'plain_text', text: 'Decision or action?' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: KIND_OPTIONS,
          initial_option: KIND_OPTIONS[0],
        },
      },
      {
        type: 'input',
        block_id: DECISION_BLOCK.owner,
        optional: true,
        label: { type: 'plain_text', text: 'Who owns it?' },
        element: {
          type: 'users_select',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: 'Choose a person' },
        },
      },
      {
        type: 'input',
        block_id: DECISION_BLOCK.due,
        optional: true,
        label: { type: 'plain_text', text: 'Due date' },
        element: { type: 'datepicker', action_id: 'value' },
      },
    ],
  };
}

export function readDecision(state: Record<string, Record<string, ViewStateValue>> | undefined) {
  const v = (block: string): ViewStateValue | undefined => state?.[block]?.value;
  return {
    decision: v(DECISION_BLOCK.decision)?.value ?? '',
    kind:
      v(DECISION_BLOCK.kind)?.selected_option?.value === 'action'
        ? ('action' as const)
        : ('decision' as const),
    owner: v(DECISION_BLOCK.owner)?.selected_user ?? null,
    dueDate: v(DECISION_BLOCK.due)?.selected_date ?? null,
  };
}
