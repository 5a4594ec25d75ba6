import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { projectPath } from '../../src/paths.js';

const PREFIX = '@@horizon-cli ';

export interface CliProcess {
  pid: number;
  /** Runs `horizon ARGS` in this process; resolves with its exit code and output. */
  run(args: string[], env: Record<string, string>): Promise<{ code: number; text: string }>;
  close(): Promise<void>;
}

/** A separate Node process running the real CLI (see cli-worker.ts). */
export async function cliProcess(): Promise<CliProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', projectPath('test', 'support', 'cli-worker.ts')],
    {
      cwd: projectPath(),
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, HORIZON_LOG_LEVEL: 'silent' },
    },
  );
  const waiting = new Map<number, (r: { code: number; text: string }) => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith(PREFIX)) return;
    const r = JSON.parse(line.slice(PREFIX.length)) as { id: number; code: number; text: string };
    waiting.get(r.id)?.(r);
    waiting.delete(r.id);
  });
  let seq = 0;
  return {
    pid: child.pid!,
    run(args, env) {
      const id = ++seq;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        child.stdin!.write(`${JSON.stringify({ id, args, env: { HORIZON_LOG_LEVEL: 'silent', ...env } })}\n`);
      });
    },
    close() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      });
    },
  };
}
