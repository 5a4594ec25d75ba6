import { DateTime } from 'luxon';
import type { BillFacts, GovukFacts, ParsedItem, SourceFacts, SourceSignal } from '../domain.js';
import { loadSourceMapping, type SourceMapping, type StageReading } from './mapping.js';

/** GOV.UK's dates are UK dates: a consultation "closing 31 October at 5pm" closes on the 31st in London. */
const UK = 'Europe/London';

function ukDate(iso: string): string | null {
  const d = DateTime.fromISO(iso, { setZone: true });
  return d.isValid ? d.setZone(UK).toISODate() : null;
}

/** "12 March", or "12 March 2027" when it is not this year. */
function spoken(iso: string, now: Date): string {
  const d = DateTime.fromISO(iso, { setZone: true }).setZone(UK);
  const sameYear = d.year === DateTime.fromJSDate(now, { zone: UK }).year;
  return d.toFormat(sameYear ? 'd LLLL' : 'd LLLL yyyy');
}

function before(iso: string | null, now: Date): boolean {
  if (!iso) return false;
  const t = Date.parse(iso);
  return Number.isFinite(t) && t <= now.getTime();
}

const FAMILIES = ['call_for_evidence', 'consultation'] as const;

/**
 * What a GOV.UK page is now, read against the clock rather than from its type alone: a page still typed
 * "open_consultation" after its closing date is a closed consultation. Returns the key to look up in the
 * mapping, and which table it belongs to.
 */
export function govukState(f: GovukFacts, now: Date): { key: string; table: 'types' | 'states' } {
  if (f.withdrawnAt) return { key: 'withdrawn', table: 'states' };
  const family = FAMILIES.find((x) => f.documentType.includes(x) || f.schemaName === x);
  if (family) {
    if (f.documentType.endsWith('_outcome') || before(f.outcomeAt, now))
      return { key: `${family}_outcome`, table: 'types' };
    if (f.openingDate && !before(f.openingDate, now)) return { key: family, table: 'types' };
    if (f.closingDate && before(f.closingDate, now)) return { key: `closed_${family}`, table: 'types' };
    if (f.openingDate || f.closingDate) return { key: `open_${family}`, table: 'types' };
  }
  if (f.statisticsState === 'cancelled') return { key: 'statistics_cancelled', table: 'states' };
  if (f.releaseDateChanged) return { key: 'statistics_delayed', table: 'states' };
  return { key: f.documentType, table: 'types' };
}

function signalOf(reading: StageReading, text: string): SourceSignal {
  return reading
    ? { stage: reading.stage, decisive: reading.decisive, text }
    : { stage: null, decisive: false, text };
}

/** Is this fact in the mapping at all? A missing one is a decision nobody has made yet. */
export function isMapped(facts: SourceFacts, mapping: SourceMapping, now: Date): boolean {
  if (facts.source === 'govuk') {
    const s = govukState(facts, now);
    return (s.table === 'types' ? mapping.govukTypes : mapping.govukStates).has(s.key);
  }
  return mapping.billStages.has(facts.stage.toLowerCase());
}

export function govukSignals(f: GovukFacts, mapping: SourceMapping, now: Date): SourceSignal[] {
  const state = govukState(f, now);
  const reading = (state.table === 'types' ? mapping.govukTypes : mapping.govukStates).get(state.key);
  if (reading === undefined) return [];
  let text = `GOV.UK says: ${reading?.says ?? state.key.replace(/_/g, ' ')}`;
  const closing = f.closingDate ? ukDate(f.closingDate) : null;
  if (state.key.startsWith('open_') && f.closingDate) text += `, closes ${spoken(f.closingDate, now)}`;
  else if (FAMILIES.includes(state.key as (typeof FAMILIES)[number]) && f.openingDate)
    text += `, opens ${spoken(f.openingDate, now)}`;
  else if (state.key.startsWith('closed_') && f.closingDate)
    text += ` (closed ${spoken(f.closingDate, now)})`;
  const signal = signalOf(reading, text);
  // The closing date stays with the item whatever its state: once past, it simply stops being "coming up".
  if (closing && FAMILIES.some((x) => state.key.includes(x)))
    signal.deadline = { date: closing, text: `closes ${spoken(f.closingDate!, now)}`, kind: 'consultation' };
  return [signal];
}

export function billSignals(f: BillFacts, mapping: SourceMapping): SourceSignal[] {
  const where = f.house ? ` (${f.house})` : '';
  const state = f.isAct ? 'act' : f.withdrawn ? 'withdrawn' : f.defeated ? 'defeated' : null;
  const reading = state ? mapping.billStates.get(state) : mapping.billStages.get(f.stage.toLowerCase());
  if (reading === undefined) return [];
  return [signalOf(reading, `Parliament says: ${reading?.says ?? f.stage}${state ? '' : where}`)];
}

/** The signals a source's facts give at this moment. */
export function signalsFor(
  facts: SourceFacts | undefined,
  mapping: SourceMapping,
  now: Date,
): SourceSignal[] {
  if (!facts) return [];
  return facts.source === 'govuk' ? govukSignals(facts, mapping, now) : billSignals(facts, mapping);
}

/**
 * When the facts will next mean something else by the clock alone (a consultation opening or closing),
 * so the item can be tagged again then; null when nothing is due to change.
 */
export function factsChangeAt(facts: SourceFacts | undefined, now: Date): string | null {
  if (!facts || facts.source !== 'govuk' || facts.withdrawnAt) return null;
  const due = [facts.openingDate, facts.closingDate]
    .map((d) => (d ? Date.parse(d) : NaN))
    .filter((t) => Number.isFinite(t) && t > now.getTime())
    .sort((a, b) => a - b);
  return due.length ? new Date(due[0]!).toISOString() : null;
}

/** True when the item's source states its stage outright, so no guess (rules or model) is needed. */
export function decidedBySource(p: Pick<ParsedItem, 'facts'>, now: Date): boolean {
  return signalsFor(p.facts, loadSourceMapping(), now).some((s) => s.decisive && s.stage !== null);
}
