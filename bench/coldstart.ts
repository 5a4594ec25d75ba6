// Cold start of the `horizon` command as people run it (bin/horizon.js, the bundle `npm run build`
// makes), against `node -e 0`, interleaved run by run in the same bench: `--help`, `status`, and
// `start` until GET /healthz answers, with no chat platform configured.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../src/paths.js';
import { type BenchResult, goal, interleaved, median, round } from './types.js';

const ROUNDS = 11;
const BIN = projectPath('bin', 'horizon.js');

/** Settings of the developer's shell must not reach the measured process (a Slack token would load Bolt). */
function cleanEnv(dbPath: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(HORIZON_|SLACK_|MICROSOFT_|TEAMS_|PORT$|NODE_OPTIONS$)/.test(k)) env[k] = v;
  return { ...env, HORIZON_DB: dbPath, HORIZON_LOG_LEVEL: 'silent', ...extra };
}

function seconds(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(Number(process.hrtime.bigint() - start) / 1e9)
        : reject(new Error(`node ${args.join(' ')} exited with ${code}: ${err.trim().slice(0, 500)}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode < 500);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => req.destroy());
  });
}

/** `horizon start` until /healthz answers; then the process is stopped. */
async function startSeconds(dbPath: string, cwd: string): Promise<number> {
  const port = await freePort();
  const begin = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: cleanEnv(dbPath, { PORT: String(port) }),
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    for (;;) {
      if (gone) throw new Error(`horizon start exited before /healthz answered: ${err.trim().slice(0, 500)}`);
      if (Number(process.hrtime.bigint() - begin) / 1e9 > 30)
        throw new Error('horizon start: /healthz did not answer within 30 s');
      if (await healthy(port)) return Number(process.hrtime.bigint() - begin) / 1e9;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The packages from node_modules a command loads, and how many files in all (once, with an import hook). */
function loads(args: string[], env: NodeJS.ProcessEnv, cwd: string, dir: string): string {
  const log = join(dir, `imports-${args.join('-')}.log`);
  execFileSync(
    process.execPath,
    ['--import', projectPath('test', 'support', 'record-imports.mjs'), BIN, ...args],
    { env: { ...env, HORIZON_IMPORT_LOG: log }, cwd, stdio: 'ignore' },
  );
  const urls = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].filter((u) =>
    u.startsWith('file:'),
  );
  const packages = new Set(
    urls.flatMap((u) => {
      const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
      return m ? [m[1]!] : [];
    }),
  );
  return `loads ${urls.length} files; packages from node_modules: ${[...packages].sort().join(', ') || 'none'}`;
}

export async function benchColdStart(): Promise<BenchResult[]> {
  // Measure the code as it is now: bundle it the way `npm run build` does.
  execFileSync(process.execPath, [projectPath('scripts', 'bundle-cli.mjs')], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'horizon-bench-cold-'));
  try {
    const dbPath = join(dir, 'h.db');
    const env = cleanEnv(dbPath);
    // The database exists and is migrated, as on any day but the first.
    await seconds([BIN, 'status'], env, dir);
    const samples = await interleaved(ROUNDS, {
      node: () => seconds(['-e', '0'], env, dir),
      help: () => seconds([BIN, '--help'], env, dir),
      status: () => seconds([BIN, 'status'], env, dir),
      start: () => startSeconds(dbPath, dir),
    });
    const base = median(samples.node);
    const baseline = { name: '`node -e 0`', value: round(base, 3) };
    const row = (name: string, s: number[], what: string): BenchResult => {
      const m = median(s);
      const r = goal(
        { name, value: round(m, 3), unit: 's', baseline, ratio: round(m / base, 1) },
        { max: 0.4, maxRatio: 4 },
      );
      return {
        ...r,
        note: `median of ${ROUNDS}, interleaved with the baseline; ${what}${r.met ? '' : `. Not met: ${why(name)}`}`,
      };
    };
    return [
      row('`horizon --help`', samples.help, loads(['--help'], env, dir, dir)),
      row('`horizon status`', samples.status, loads(['status'], env, dir, dir)),
      row(
        '`horizon start` until GET /healthz answers (no chat platform configured)',
        samples.start,
        'the console adapter, the scheduler and the HTTP server',
      ),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What is left when a start-up row misses its goal. */
function why(name: string): string {
  if (name.includes('start'))
    return 'start also opens and checks the database (integrity check), starts the scheduler and the HTTP server';
  return 'most of what is left is compiling the bundled settings validation (zod), the command list and their helpers';
}
