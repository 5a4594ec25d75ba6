import type { Horizon } from '../../context.js';
import { liftNotRelevant } from '../actions.js';
import { monthLabel } from '../../time.js';
import { fail, ok } from '../reply.js';
import type { CommandContext, Reply } from '../types.js';
import { monthArg, refreshPosted } from './shared.js';

/**
 * "agenda drop" and "agenda add": an editor's say over what the agenda holds. Before posting they shape the
 * draft; after, an added item is posted as a late item with its own thread, and a dropped item's message
 * is updated to say it was taken off (a living agenda).
 */
export async function agendaOverride(
  h: Horizon,
  ctx: CommandContext,
  action: 'drop' | 'add',
  itemText: string | undefined,
  monthText: string | undefined,
): Promise<Reply> {
  const month = monthArg(h, monthText);
  if (typeof month !== 'string') return month;
  const itemId = Number(itemText?.replace('#', ''));
  const item = Number.isInteger(itemId) ? h.store.items.get(itemId) : null;
  if (!item)
    return fail(
      `No item ${itemText ?? ''}.`.replace(' .', '.'),
      'Item ids are shown as #123 in "agenda preview".',
      { exitCode: 2 },
    );
  const posted = Boolean(h.store.agendas.get(month)?.agenda);
  h.store.agendas.setOverride(month, item.id, action, `${ctx.platform}:${ctx.userId}`, h.now().toISOString());
  // Adding an item someone marked "not relevant" is a change of mind: the mark is lifted, or the item
  // would never show.
  const unmarked = action === 'add' && item.notRelevant;
  if (unmarked) liftNotRelevant(h, ctx, item.id);
  const after = posted ? await refreshPosted(h, month) : '';
  return ok(
    action === 'drop'
      ? `Dropped “${item.title}” from the ${monthLabel(month)} agenda.${after}`
      : `Added “${item.title}” to the ${monthLabel(month)} agenda.${unmarked ? ' It had been marked not relevant; that mark is lifted.' : ''}${after}`,
  );
}
