import { isTimeZone } from '../config.js';
import type { Horizon } from '../context.js';
import { monthOf } from '../time.js';
import { type AgendaRule, nextDue, parseAgendaRule, ScheduleError } from './rule.js';

export interface AgendaSchedule {
  rule: AgendaRule;
  timezone: string;
}

const KEY = 'agenda.schedule';

/** The agenda schedule: what an admin set with "schedule set", else the environment's default. */
export function agendaSchedule(h: Horizon): AgendaSchedule {
  const stored = h.store.settings.get<{ spec: string; timezone: string } | null>(KEY, null);
  const spec = stored?.spec ?? h.config.agendaSchedule;
  return { rule: parseAgendaRule(spec), timezone: stored?.timezone ?? h.config.timezone };
}

export { isTimeZone };

// Who wants to hear that the schedule changed: the running scheduler, to re-arm its timer at once.
const watchers = new WeakMap<object, Set<() => void>>();

/** Calls `fn` whenever "schedule set" changes this database's agenda schedule; returns how to stop. */
export function watchSchedule(db: object, fn: () => void): () => void {
  let set = watchers.get(db);
  if (!set) watchers.set(db, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

export function setAgendaSchedule(h: Horizon, spec: string, timezone?: string): AgendaSchedule {
  const rule = parseAgendaRule(spec);
  const zone = timezone ?? agendaSchedule(h).timezone;
  if (!isTimeZone(zone))
    throw new ScheduleError(`"${zone}" is not a time zone; use a name such as Europe/London.`);
  h.store.settings.set(KEY, { spec: rule.text, timezone: zone }, h.now().toISOString());
  for (const fn of watchers.get(h.store) ?? []) fn();
  return { rule, timezone: zone };
}

/** When the next agenda is due; a month whose agenda is already posted (early, by hand) is skipped. */
export function nextAgendaAt(h: Horizon): Date | null {
  const s = agendaSchedule(h);
  let after = h.now();
  for (let i = 0; i < 3; i++) {
    const next = nextDue(s.rule, after, s.timezone);
    if (!next || h.store.agendas.get(monthOf(next, s.timezone))?.status !== 'posted') return next;
    after = next;
  }
  return null;
}
