import { z } from 'zod';
import { cronProblem, parseAgendaRule } from './schedule/rule.js';
import { ConfigError } from './config-error.js';

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

/** A setting left blank in .env (`NAME=`) takes its default instead of reading as 0. */
const unsetIfBlank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

/** Checks a service's base address: http(s), no credentials; returns it without a trailing slash. */
function checkBase(name: string, text: string, example: string, ctx: z.RefinementCtx): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: `"${text.slice(0, 100)}" is not a web address; give a full http(s) URL such as ${example}`,
    });
    return '';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) {
    ctx.addIssue({
      code: 'custom',
      message: `${name} must be an http(s) address without a user name or password, such as ${example}`,
    });
    return '';
  }
  return text.replace(/\/+$/, '');
}

const baseUrl = (name: string, fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => checkBase(name, v && v.trim() !== '' ? v.trim() : fallback, fallback, ctx));

const optionalUrl = (name: string, example: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => (v && v.trim() !== '' ? checkBase(name, v.trim(), example, ctx) : undefined));

const EnvSchema = z.object({
  HORIZON_DB: z.string().default('./data/horizon.db'),
  HORIZON_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HORIZON_ADMINS: list,
  HORIZON_EDITORS: list,
  HORIZON_ALLOW_PRIVATE_HOSTS: list,
  HORIZON_TAXONOMY: optionalText,
  HORIZON_POLL_CRON: z
    .string()
    .default('0 * * * *')
    .superRefine((v, ctx) => {
      const problem = cronProblem(v);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          message: `"${v}" is not a cron expression (${problem}); write five fields, for example "0 * * * *" for every hour`,
        });
    }),
  /** When the agenda is due: "first monday 09:00", "day 1 09:00" or a cron expression. */
  HORIZON_AGENDA_SCHEDULE: z
    .string()
    .default('first monday 09:00')
    .superRefine((v, ctx) => {
      try {
        parseAgendaRule(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  HORIZON_TIMEZONE: z
    .string()
    .default('Europe/London')
    .superRefine((v, ctx) => {
      if (!isTimeZone(v))
        ctx.addIssue({
          code: 'custom',
          message: `"${v}" is not a time zone; use an IANA name such as Europe/London`,
        });
    }),
  HORIZON_AGENDA_MAX_ITEMS: z.coerce.number().int().min(1).max(50).default(12),
  HORIZON_DEADLINE_DAYS: z.coerce.number().int().min(1).max(365).default(60),
  /** Days the text of thread replies is kept (0: never kept); counts and who took part stay. */
  HORIZON_REPLY_RETENTION_DAYS: unsetIfBlank(z.coerce.number().int().min(0).max(3650).default(90)),
  /** Days after the agenda is posted that the discussion closes and the minutes go out (the day before the next agenda at the latest). */
  HORIZON_MINUTES_AFTER_DAYS: unsetIfBlank(z.coerce.number().int().min(1).max(60).default(7)),
  /** Days before a decision's due date that its owner gets a reminder (0: no reminders). */
  HORIZON_REMINDER_DAYS: unsetIfBlank(z.coerce.number().int().min(0).max(60).default(3)),
  HORIZON_FEED_ALERT_AFTER_HOURS: z.coerce.number().min(0).default(24),
  HORIZON_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  // Unset: 5 s, or the whole timeout when that is shorter.
  HORIZON_FETCH_TTFB_MS: z.coerce.number().int().min(100).optional(),
  HORIZON_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  HORIZON_FETCH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(32),
  HORIZON_GOVUK_URL: baseUrl('HORIZON_GOVUK_URL', 'https://www.gov.uk'),
  HORIZON_BILLS_API_URL: baseUrl('HORIZON_BILLS_API_URL', 'https://bills-api.parliament.uk'),
  HORIZON_360GIVING_URL: optionalUrl('HORIZON_360GIVING_URL', 'https://example.org/360giving/grants.json'),
  HORIZON_ENRICH: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const t = (v ?? 'on').trim().toLowerCase();
      if (['on', '1', 'true', 'yes', ''].includes(t)) return true;
      if (['off', '0', 'false', 'no'].includes(t)) return false;
      ctx.addIssue({ code: 'custom', message: `write on or off (not "${v}")` });
      return z.NEVER;
    }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText,
  HORIZON_SLACK_CHANNELS: list,
  HORIZON_SLACK_CANVAS: flag,
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  MICROSOFT_APP_TENANT_ID: optionalText,
  TEAMS_ALLOW_UNAUTHENTICATED: flag,
  HORIZON_LLM_URL: optionalText,
  HORIZON_LLM_MODEL: optionalText,
  HORIZON_LLM_API_KEY: optionalText,
  HORIZON_LLM_API_VERSION: optionalText,
  HORIZON_LLM_RESPONSE_FORMAT: unsetIfBlank(
    z.enum(['json_schema', 'json_object', 'none']).default('json_schema'),
  ),
  HORIZON_LLM_CALLS_PER_SCAN: unsetIfBlank(z.coerce.number().int().min(0).max(100_000).default(200)),
  HORIZON_LLM_TIMEOUT_MS: unsetIfBlank(z.coerce.number().int().min(500).max(600_000).default(30_000)),
  HORIZON_LLM_SCAN_BUDGET_MS: unsetIfBlank(
    z.coerce
      .number()
      .int()
      .min(1_000)
      .default(10 * 60_000),
  ),
  HORIZON_LLM_MAX_BYTES: unsetIfBlank(
    z.coerce
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(256 * 1024),
  ),
  HORIZON_LLM_CONCURRENCY: unsetIfBlank(z.coerce.number().int().min(1).max(16).default(2)),
});

export type Env = z.infer<typeof EnvSchema>;

/** The optional language model: any OpenAI-compatible chat-completions endpoint. */
export interface LlmConfig {
  url: string;
  model: string;
  apiKey?: string;
  /** Azure OpenAI's api-version for deployment URLs; ignored elsewhere. */
  apiVersion?: string;
  responseFormat: Env['HORIZON_LLM_RESPONSE_FORMAT'];
  /** Most calls one scan round may make (retries count). 0 turns the model off without unsetting it. */
  callsPerScan: number;
  timeoutMs: number;
  /** Wall-clock cap on all the model's calls in one scan round. */
  scanBudgetMs: number;
  maxBytes: number;
  concurrency: number;
}

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
  /** Days the text of replies in agenda threads is kept; 0 keeps none. */
  replyRetentionDays: number;
  minutesAfterDays: number;
  reminderDays: number;
  feedAlertAfterHours: number;
  /**
   * `timeoutMs` bounds a whole fetch, `ttfbMs` the wait for an answer to begin; `concurrency` is how many
   * hosts are read from at once, one connection each.
   */
  fetch: { timeoutMs: number; ttfbMs: number; maxBytes: number; concurrency: number };
  sources: {
    /** GOV.UK (Content and Search APIs), e.g. https://www.gov.uk or a proxy. */
    govukUrl: string;
    /** The UK Parliament Bills API, e.g. https://bills-api.parliament.uk. */
    billsApiUrl: string;
    /** Where 360Giving grant data is read from (a 360Giving JSON package URL); unset: off. */
    threeSixtyGivingUrl?: string;
    /** Look GOV.UK pages up in the Content API (HORIZON_ENRICH=off stops it). */
    enrich: boolean;
  };
  port: number;
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    channels: string[];
    /** Keep a channel canvas with each month's agenda and minutes (HORIZON_SLACK_CANVAS). */
    canvas: boolean;
  };
  teams: {
    appId?: string;
    appPassword?: string;
    appType: Env['MICROSOFT_APP_TYPE'];
    tenantId?: string;
    allowUnauthenticated: boolean;
  };
  /** Null unless HORIZON_LLM_URL and HORIZON_LLM_MODEL are set. */
  llm: LlmConfig | null;
}

// In a module of its own so the CLI can recognise it without loading the settings schema.
export { ConfigError } from './config-error.js';

/** Whether a time zone name is one this system knows (IANA names such as Europe/London). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Settings that are allowed but probably not what was meant, for a warning at start-up. */
export function configWarnings(config: Config): string[] {
  const out: string[] = [];
  const { appId, appPassword, appType } = config.teams;
  if (appId && !appPassword && appType !== 'UserAssignedMSI')
    out.push(
      'MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not: Teams will refuse to let the bot reply. Set the password (the client secret of the app registration), or remove MICROSOFT_APP_ID.',
    );
  if (!appId && appPassword)
    out.push(
      'MICROSOFT_APP_PASSWORD is set but MICROSOFT_APP_ID is not: Teams stays off until both are set.',
    );
  return out;
}

/** Reads settings from the environment; a bad value stops start-up with the variable's name and what it wants. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { dbPath?: string } = {},
): Config {
  const parsed = EnvSchema.superRefine((v, ctx) => {
    if (v.HORIZON_FETCH_TTFB_MS !== undefined && v.HORIZON_FETCH_TTFB_MS > v.HORIZON_FETCH_TIMEOUT_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['HORIZON_FETCH_TTFB_MS'],
        message: `must not be longer than HORIZON_FETCH_TIMEOUT_MS (${v.HORIZON_FETCH_TIMEOUT_MS}), which bounds the whole fetch`,
      });
  }).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = i.path.join('.');
      const value = typeof env[name] === 'string' ? env[name] : undefined;
      const message =
        i.code === 'custom' || value === undefined ? i.message : `${i.message} (got "${value}")`;
      return `${name}: ${message}`;
    });
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
    replyRetentionDays: e.HORIZON_REPLY_RETENTION_DAYS,
    minutesAfterDays: e.HORIZON_MINUTES_AFTER_DAYS,
    reminderDays: e.HORIZON_REMINDER_DAYS,
    feedAlertAfterHours: e.HORIZON_FEED_ALERT_AFTER_HOURS,
    fetch: {
      timeoutMs: e.HORIZON_FETCH_TIMEOUT_MS,
      ttfbMs: e.HORIZON_FETCH_TTFB_MS ?? Math.min(5_000, e.HORIZON_FETCH_TIMEOUT_MS),
      maxBytes: e.HORIZON_FETCH_MAX_BYTES,
      concurrency: e.HORIZON_FETCH_CONCURRENCY,
    },
    sources: {
      govukUrl: e.HORIZON_GOVUK_URL,
      billsApiUrl: e.HORIZON_BILLS_API_URL,
      threeSixtyGivingUrl: e.HORIZON_360GIVING_URL,
      enrich: e.HORIZON_ENRICH,
    },
    port: e.PORT,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      channels: e.HORIZON_SLACK_CHANNELS,
      canvas: e.HORIZON_SLACK_CANVAS,
    },
    teams: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      appType: e.MICROSOFT_APP_TYPE,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      allowUnauthenticated: e.TEAMS_ALLOW_UNAUTHENTICATED,
    },
    llm: llmConfig(e),
  };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function llmProblem(name: string, message: string): ConfigError {
  return new ConfigError(
    `Some settings are not valid:\n  ${name}: ${message}\nFix them in .env (see .env.example).`,
  );
}

/** The language model's settings, checked together: a URL needs a model, and a key never travels in clear. */
function llmConfig(e: Env): LlmConfig | null {
  const { HORIZON_LLM_URL: url, HORIZON_LLM_MODEL: model, HORIZON_LLM_API_KEY: apiKey } = e;
  if (!url) {
    if (model || apiKey)
      throw llmProblem(
        'HORIZON_LLM_URL',
        "is not set, but HORIZON_LLM_MODEL or HORIZON_LLM_API_KEY is. Set it to the endpoint's base URL (for example https://api.openai.com/v1), or remove the other HORIZON_LLM_ settings.",
      );
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw llmProblem(
      'HORIZON_LLM_URL',
      `"${url.slice(0, 80)}" is not a web address. Give a full http(s) URL such as https://api.openai.com/v1.`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw llmProblem(
      'HORIZON_LLM_URL',
      'must start with https:// (or http:// for a server on this machine).',
    );
  if (parsed.username || parsed.password)
    throw llmProblem(
      'HORIZON_LLM_URL',
      'must not carry a user name or password; put the key in HORIZON_LLM_API_KEY.',
    );
  if (
    apiKey &&
    parsed.protocol === 'http:' &&
    !LOCAL_HOSTS.has(parsed.hostname.toLowerCase()) &&
    !e.HORIZON_ALLOW_PRIVATE_HOSTS.some((h) => h.toLowerCase() === parsed.hostname.toLowerCase())
  )
    throw llmProblem(
      'HORIZON_LLM_URL',
      'uses http:// to a remote host while HORIZON_LLM_API_KEY is set, so the key would cross the network unencrypted. Use https://.',
    );
  if (!model)
    throw llmProblem(
      'HORIZON_LLM_MODEL',
      'is not set, but HORIZON_LLM_URL is. Name the model (for example gpt-4o-mini, or llama3.1 for Ollama; the deployment name on Azure).',
    );
  return {
    url,
    model,
    apiKey,
    apiVersion: e.HORIZON_LLM_API_VERSION,
    responseFormat: e.HORIZON_LLM_RESPONSE_FORMAT,
    callsPerScan: e.HORIZON_LLM_CALLS_PER_SCAN,
    timeoutMs: e.HORIZON_LLM_TIMEOUT_MS,
    scanBudgetMs: e.HORIZON_LLM_SCAN_BUDGET_MS,
    maxBytes: e.HORIZON_LLM_MAX_BYTES,
    concurrency: e.HORIZON_LLM_CONCURRENCY,
  };
}
