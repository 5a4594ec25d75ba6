import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { projectPath } from '../../src/paths.js';
import type { TestHorizon } from '../ingest/helpers.js';

export const API_FIXTURES = projectPath('test', 'fixtures', 'apis');

export function apiFixture(relative: string): Buffer {
  return readFileSync(join(API_FIXTURES, relative));
}

export function apiJson<T = unknown>(relative: string): T {
  return JSON.parse(apiFixture(relative).toString('utf8')) as T;
}

/** Points a test Horizon's structured sources at a local server. */
export function useServices(
  h: TestHorizon,
  base: string,
  more: Partial<TestHorizon['config']['sources']> = {},
): void {
  h.config = {
    ...h.config,
    sources: { ...h.config.sources, govukUrl: base, billsApiUrl: base, enrich: true, ...more },
  };
}

/** A logger that keeps what it writes, so a test can read the warnings. */
export function capturingLogger(): { log: TestHorizon['log']; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}
