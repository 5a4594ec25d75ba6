import { registeredPlatforms } from './chat/platforms.js';
import { type Config, loadConfig } from './config.js';
import type { Horizon } from './context.js';
import type { Tagger } from './domain.js';
import { createLanguageModel, type LanguageModel } from './llm/model.js';
import { createLogger, type Logger } from './log.js';
import { openDb } from './store/db.js';
import { seedChannels } from './store/channels.js';
import { createTagger, TaggerModel } from './tagging/index.js';
import { loadTaxonomy, type Taxonomy } from './tagging/taxonomy.js';
import { learningTagger } from './tagging/learned.js';
import type { Db } from './store/db.js';

export interface CreateOptions {
  config?: Config;
  env?: NodeJS.ProcessEnv;
  dbPath?: string;
  log?: Logger;
  now?: () => Date;
}

/**
 * Opens the store, adds the agenda channels the settings name, and wires a Horizon. The tagger (the
 * taxonomy plus what people's corrections taught it) is built the first time something tags, so a
 * quick command such as `status` does not pay for it.
 */
export function createHorizon(opts: CreateOptions = {}): Horizon {
  const config = opts.config ?? loadConfig(opts.env ?? process.env, { dbPath: opts.dbPath });
  const log = opts.log ?? createLogger(config.logLevel);
  const db = openDb(config.dbPath);
  const now = opts.now ?? (() => new Date());
  seedConfiguredChannels(db, config, now().toISOString());
  // Loaded when first needed (a command like `status` needs neither), and then the one copy everything reads.
  let taxonomy: Taxonomy | null = null;
  const taxonomyOnce = () => (taxonomy ??= loadTaxonomy(config.taxonomyPath));
  let tagger: Tagger | null = null;
  const h: Horizon = {
    db,
    config,
    log,
    now,
    get taxonomy() {
      return taxonomyOnce();
    },
    get tagger() {
      return (tagger ??= buildTagger(db, config, now, taxonomyOnce()));
    },
    set tagger(t: Tagger) {
      tagger = t;
    },
  };
  if (config.llm) h.llm = buildLanguageModel(db, config, log, taxonomyOnce());
  return h;
}

/**
 * The one place agenda channels named in the settings (HORIZON_SLACK_CHANNELS) are added: each
 * registered platform says which of its channels the settings name.
 */
export function seedConfiguredChannels(db: Db, config: Config, now: string): void {
  for (const p of registeredPlatforms()) {
    const ids = p.configuredChannels?.(config) ?? [];
    if (ids.length) seedChannels(db, p.id, ids, now);
  }
}

/** The optional language model, asked about new items with the same taxonomy the tagger uses. */
export function buildLanguageModel(
  db: Db,
  config: Config,
  log: Logger,
  taxonomy = loadTaxonomy(config.taxonomyPath),
): LanguageModel | undefined {
  if (!config.llm) return undefined;
  return createLanguageModel({
    config: config.llm,
    allowPrivateHosts: config.allowPrivateHosts,
    db,
    taxonomy,
    log,
  });
}

/**
 * The trained model (models/tagger-v1.json) over the taxonomy file's rules, fine-tuned on people's
 * corrections. It updates itself when a new correction is stored, so a "Change stage" shows in the
 * next scan without a restart.
 */
export function buildTagger(
  db: Db,
  config: Config,
  now: () => Date = () => new Date(),
  taxonomy = loadTaxonomy(config.taxonomyPath),
) {
  const base = TaggerModel.forTaxonomy(taxonomy);
  const rules = createTagger({ taxonomy, now });
  return learningTagger(db, (learned, model) => createTagger({ taxonomy, learned, model, now }), {
    base,
    modelFeatures: (input) => rules.features(input, base?.settings),
  });
}
