import { PassThrough, Readable } from 'node:stream';
import { main } from '../../app/cli/main.js';

/**
 * Runs `horizon ARGS` in this process, as the shell would, and returns its exit code with what it
 * wrote to stdout and stderr together, in the order it wrote them.
 */
export async function runHorizon(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; text: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  err.on('data', (c: Buffer) => chunks.push(c));
  const code = await main(args, {
    out,
    err,
    stdin: Readable.from(['']),
    env: { ...env, HORIZON_LOG_LEVEL: 'silent' },
  });
  return { code, text: Buffer.concat(chunks).toString('utf8') };
}
