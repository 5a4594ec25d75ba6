import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createLanguageModel, type LanguageModel } from '../../src/llm/model.js';
import { createStore, type Store } from '../../src/store/index.js';
import { loadTaxonomy } from '../../src/tagging/taxonomy.js';
import type { Logger } from '../../src/log.js';

export const KEY = 'sk-test-5f3c9a1be0d74c2a8e6b';

const cleanups: (() => void | Promise<void>)[] = [];

export async function cleanup(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!();
}

export function onCleanup(fn: () => void | Promise<void>): void {
  cleanups.push(fn);
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'horizon-llm-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function dbAt(path: string): Store {
  const db = createStore(path);
  cleanups.push(() => {
    if (db.open) db.close();
  });
  return db;
}

/** A logger at debug level whose lines the test can read. */
export function capturedLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

export const taxonomy = loadTaxonomy();

export function llmConfig(baseUrl: string, env: Record<string, string> = {}) {
  return loadConfig({
    HORIZON_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    HORIZON_LLM_URL: baseUrl,
    HORIZON_LLM_MODEL: 'gpt-4o-mini',
    HORIZON_LLM_API_KEY: KEY,
    HORIZON_LLM_TIMEOUT_MS: '2000',
    ...env,
  });
}

/** A language model over the test server, on a real SQLite store. */
export function model(
  store: Store,
  baseUrl: string,
  env: Record<string, string> = {},
  log: Logger = pino({ level: 'silent' }),
): LanguageModel {
  const config = llmConfig(baseUrl, env);
  return createLanguageModel({
    config: config.llm!,
    allowPrivateHosts: config.allowPrivateHosts,
    store,
    taxonomy,
    log,
  });
}
