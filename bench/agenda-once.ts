// One agenda measurement, for bench/agenda.ts: as a script (`tsx bench/agenda-once.ts subject|baseline
// FILE`) it measures once in this fresh process and prints the sample as JSON; imported, it keeps one
// handle open for warm runs.
import Database from 'better-sqlite3';
import { pathToFileURL } from 'node:url';
import { buildAgenda } from '../src/agenda/build.js';
import { agendaEnrichers } from '../src/agenda/enrich.js';
import { agendaItems } from '../src/domain.js';
import { createHorizon } from '../src/horizon.js';
import { silentLogger } from '../src/log.js';
import { monthBounds } from '../src/time.js';

const MONTH = '2026-03';
const NOW = '2026-04-01T06:00:00.000Z';

export interface Sample {
  ms: number;
  rows?: number;
  items?: number;
  candidates?: number;
  movements?: number;
}

const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

/**
 * Opens the subject (Horizon's store, read-only as `agenda preview` opens it) or the baseline (the file
 * itself) and returns a run that measures one agenda build, or one bare SELECT of the month's rows.
 * The opening is timed too, and counted in the first run only (what a new process pays).
 */
export async function measureOnce(
  mode: 'subject' | 'baseline',
  path: string,
  warm = false,
): Promise<{ run(): Sample; close(): void }> {
  let opening = process.hrtime.bigint();
  if (mode === 'subject') {
    const h = createHorizon({
      env: { HORIZON_DB: path },
      readonly: true,
      log: silentLogger,
      now: () => new Date(NOW),
    });
    return {
      run() {
        const t = warm ? process.hrtime.bigint() : opening;
        const agenda = buildAgenda(h, MONTH, agendaEnrichers(h));
        const ms = since(t);
        opening = process.hrtime.bigint();
        return {
          ms,
          items: agendaItems(agenda).length,
          candidates: agenda.candidateCount,
          movements: agenda.movements.length,
        };
      },
      close: () => h.store.close(),
    };
  }
  const db = new Database(path, { readonly: true });
  const { start, end } = monthBounds(MONTH, 'Europe/London');
  return {
    run() {
      const t = warm ? process.hrtime.bigint() : opening;
      const rows = db
        .prepare('SELECT * FROM items WHERE effective_at >= ? AND effective_at < ?')
        .all(start, end);
      return { ms: since(t), rows: rows.length };
    },
    close: () => db.close(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [mode, path] = process.argv.slice(2);
  const m = await measureOnce(mode === 'baseline' ? 'baseline' : 'subject', path!);
  process.stdout.write(`${JSON.stringify(m.run())}\n`);
  m.close();
}
