// A process that runs the real `horizon` CLI (`main`) on request: one JSON line in ({ id, args, env }),
// one JSON line out ({ id, code, text }). Tests start two of these to run CLI commands from two separate
// processes at once, each with its own database connection, without paying Node's start-up per command.
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../app/cli/main.js';

interface Request {
  id: number;
  args: string[];
  env: Record<string, string>;
}

/** Marks the answer lines: commander prints --help straight to stdout. */
const PREFIX = '@@horizon-cli ';

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const req = JSON.parse(line) as Request;
  void (async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    err.on('data', (c: Buffer) => chunks.push(c));
    let code: number;
    try {
      code = await main(req.args, { out, err, stdin: Readable.from(['']), env: req.env });
    } catch (e) {
      chunks.push(Buffer.from(String((e as Error).stack ?? e)));
      code = 99;
    }
    process.stdout.write(
      `${PREFIX}${JSON.stringify({ id: req.id, code, text: Buffer.concat(chunks).toString('utf8') })}\n`,
    );
  })();
});
lines.on('close', () => process.exit(0));
