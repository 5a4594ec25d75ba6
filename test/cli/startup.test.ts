import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'horizon-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `horizon ARGS` in a fresh Node and returns the packages it loaded. */
async function packagesLoaded(args: string[]): Promise<Set<string>> {
  const log = join(dir, `${args.join('-')}.log`);
  await run(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      projectPath('test', 'support', 'record-imports.mjs'),
      '--input-type=module',
      '-e',
      `const { main } = await import(${JSON.stringify(projectPath('app', 'cli', 'main.ts'))});
       process.exitCode = await main(process.argv.slice(1));`,
      ...args,
    ],
    {
      cwd: projectPath(),
      env: {
        ...process.env,
        HORIZON_IMPORT_LOG: log,
        HORIZON_DB: join(dir, 'h.db'),
        HORIZON_LOG_LEVEL: 'silent',
      },
    },
  );
  const urls = readFileSync(log, 'utf8').split('\n');
  return new Set(
    urls.flatMap((u) => {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
      return m ? [m[1]!] : [];
    }),
  );
}

const HEAVY = [
  '@slack/bolt',
  '@slack/web-api',
  'botbuilder',
  'botframework-connector',
  '@resvg/resvg-js',
  'wink-nlp',
  'wink-eng-lite-web-model',
];

describe('a quick command starts quickly', () => {
  it.concurrent.each([['help'], ['status'], ['feeds', 'list']])(
    '`horizon %s` loads no chat SDK, no chart renderer and no language model',
    async (...args) => {
      const loaded = await packagesLoaded(args);
      expect(loaded.has('commander')).toBe(true);
      expect(HEAVY.filter((p) => loaded.has(p))).toEqual([]);
    },
  );
});
