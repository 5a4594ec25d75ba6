import { DateTime } from 'luxon';
import { nextDue, parseAgendaRule } from '../src/schedule/rule.js';
import { type BenchResult, goal, median } from './types.js';

/** Every rule form "schedule set" takes (see test/schedule/rule.test.ts); the cron ones include the slow cases of the old search. */
const RULES = [
  'first monday 09:00',
  'last friday 16:30',
  '2nd tuesday at 10:30',
  'day 28 08:05',
  '0 9 1 * *',
  '0 9 31 * *',
  '0 9 29 2 *',
  '0 9 1-7 * 1',
  '*/15 * * * *',
  '0 17 * * 5#L',
];

function perCallMs(fn: () => void, calls: number): number {
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) fn();
    runs.push(Number(process.hrtime.bigint() - start) / 1e6 / calls);
  }
  return median(runs);
}

/**
 * The next run of each rule form, computed directly by croner in Europe/London, against the old way's
 * floor: stepping through one month a minute at a time (44,640 steps, before even testing each one).
 */
export async function benchSchedule(): Promise<BenchResult[]> {
  const zone = 'Europe/London';
  const after = new Date('2026-03-10T10:00:00Z');
  const rules = RULES.map((r) => parseAgendaRule(r));
  for (const r of rules) nextDue(r, after, zone); // warm: patterns parsed and cached once
  const worst = Math.max(...rules.map((r) => perCallMs(() => nextDue(r, after, zone), 200)));
  const walk = perCallMs(() => {
    const start = DateTime.fromJSDate(after, { zone }).startOf('month');
    const end = start.plus({ months: 1 });
    for (let t = start; t < end; t = t.plus({ minutes: 1 }));
  }, 1);
  return [
    goal(
      {
        name: `next run, slowest of ${RULES.length} rule forms`,
        value: worst * 1000,
        unit: 'µs',
        baseline: { name: 'walking one month minute by minute', value: walk * 1000 },
        ratio: Math.round((worst / walk) * 10000) / 10000,
        note: 'under 1 ms each, so a Slack handler answers in time',
      },
      { max: 1000 },
    ),
  ];
}
