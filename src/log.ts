import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values are secrets and must never reach a log line. */
const REDACT = [
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

/** Logs go to stderr so that stdout stays clean for --json and JSON-lines output. */
export function createLogger(level: string = process.env.HORIZON_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { app: 'horizon' } },
    pino.destination(2),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
