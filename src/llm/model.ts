import { createHash } from 'node:crypto';
import type { LlmConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/index.js';
import { type LlmAnswer, revalidate } from './answer.js';
import { callModel } from './client.js';
import { type Endpoint, resolveEndpoint } from './endpoint.js';
import { isAnswerFault, LlmError, type LlmFailure } from './errors.js';
import {
  buildMessages,
  type LlmItem,
  PROMPT_VERSION,
  type PromptContext,
  type ThemeChoice,
} from './prompt.js';

export interface LlmRoundStats {
  /** Calls made to the server (a retry after a 429 counts again). */
  calls: number;
  /** Items answered by the model in this round. */
  answered: number;
  /** Items answered from the cache. */
  cached: number;
  /** Items left to the local tagger, by why. */
  fellBack: Partial<Record<LlmFailure | 'cached-invalid' | 'off', number>>;
}

const FELL_BACK: Record<keyof LlmRoundStats['fellBack'], string> = {
  'refused-url': 'address refused',
  network: 'unreachable',
  timeout: 'too slow',
  'too-large': 'answer too large',
  'http-status': 'server error',
  'rate-limited': 'rate-limited',
  malformed: 'malformed answer',
  schema: 'answer outside the schema',
  refusal: 'refused',
  budget: "over the scan's budget",
  'cached-invalid': 'bad answer before',
  off: 'stopped asking',
};

/**
 * One line for people: how many items the model tagged in a scan, and how many it left to the local
 * tagger and why; empty when the scan had nothing to ask about.
 */
export function describeRound(s: LlmRoundStats): string {
  const tagged = s.answered + s.cached - (s.fellBack['cached-invalid'] ?? 0);
  const reasons = Object.entries(s.fellBack) as [keyof LlmRoundStats['fellBack'], number][];
  const left = reasons.reduce((n, [, k]) => n + k, 0);
  if (tagged + left === 0) return '';
  let line = `Language model: ${tagged} ${tagged === 1 ? 'item' : 'items'} tagged${s.cached ? ` (${s.cached} from its cache)` : ''}`;
  if (left)
    line += `; ${left} left to the local tagger (${reasons.map(([k, n]) => `${FELL_BACK[k]}: ${n}`).join(', ')})`;
  return `${line}.`;
}

/** One scan round's use of the model: a budget of calls and of time, shared by every feed in the round. */
export interface LlmRound {
  /** The model's answer for each item (same order), or null where the local tagger should decide alone. */
  answers(items: readonly LlmItem[]): Promise<(LlmAnswer | null)[]>;
  stats(): LlmRoundStats;
}

export interface LanguageModel {
  /** The endpoint without secrets, for messages. */
  readonly label: string;
  readonly model: string;
  readonly maxThemes: number;
  startRound(): LlmRound;
}

export interface LanguageModelOptions {
  config: LlmConfig;
  allowPrivateHosts: string[];
  store: Store;
  taxonomy: { themes: readonly ThemeChoice[]; settings: { maxThemes: number } };
  log: Logger;
  /** Milliseconds on a monotonic clock; tests may replace it. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Problems with the settings, not the moment: every further call would fail the same way. */
function isSettingsFault(e: LlmError): boolean {
  return (
    e.reason === 'refused-url' || (e.reason === 'http-status' && [400, 401, 403, 404].includes(e.status ?? 0))
  );
}

/** After this many network failures, timeouts or server errors in a row, the round stops asking. */
const MAX_CONSECUTIVE_FAILURES = 3;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function semaphore(width: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async acquire(): Promise<void> {
      if (active < width) {
        active++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release(): void {
      const next = waiting.shift();
      if (next) next();
      else active--;
    },
  };
}

/** The optional language model over an OpenAI-compatible endpoint, with its answers cached in the store. */
export function createLanguageModel(opts: LanguageModelOptions): LanguageModel {
  const cfg = opts.config;
  const endpoint: Endpoint = resolveEndpoint(cfg);
  const clock = opts.clock ?? (() => performance.now());
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const themes = opts.taxonomy.themes.map((t) => ({
    slug: t.slug,
    label: t.label,
    description: t.description,
  }));
  const slugs = themes.map((t) => t.slug);
  const maxThemes = opts.taxonomy.settings.maxThemes;
  const log = opts.log;

  return {
    label: endpoint.label,
    model: cfg.model,
    maxThemes,
    startRound(): LlmRound {
      const ctx: PromptContext = { themes, maxThemes, profile: opts.store.profile.get() };
      // Everything the question depends on besides the item: a change to any of them asks afresh.
      const context = sha256(JSON.stringify([PROMPT_VERSION, cfg.model, slugs, maxThemes, ctx.profile]));
      const keyOf = (item: LlmItem) =>
        sha256(
          JSON.stringify([context, item.feedKind ?? null, item.title, item.summary, item.categories ?? []]),
        );
      const stats: LlmRoundStats = { calls: 0, answered: 0, cached: 0, fellBack: {} };
      const deadline = clock() + cfg.scanBudgetMs;
      const slots = semaphore(cfg.concurrency);
      let callsLeft = cfg.callsPerScan;
      let notBefore = 0;
      let consecutive = 0;
      let stopped: string | null = null;

      const fallBack = (why: keyof LlmRoundStats['fellBack']): null => {
        stats.fellBack[why] = (stats.fellBack[why] ?? 0) + 1;
        return null;
      };
      const stop = (why: string) => {
        if (stopped) return;
        stopped = why;
        log.warn(
          { endpoint: endpoint.label, model: cfg.model, reason: why },
          'language model: stopped asking for the rest of this scan; the local tagger decides',
        );
      };

      const fromModel = async (item: LlmItem, key: string): Promise<LlmAnswer | null> => {
        for (;;) {
          if (stopped) return fallBack('off');
          if (callsLeft <= 0) return fallBack('budget');
          const wait = notBefore - clock();
          if (wait > 0) {
            if (notBefore >= deadline) return fallBack('budget');
            await sleep(wait);
          }
          const remaining = deadline - clock();
          if (remaining <= 0) return fallBack('budget');
          callsLeft--;
          stats.calls++;
          try {
            const answer = await callModel(
              endpoint,
              cfg,
              opts.allowPrivateHosts,
              buildMessages(item, ctx),
              ctx,
              {
                timeoutMs: Math.min(cfg.timeoutMs, remaining),
              },
            );
            consecutive = 0;
            stats.answered++;
            opts.store.llmAnswers.put(key, {
              status: 'ok',
              answer: JSON.stringify(answer),
              model: cfg.model,
              createdAt: new Date().toISOString(),
            });
            return answer;
          } catch (e) {
            const err =
              e instanceof LlmError ? e : new LlmError('network', e instanceof Error ? e.message : String(e));
            const reason: LlmFailure =
              err.reason === 'timeout' && clock() >= deadline ? 'budget' : err.reason;
            log.debug(
              { reason, status: err.status, message: err.message },
              'language model: no usable answer',
            );
            if (isAnswerFault(err)) {
              // The same question would get the same bad answer: remember it, so it is never paid for twice.
              consecutive = 0;
              opts.store.llmAnswers.put(key, {
                status: 'invalid',
                answer: err.message,
                model: cfg.model,
                createdAt: new Date().toISOString(),
              });
              return fallBack(reason);
            }
            if (err.reason === 'rate-limited' && err.retryAfterMs !== undefined) {
              const until = clock() + err.retryAfterMs;
              if (until < deadline && callsLeft > 0) {
                notBefore = Math.max(notBefore, until);
                continue;
              }
            }
            if (isSettingsFault(err)) stop(err.message);
            else if (++consecutive >= MAX_CONSECUTIVE_FAILURES) stop(err.message);
            return fallBack(reason);
          }
        }
      };

      const ask = async (item: LlmItem): Promise<LlmAnswer | null> => {
        const key = keyOf(item);
        const cached = opts.store.llmAnswers.get(key);
        if (cached) {
          stats.cached++;
          if (cached.status === 'invalid') return fallBack('cached-invalid');
          const answer = revalidate(cached.answer, slugs, maxThemes);
          if (answer) return answer;
        }
        if (stopped || callsLeft <= 0) return fallBack(stopped ? 'off' : 'budget');
        await slots.acquire();
        try {
          return await fromModel(item, key);
        } finally {
          slots.release();
        }
      };

      return {
        answers: (items) => Promise.all(items.map(ask)),
        stats: () => ({ ...stats, fellBack: { ...stats.fellBack } }),
      };
    },
  };
}
