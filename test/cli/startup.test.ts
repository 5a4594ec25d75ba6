import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
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

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
}

describe('`horizon start` answers GET /healthz before loading what only later work needs', () => {
  it('has not loaded the feed parser, the chart renderer, the YAML parser or an NLP model when /healthz first answers', async () => {
    const log = join(dir, 'start.log');
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        projectPath('test', 'support', 'record-imports.mjs'),
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(projectPath('app', 'cli', 'main.ts'))});
         await main(['start']);`,
      ],
      {
        cwd: projectPath(),
        stdio: 'ignore',
        env: {
          ...process.env,
          HORIZON_IMPORT_LOG: log,
          HORIZON_DB: join(dir, 'start.db'),
          HORIZON_LOG_LEVEL: 'silent',
          PORT: String(port),
        },
      },
    );
    try {
      let answer: { status: number; body: { checks: Record<string, { ok: boolean }> } } | null = null;
      for (let i = 0; i < 600 && !answer; i++) {
        answer = await fetch(`http://127.0.0.1:${port}/healthz`)
          .then(async (r) => ({ status: r.status, body: (await r.json()) as never }))
          .catch(() => null);
        if (!answer) await new Promise((r) => setTimeout(r, 50));
      }
      const loaded = readFileSync(log, 'utf8');
      // The answer is the whole truth, checks included, not a bare "up".
      expect(answer?.status).toBe(200);
      expect(Object.keys(answer!.body.checks)).toEqual(
        expect.arrayContaining(['store', 'agenda', 'scheduler', 'console']),
      );
      expect(answer!.body.checks.store!.ok).toBe(true);
      for (const pkg of [...HEAVY, 'rss-parser', 'iconv-lite', 'yaml', 'html-to-text'])
        expect(loaded, pkg).not.toMatch(new RegExp(`node_modules/${pkg}/`));
      expect(loaded).not.toMatch(/src\/ingest\/scan\.ts/);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
