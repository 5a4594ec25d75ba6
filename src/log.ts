import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values are secrets and must never reach a log line. */
const REDACT = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'appPassword',
  'password',
  'apiKey',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.appPassword',
  '*.password',
  '*.apiKey',
  '*["api-key"]',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
];

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'app', 'msg', 'err']);

/** One JSON log line as a person reads it: "12:03:04 warn  feed failed (feedId=3): HTTP 500". */
export function humanLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof o.time === 'number' ? new Date(o.time).toISOString().slice(11, 19) : '';
  const level = (LEVELS[o.level as number] ?? String(o.level)).padEnd(5);
  const extra = Object.entries(o)
    .filter(([k]) => !OMIT.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const err = o.err as { message?: string } | undefined;
  return `${time} ${level} ${String(o.msg ?? '')}${extra.length ? ` (${extra.join(', ')})` : ''}${err?.message ? `: ${err.message}` : ''}\n`;
}

export interface LogTarget {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Logs go to stderr so that stdout stays clean for answers, --json and JSON-lines output. On a terminal
 * they are lines a person reads; piped, or with NODE_ENV=production, they are JSON for a log collector.
 * HORIZON_LOG_FORMAT=json or =pretty chooses outright.
 */
export function createLogger(
  level: string = process.env.HORIZON_LOG_LEVEL ?? 'info',
  opts: { target?: LogTarget; env?: NodeJS.ProcessEnv } = {},
): Logger {
  const env = opts.env ?? process.env;
  const target = opts.target ?? process.stderr;
  const format = env.HORIZON_LOG_FORMAT?.toLowerCase();
  const human =
    format === 'pretty' || (format !== 'json' && Boolean(target.isTTY) && env.NODE_ENV !== 'production');
  const options = { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'horizon' } };
  if (human) return pino(options, { write: (line: string) => target.write(humanLine(line)) });
  return pino(options, opts.target ? { write: (line: string) => target.write(line) } : pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
