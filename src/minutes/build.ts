// The month's minutes, built from three things only: the agenda as it was posted, how much each item's
// thread was discussed (the replies store's counts), and the decisions recorded. Pure functions, so the
// same minutes come out of a preview, a post and the Markdown for board papers.
import type { Agenda, Decision, Minutes, MinutesItem, UndecidedItem } from '../domain.js';
import { agendaItems } from '../domain.js';

/** How much one item was discussed (the shape of the replies store's statsForMonth rows). */
export interface ItemDiscussion {
  itemId: number;
  replies: number;
  participants: string[];
}

const STATUS_ORDER = { open: 0, done: 1, dropped: 2 } as const;

function byStatus(a: Decision, b: Decision): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') ||
    a.id - b.id
  );
}

export function buildMinutes(
  agenda: Agenda,
  discussion: readonly ItemDiscussion[],
  decisions: readonly Decision[],
  generatedAt: string,
): Minutes {
  const stats = new Map(discussion.map((d) => [d.itemId, d]));
  const items: MinutesItem[] = agendaItems(agenda).map((item) => {
    const s = stats.get(item.itemId);
    return {
      itemId: item.itemId,
      title: item.title,
      link: item.link,
      stage: item.stage,
      stageLabel: agenda.guides?.[item.stage]?.label ?? item.stage,
      replies: s?.replies ?? 0,
      participants: s?.participants ?? [],
      decisions: decisions.filter((d) => d.itemId === item.itemId).sort(byStatus),
    };
  });
  const onAgenda = new Set(items.map((i) => i.itemId));
  // A decision on an item not on the posted agenda (a late item, one decided from the shell) still counts.
  for (const d of decisions) {
    if (onAgenda.has(d.itemId)) continue;
    onAgenda.add(d.itemId);
    const s = stats.get(d.itemId);
    items.push({
      itemId: d.itemId,
      title: d.itemTitle,
      link: null,
      stage: 'unknown',
      stageLabel: agenda.guides?.unknown?.label ?? 'unknown',
      replies: s?.replies ?? 0,
      participants: s?.participants ?? [],
      decisions: decisions.filter((x) => x.itemId === d.itemId).sort(byStatus),
    });
  }
  const discussed = items
    .filter((i) => i.replies > 0 || i.decisions.length > 0)
    .sort((a, b) => b.replies - a.replies || b.decisions.length - a.decisions.length);
  const participants: string[] = [];
  for (const i of discussed)
    for (const p of i.participants) if (!participants.includes(p)) participants.push(p);
  return {
    month: agenda.month,
    generatedAt,
    discussed,
    decisions: [...decisions].sort(byStatus),
    undiscussed: items.filter((i) => i.replies === 0 && i.decisions.length === 0),
    participants,
    totalReplies: discussed.reduce((n, i) => n + i.replies, 0),
  };
}

/** Items that were talked about but have no decision: next month's header asks about them again. */
export function undecidedItems(minutes: Minutes): UndecidedItem[] {
  return minutes.discussed
    .filter((i) => i.replies > 0 && i.decisions.length === 0)
    .map((i) => ({ itemId: i.itemId, title: i.title, link: i.link, replies: i.replies }));
}
