import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const flag = z
  .string()
  .optional()
  .transform((v) => v === '1' || v?.toLowerCase() === 'true' || v?.toLowerCase() === 'yes');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const EnvSchema = z.object({
  HORIZON_DB: z.string().default('./data/horizon.db'),
  HORIZON_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HORIZON_ADMINS: list,
  HORIZON_EDITORS: list,
  HORIZON_ALLOW_PRIVATE_HOSTS: list,
  HORIZON_TAXONOMY: optionalText,
  HORIZON_POLL_CRON: z.string().default('0 * * * *'),
  /** Cron for the agenda; the first-Monday rule is applied on top when HORIZON_AGENDA_FIRST_WEEKDAY is set. */
  HORIZON_AGENDA_SCHEDULE: z.string().default('first monday 09:00'),
  HORIZON_TIMEZONE: z.string().default('Europe/London'),
  HORIZON_AGENDA_MAX_ITEMS: z.coerce.number().int().min(1).max(50).default(12),
  HORIZON_DEADLINE_DAYS: z.coerce.number().int().min(1).max(365).default(60),
  HORIZON_FEED_ALERT_AFTER_HOURS: z.coerce.number().min(0).default(24),
  HORIZON_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  HORIZON_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  HORIZON_FETCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText,
  HORIZON_SLACK_CHANNELS: list,
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MICROSOFT_APP_TENANT_ID: optionalText,
  TEAMS_ALLOW_UNAUTHENTICATED: flag,
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  dbPath: string;
  logLevel: Env['HORIZON_LOG_LEVEL'];
  admins: string[];
  editors: string[];
  allowPrivateHosts: string[];
  taxonomyPath: string | undefined;
  pollCron: string;
  agendaSchedule: string;
  timezone: string;
  agendaMaxItems: number;
  deadlineDays: number;
  feedAlertAfterHours: number;
  fetch: { timeoutMs: number; maxBytes: number; concurrency: number };
  port: number;
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    channels: string[];
  };
  teams: {
    appId?: string;
    appPassword?: string;
    appType: Env['MICROSOFT_APP_TYPE'];
    tenantId?: string;
    allowUnauthenticated: boolean;
  };
}

export class ConfigError extends Error {}

/** Reads settings from the environment; a bad value stops start-up with the variable's name and what it wants. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { dbPath?: string } = {},
): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(
      `Some settings are not valid:\n  ${lines.join('\n  ')}\nFix them in .env (see .env.example).`,
    );
  }
  const e = parsed.data;
  return {
    dbPath: overrides.dbPath ?? e.HORIZON_DB,
    logLevel: e.HORIZON_LOG_LEVEL,
    admins: e.HORIZON_ADMINS,
    editors: e.HORIZON_EDITORS,
    allowPrivateHosts: e.HORIZON_ALLOW_PRIVATE_HOSTS,
    taxonomyPath: e.HORIZON_TAXONOMY,
    pollCron: e.HORIZON_POLL_CRON,
    agendaSchedule: e.HORIZON_AGENDA_SCHEDULE,
    timezone: e.HORIZON_TIMEZONE,
    agendaMaxItems: e.HORIZON_AGENDA_MAX_ITEMS,
    deadlineDays: e.HORIZON_DEADLINE_DAYS,
    feedAlertAfterHours: e.HORIZON_FEED_ALERT_AFTER_HOURS,
    fetch: {
      timeoutMs: e.HORIZON_FETCH_TIMEOUT_MS,
      maxBytes: e.HORIZON_FETCH_MAX_BYTES,
      concurrency: e.HORIZON_FETCH_CONCURRENCY,
    },
    port: e.PORT,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      channels: e.HORIZON_SLACK_CHANNELS,
    },
    teams: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      appType: e.MICROSOFT_APP_TYPE,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      allowUnauthenticated: e.TEAMS_ALLOW_UNAUTHENTICATED,
    },
  };
}
