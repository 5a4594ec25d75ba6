// A living agenda: an item that changes after it is posted (its deadline moves, its title is corrected, a
// fund closes early, an editor drops it) is updated in place, with one line in its thread saying what
// changed; an item an editor adds after posting goes out as a late item with its own thread.
import type { Horizon } from '../context.js';
import type { Agenda, AgendaItem, FeedItem, Stage, StageGuide } from '../domain.js';
import { ALL_STAGES, agendaItems } from '../domain.js';
import { dateIn, daysBetween, shortDate } from '../time.js';
import { guidesOf, themeNamer } from './guides.js';
import { effectiveStage, isClosed, toAgendaItem } from './select.js';

/** The fields of an item its message shows that a change is told by. Compared to find changed items. */
export interface ShownItem {
  title: string;
  link: string | null;
  stage: Stage;
  deadline: string | null;
  closed: boolean;
  amount: string | null;
  dropped: boolean;
}

export function shownOf(item: AgendaItem): ShownItem {
  return {
    title: item.title,
    link: item.link,
    stage: item.stage,
    deadline: item.deadline?.date ?? null,
    closed: Boolean(item.closed),
    amount: item.amount?.text ?? null,
    dropped: Boolean(item.dropped),
  };
}

export function sameShown(a: ShownItem, b: ShownItem): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What the header shows that follows its items: the count per stage and the closing-soon list. Compared,
 * as JSON, to find a header to update. The days left are not in it: they change every day by themselves.
 */
export function headerShown(agenda: Agenda): string {
  return JSON.stringify({
    counts: ALL_STAGES.map((s) => agenda.counts[s] ?? 0),
    deadlines: agenda.deadlines.map((d) => [
      d.itemId,
      d.title,
      d.link,
      d.deadline.date,
      d.amount?.text ?? null,
    ]),
  });
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "5 Oct", with the year only when the two dates compared are in different years. */
function day(date: string, other: string | null): string {
  const [y, m, d] = date.split('-');
  const base = `${Number(d)} ${MONTHS[Number(m) - 1] ?? m}`;
  return other && other.slice(0, 4) !== y ? `${base} ${y}` : base;
}

const TITLE_MAX = 120;

function quoted(text: string): string {
  return `“${text.length > TITLE_MAX ? `${text.slice(0, TITLE_MAX - 1)}…` : text}”`;
}

/**
 * One short line saying what changed, as plain text (each platform escapes it for its surface):
 * "Deadline moved from 5 Oct to 12 Oct". Null when nothing a reader would notice changed.
 */
export function describeChange(
  before: ShownItem,
  after: ShownItem,
  guides: Partial<Record<Stage, StageGuide>>,
): string | null {
  const bits: string[] = [];
  if (after.dropped && !before.dropped) bits.push('Taken off this month’s agenda by an editor');
  if (!after.dropped && before.dropped) bits.push('Back on this month’s agenda');
  if (before.title !== after.title) bits.push(`Title corrected to ${quoted(after.title)}`);
  if (before.deadline !== after.deadline) {
    if (before.deadline && after.deadline)
      bits.push(
        `Deadline moved from ${day(before.deadline, after.deadline)} to ${day(after.deadline, before.deadline)}`,
      );
    else if (after.deadline) bits.push(`Deadline set: ${day(after.deadline, null)}`);
    else bits.push('Deadline removed');
  }
  if (after.closed && !before.closed)
    bits.push(after.deadline ? `Now closed (closed ${day(after.deadline, null)})` : 'Now closed');
  if (!after.closed && before.closed) bits.push('Open again');
  if (before.stage !== after.stage) {
    const label = (s: Stage) => guides[s]?.label ?? s;
    bits.push(`Stage changed from ${label(before.stage)} to ${label(after.stage)}`);
  }
  if (before.amount !== after.amount)
    bits.push(after.amount ? `Amount now ${after.amount}` : 'Amount removed');
  if (before.link !== after.link) bits.push('Link updated');
  if (bits.length === 0) return null;
  const line = bits.join('; ');
  return line.endsWith('.') ? line : `${line}.`;
}

/**
 * The frozen agenda brought up to date with the store: each item's title, link, stage, deadline and
 * amount as they now stand, editors' drops marked, and items editors added since posting appended as
 * late items. Returns null when nothing changed. Pure apart from reading the store.
 */
export function reviseAgenda(h: Horizon, agenda: Agenda): Agenda | null {
  const before = JSON.stringify(agenda);
  const today = dateIn(h.now(), h.config.timezone);
  const nowIso = h.now().toISOString();
  const edits = h.store.agendas.overrides(agenda.month);
  const guides = agenda.guides ?? guidesOf(h.taxonomy);
  const guide = (stage: Stage) => guides[stage] ?? guidesOf(h.taxonomy)[stage];

  for (const item of agendaItems(agenda)) {
    const fresh = h.store.items.get(item.itemId);
    if (!fresh) continue;
    const deadline = fresh.tagging.deadline;
    // A deadline that simply passes is not news; one that moves (a fund closing early) is.
    if ((deadline?.date ?? null) !== (item.deadline?.date ?? null)) {
      if (fresh && isClosed(fresh, today)) item.closed = true;
      else delete item.closed;
    }
    const moved = (deadline?.date ?? null) !== (item.deadline?.date ?? null);
    const amountChanged = (fresh.tagging.amount?.text ?? null) !== (item.amount?.text ?? null);
    if (moved || amountChanged) item.why = reviseWhy(item, fresh, h, today, guide);
    item.deadline = deadline;
    item.title = fresh.title;
    item.link = fresh.link;
    item.amount = fresh.tagging.amount;
    const stage = effectiveStage(fresh);
    if (stage !== item.stage) {
      item.stage = stage;
      item.prompt = guide(stage).prompt;
    }
    if (edits.drop.has(item.itemId)) item.dropped = true;
    else delete item.dropped;
  }

  const present = new Set(agendaItems(agenda).map((i) => i.itemId));
  for (const id of edits.add) {
    if (present.has(id)) continue;
    const fresh = h.store.items.get(id);
    if (!fresh || fresh.effectiveAt > nowIso) continue;
    const item: AgendaItem = {
      ...toAgendaItem({ item: fresh, coverage: h.store.items.storyCoverage(fresh.storyKey) }, 0, {
        today,
        guide,
        themeName: themeNamer(h.taxonomy),
      }),
      late: true,
    };
    let section = agenda.sections.find((s) => s.stage === item.stage);
    if (!section) {
      section = { stage: item.stage, guide: guide(item.stage), items: [] };
      agenda.sections.push(section);
      agenda.sections.sort((a, b) => ALL_STAGES.indexOf(a.stage) - ALL_STAGES.indexOf(b.stage));
    }
    section.items.push(item);
  }
  reviseHeader(h, agenda, today);
  return JSON.stringify(agenda) === before ? null : agenda;
}

/**
 * The header's counts and closing-soon list brought in line with the items: the counts leave out dropped
 * items and take in late ones; a deadline entry follows its item's title, link, money and closing date,
 * and goes when its date moved into the past (the call closed early), the item was marked not relevant,
 * or it has no date now (as building the agenda would leave it out).
 */
function reviseHeader(h: Horizon, agenda: Agenda, today: string): void {
  const counts = Object.fromEntries(ALL_STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  for (const item of agendaItems(agenda)) if (!item.dropped) counts[item.stage] += 1;
  agenda.counts = counts;
  agenda.deadlines = agenda.deadlines.flatMap((d) => {
    const fresh = h.store.items.get(d.itemId);
    const deadline = fresh?.tagging.deadline;
    if (!fresh || !deadline || fresh.notRelevant) return [];
    const moved = deadline.date !== d.deadline.date;
    if (moved && deadline.date < today) return [];
    return [
      {
        ...d,
        title: fresh.title,
        link: fresh.link,
        amount: fresh.tagging.amount,
        deadline: moved ? deadline : d.deadline,
        daysLeft: moved ? daysBetween(today, deadline.date) : d.daysLeft,
      },
    ];
  });
  agenda.deadlines.sort((a, b) => a.deadline.date.localeCompare(b.deadline.date) || a.itemId - b.itemId);
}

/**
 * The "why it is here" lines with the deadline and money lines as they now stand; the other lines (stage
 * signals, what the profile or 360Giving added) are kept as posted.
 */
function reviseWhy(
  item: AgendaItem,
  fresh: FeedItem,
  h: Horizon,
  today: string,
  guide: (stage: Stage) => StageGuide,
): string[] {
  const stale = (line: string) =>
    (item.deadline && line.includes(shortDate(item.deadline.date))) ||
    (item.amount && line === `Money: ${item.amount.text}`);
  const current = toAgendaItem({ item: fresh, coverage: 1 }, 0, { today, guide }).why.filter(
    (line) =>
      (fresh.tagging.deadline && line.includes(shortDate(fresh.tagging.deadline.date))) ||
      line.startsWith('Money: '),
  );
  const kept = item.why.filter((line) => !stale(line));
  return [...kept, ...current.filter((line) => !kept.includes(line))];
}

/** Brings the month's frozen agenda up to date; null when the month has not been posted. */
export function reviseFrozen(
  h: Horizon,
  month: string,
): { id: number; before: Agenda; after: Agenda } | null {
  return h.store.agendas.revise(month, (agenda) => reviseAgenda(h, agenda));
}
