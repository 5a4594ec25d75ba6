import { type Config, loadConfig } from './config.js';
import type { Horizon } from './context.js';
import { createLanguageModel, type LanguageModel } from './llm/model.js';
import { createLogger, type Logger } from './log.js';
import { openDb } from './store/db.js';
import { seedChannels } from './store/channels.js';
import { createTagger } from './tagging/index.js';
import { loadTaxonomy } from './tagging/taxonomy.js';
import { learningTagger } from './tagging/learned.js';
import type { Db } from './store/db.js';

export interface CreateOptions {
  config?: Config;
  env?: NodeJS.ProcessEnv;
  dbPath?: string;
  log?: Logger;
  now?: () => Date;
}

/** Opens the store, builds the tagger (rules plus what people's corrections taught it) and wires a Horizon. */
export function createHorizon(opts: CreateOptions = {}): Horizon {
  const config = opts.config ?? loadConfig(opts.env ?? process.env, { dbPath: opts.dbPath });
  const log = opts.log ?? createLogger(config.logLevel);
  const db = openDb(config.dbPath);
  const now = opts.now ?? (() => new Date());
  seedChannels(db, 'slack', config.slack.channels, now().toISOString());
  const h: Horizon = { db, config, log, now, tagger: buildTagger(db, config, now) };
  if (config.llm) h.llm = buildLanguageModel(db, config, log);
  return h;
}

/** The optional language model, asked about new items with the same taxonomy the tagger uses. */
export function buildLanguageModel(db: Db, config: Config, log: Logger): LanguageModel | undefined {
  if (!config.llm) return undefined;
  return createLanguageModel({
    config: config.llm,
    allowPrivateHosts: config.allowPrivateHosts,
    db,
    taxonomy: loadTaxonomy(config.taxonomyPath),
    log,
  });
}

/**
 * The rule tagger from the taxonomy file, blended with a model trained on people's corrections. It
 * retrains itself when a new correction is stored, so a "Change stage" shows in the next scan.
 */
export function buildTagger(db: Db, config: Config, now: () => Date = () => new Date()) {
  const taxonomy = loadTaxonomy(config.taxonomyPath);
  return learningTagger(db, (learned) => createTagger({ taxonomy, learned, now }));
}
