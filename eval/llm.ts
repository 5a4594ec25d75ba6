// `npm run eval -- --llm`: measures the optional language model (src/llm) on labelled items, beside the
// local tagger and the blend of the two, on the same items.
//
//   --llm                 run it (needs HORIZON_LLM_URL and HORIZON_LLM_MODEL, from the environment or .env)
//   --llm-limit N         ask about at most the first N items (each is one call unless cached)
//   --llm-cache PATH      where answers are cached (default eval/.llm-cache.db; *.db is not committed)
//   --json                the figures as JSON
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { ALL_STAGES, type FeedKind, type Stage, type Tagger } from '../src/domain.js';
import type { LlmAnswer } from '../src/llm/answer.js';
import { blendTagging } from '../src/llm/blend.js';
import { createLanguageModel, type LlmRoundStats } from '../src/llm/model.js';
import { createLogger, type Logger } from '../src/log.js';
import { createStore } from '../src/store/index.js';
import { createTagger, TaggerModel } from '../src/tagging/index.js';
import { loadTaxonomy } from '../src/tagging/taxonomy.js';
import { scoreMultiLabel, scoreSingleLabel } from './metrics.js';
import { fmt, simpleTable } from './report.js';

export const DEFAULT_LLM_CACHE = fileURLToPath(new URL('./.llm-cache.db', import.meta.url));

/** What the evaluation needs of a labelled item. */
export interface GoldItem {
  id: string;
  title: string;
  summary: string;
  source_kind: FeedKind;
  stage: Stage;
  themes: string[];
}

export interface LlmEvalRow {
  name: 'local tagger' | 'language model alone' | 'language model, answered items only' | 'blend';
  items: number;
  stageMacroF1: number;
  stageAccuracy: number;
  themePrecision: number;
  themeRecall: number;
  themeMicroF1: number;
}

export interface LlmEvalReport {
  endpoint: string;
  model: string;
  items: number;
  answered: number;
  stats: LlmRoundStats;
  rows: LlmEvalRow[];
  seconds: number;
}

export const NOT_CONFIGURED =
  'No language model is configured, so there is nothing to measure.\n' +
  'Set HORIZON_LLM_URL and HORIZON_LLM_MODEL (and HORIZON_LLM_API_KEY if the server needs one) in the\n' +
  'environment or .env, for example:\n' +
  '  HORIZON_LLM_URL=https://api.openai.com/v1 HORIZON_LLM_MODEL=gpt-4o-mini HORIZON_LLM_API_KEY=sk-… npm run eval -- --llm\n' +
  '  HORIZON_LLM_URL=http://localhost:11434/v1 HORIZON_LLM_MODEL=llama3.1 HORIZON_ALLOW_PRIVATE_HOSTS=localhost npm run eval -- --llm\n' +
  'See docs/language-model.md.';

export interface LlmEvalOptions {
  items: readonly GoldItem[];
  env?: NodeJS.ProcessEnv;
  limit?: number;
  cachePath?: string;
  tagger?: Tagger;
  log?: Logger;
}

function row(
  name: LlmEvalRow['name'],
  themeSlugs: readonly string[],
  gold: readonly GoldItem[],
  tags: readonly { stage: Stage; themes: string[] }[],
): LlmEvalRow {
  const stage = scoreSingleLabel(
    ALL_STAGES,
    gold.map((g) => g.stage),
    tags.map((t) => t.stage),
  );
  const themes = scoreMultiLabel(
    themeSlugs,
    gold.map((g) => g.themes),
    tags.map((t) => t.themes),
  );
  return {
    name,
    items: gold.length,
    stageMacroF1: stage.macroF1,
    stageAccuracy: stage.accuracy,
    themePrecision: themes.micro.precision,
    themeRecall: themes.micro.recall,
    themeMicroF1: themes.micro.f1,
  };
}

/**
 * Tags the items with the local tagger, with the language model, and with the blend Horizon uses, and
 * scores all three against the labels. Returns null when no endpoint is configured.
 */
export async function runLlmEval(opts: LlmEvalOptions): Promise<LlmEvalReport | null> {
  const config = loadConfig(opts.env ?? process.env);
  if (!config.llm) return null;
  const items = opts.limit !== undefined ? opts.items.slice(0, opts.limit) : [...opts.items];
  const taxonomy = loadTaxonomy(config.taxonomyPath);
  const store = createStore(opts.cachePath ?? DEFAULT_LLM_CACHE);
  const started = performance.now();
  try {
    // The evaluation is one long round: every item may be asked once, with no wall-clock cap but the
    // per-call timeout.
    const model = createLanguageModel({
      config: { ...config.llm, callsPerScan: Math.max(items.length * 2, 1), scanBudgetMs: 24 * 3600_000 },
      allowPrivateHosts: config.allowPrivateHosts,
      store,
      taxonomy,
      log: opts.log ?? createLogger(config.logLevel),
    });
    const round = model.startRound();
    const answers: (LlmAnswer | null)[] = await round.answers(
      items.map((it) => ({ title: it.title, summary: it.summary, feedKind: it.source_kind })),
    );
    // The local tagger as Horizon runs it: the shipped trained model over the taxonomy's rules.
    const tagger = opts.tagger ?? createTagger({ taxonomy, model: TaggerModel.forTaxonomy(taxonomy) });
    const local = items.map((it) =>
      tagger.tag({ id: it.id, title: it.title, summary: it.summary, feedKind: it.source_kind }),
    );
    const alone = answers.map((a) =>
      a ? { stage: a.stage, themes: a.themes } : { stage: 'unknown' as Stage, themes: [] },
    );
    const blend = local.map((t, i) => {
      const a = answers[i];
      return a ? blendTagging(t, a, model.maxThemes) : t;
    });
    const answeredIdx = answers.flatMap((a, i) => (a ? [i] : []));
    const slugs = taxonomy.themes.map((t) => t.slug);
    const rows: LlmEvalRow[] = [
      row('local tagger', slugs, items, local),
      row('language model alone', slugs, items, alone),
      row(
        'language model, answered items only',
        slugs,
        answeredIdx.map((i) => items[i]!),
        answeredIdx.map((i) => alone[i]!),
      ),
      row('blend', slugs, items, blend),
    ];
    return {
      endpoint: model.label,
      model: model.model,
      items: items.length,
      answered: answeredIdx.length,
      stats: round.stats(),
      rows,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    store.close();
  }
}

export function formatLlmReport(r: LlmEvalReport): string {
  const fellBack = Object.entries(r.stats.fellBack)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `Language model ${r.model} at ${r.endpoint}: ${r.items} items, ${r.answered} answered ` +
      `(${r.stats.calls} calls, ${r.stats.cached} from the cache${fellBack ? `; fell back: ${fellBack}` : ''}) in ${r.seconds} s`,
    '',
    simpleTable(
      ['tagger', 'items', 'stage macro-F1', 'stage accuracy', 'theme P', 'theme R', 'theme micro-F1'],
      r.rows.map((x) => [
        x.name,
        String(x.items),
        fmt(x.stageMacroF1),
        fmt(x.stageAccuracy),
        fmt(x.themePrecision),
        fmt(x.themeRecall),
        fmt(x.themeMicroF1),
      ]),
    ),
    '',
    '"language model alone" counts an item without a valid answer as unknown with no themes;',
    '"blend" is what Horizon stores: the model where it answered validly, the local tagger elsewhere.',
  ].join('\n');
}

/** The `--llm` branch of `npm run eval`. Returns the exit code: 0, or 2 when nothing is configured. */
export async function llmMain(
  argv: string[],
  items: (labelsPath?: string) => readonly GoldItem[],
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      llm: { type: 'boolean', default: false },
      'llm-limit': { type: 'string' },
      'llm-cache': { type: 'string' },
      json: { type: 'boolean', default: false },
      labels: { type: 'string' },
    },
  });
  // Like `horizon`, read settings from .env; variables already set win.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const limitText = values['llm-limit'];
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    process.stderr.write(`--llm-limit wants a whole number above 0, not "${limitText}".\n`);
    return 2;
  }
  const report = await runLlmEval({
    items: items(values.labels),
    ...(limit !== undefined ? { limit } : {}),
    ...(values['llm-cache'] ? { cachePath: values['llm-cache'] } : {}),
  });
  if (!report) {
    process.stderr.write(`${NOT_CONFIGURED}\n`);
    return 2;
  }
  process.stdout.write((values.json ? JSON.stringify(report, null, 2) : formatLlmReport(report)) + '\n');
  return 0;
}
