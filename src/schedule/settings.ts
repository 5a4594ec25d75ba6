import type { Horizon } from '../context.js';
import { getSetting, setSetting } from '../store/settings.js';
import { type AgendaRule, nextDue, parseAgendaRule, ScheduleError } from './rule.js';

export interface AgendaSchedule {
  rule: AgendaRule;
  timezone: string;
}

const KEY = 'agenda.schedule';

/** The agenda schedule: what an admin set with "schedule set", else the environment's default. */
export function agendaSchedule(h: Horizon): AgendaSchedule {
  const stored = getSetting<{ spec: string; timezone: string } | null>(h.db, KEY, null);
  const spec = stored?.spec ?? h.config.agendaSchedule;
  return { rule: parseAgendaRule(spec), timezone: stored?.timezone ?? h.config.timezone };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function setAgendaSchedule(h: Horizon, spec: string, timezone?: string): AgendaSchedule {
  const rule = parseAgendaRule(spec);
  const zone = timezone ?? agendaSchedule(h).timezone;
  if (!isTimeZone(zone))
    throw new ScheduleError(`"${zone}" is not a time zone; use a name such as Europe/London.`);
  setSetting(h.db, KEY, { spec: rule.text, timezone: zone }, h.now().toISOString());
  return { rule, timezone: zone };
}

export function nextAgendaAt(h: Horizon): Date | null {
  const s = agendaSchedule(h);
  return nextDue(s.rule, h.now(), s.timezone);
}
