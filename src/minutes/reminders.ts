// Owners hear about their decisions and actions a few days before they are due: one direct message per
// decision, claimed in the store before it is sent, so two processes or a repeated run never send it twice.
import type { AgendaPublisher } from '../chat/types.js';
import { platformSpec } from '../chat/platforms.js';
import type { Horizon } from '../context.js';
import type { Decision } from '../domain.js';
import { addDays, dateIn, shortDate } from '../time.js';
import { kindLabel } from './labels.js';

/** The reminder's words: plain text, which each adapter escapes for its surface. */
export function reminderText(d: Decision, today: string): string {
  const when =
    d.dueDate === today
      ? 'today'
      : d.dueDate! < today
        ? `on ${shortDate(d.dueDate!)} (overdue)`
        : `on ${shortDate(d.dueDate!)}`;
  return `Reminder: ${kindLabel(d).toLowerCase()} #${d.id} is due ${when}: "${d.decision}" (on "${d.itemTitle}", ${d.month}). When it is done, type "decisions done ${d.id}"; to move the date, "decisions due ${d.id} YYYY-MM-DD".`;
}

/** The publishers that could reach this owner: the platform whose id form it has. */
function reachable(publishers: AgendaPublisher[], owner: string): AgendaPublisher[] {
  return publishers.filter((p) => p.sendDirect && platformSpec(p.platform)?.readUser?.(owner) === owner);
}

/**
 * Sends each owner whose open decision falls due within HORIZON_REMINDER_DAYS (today in the organisation's
 * time zone counts) one reminder. Returns the ids reminded.
 */
export async function sendDueReminders(h: Horizon, publishers: AgendaPublisher[]): Promise<number[]> {
  const days = h.config.reminderDays;
  if (days <= 0) return [];
  const today = dateIn(h.now(), h.config.timezone);
  const sent: number[] = [];
  for (const d of h.store.decisions.toRemind(addDays(today, days))) {
    const targets = reachable(publishers, d.owner!);
    // An owner written as a name cannot be messaged; the decision still shows in "decisions" and the header.
    if (targets.length === 0) continue;
    if (!h.store.decisions.claimReminder(d.id, h.now().toISOString())) continue;
    for (const p of targets) {
      try {
        if (await p.sendDirect!(d.owner!, reminderText(d, today))) {
          sent.push(d.id);
          break;
        }
      } catch (err) {
        h.log.warn({ decision: d.id, err: (err as Error).message }, 'could not send a decision reminder');
      }
    }
  }
  return sent;
}
