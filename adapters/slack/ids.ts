// The action and view ids Slack sends back to us. One list, so the renderers and the handlers agree.
export const ACTION = {
  recordDecision: 'horizon_record_decision',
  changeStage: 'horizon_change_stage',
  changeThemes: 'horizon_change_themes',
  notRelevant: 'horizon_not_relevant',
  homeAddFeed: 'horizon_home_add_feed',
  homeDrop: 'horizon_home_drop',
  homeStage: 'horizon_home_stage',
} as const;

export const VIEW = {
  addFeed: 'horizon_add_feed',
  decision: 'horizon_decision',
  themes: 'horizon_themes',
} as const;

/** Slack's message metadata type for agenda messages, so a restart can find what was already posted. */
export const AGENDA_EVENT_TYPE = 'horizon_agenda_part';

/** What an item button carries: the item and the agenda month it was posted in. */
export interface ItemRef {
  itemId: number;
  month: string;
}

export function encodeItemRef(ref: ItemRef): string {
  return `${ref.itemId}:${ref.month}`;
}

/**
 * Where a form about an item was opened, kept in the form's private metadata: the item and month, and
 * the channel (and thread) to answer in.
 */
export interface ItemFormContext extends ItemRef {
  channel?: string;
  threadTs?: string;
}

/** A form's context back from its private metadata; null when it cannot be read (the form is stale). */
export function readItemFormContext(privateMetadata: string | undefined): ItemFormContext | null {
  try {
    const v = JSON.parse(privateMetadata ?? '') as Partial<ItemFormContext>;
    if (typeof v.itemId !== 'number' || typeof v.month !== 'string') return null;
    return {
      itemId: v.itemId,
      month: v.month,
      channel: typeof v.channel === 'string' ? v.channel : undefined,
      threadTs: typeof v.threadTs === 'string' ? v.threadTs : undefined,
    };
  } catch {
    return null;
  }
}

export function decodeItemRef(value: string | undefined): ItemRef | null {
  const m = /^(\d{1,12}):(\d{4}-\d{2})$/.exec(value ?? '');
  return m ? { itemId: Number(m[1]), month: m[2]! } : null;
}
