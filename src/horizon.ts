import { registeredPlatforms } from './chat/platforms.js';
import { type Config, loadConfig } from './config.js';
import type { Horizon } from './context.js';
import type { Tagger } from './domain.js';
import { createLanguageModel, type LanguageModel } from './llm/model.js';
import { createLogger, type Logger } from './log.js';
import { createStore, type Store } from './store/index.js';
import { createTagger, TaggerModel } from './tagging/index.js';
import { loadTaxonomy, type Taxonomy } from './tagging/taxonomy.js';
import { loadTaxonomyCached, taxonomyCacheDir } from './tagging/taxonomy-cache.js';
import { learningTagger } from './tagging/learned.js';

export interface CreateOptions {
  config?: Config;
  env?: NodeJS.ProcessEnv;
  dbPath?: string;
  log?: Logger;
  now?: () => Date;
  /** Only reads: the database is opened read-only (works on a read-only disk, takes no write lock). */
  readonly?: boolean;
}

/**
 * Opens the store, adds the agenda channels the settings name, and wires a Horizon. The tagger (the
 * taxonomy plus what people's corrections taught it) is built the first time something tags, so a
 * quick command such as `status` does not pay for it.
 */
export function createHorizon(opts: CreateOptions = {}): Horizon {
  const config = opts.config ?? loadConfig(opts.env ?? process.env, { dbPath: opts.dbPath });
  const log = opts.log ?? createLogger(config.logLevel);
  const store = createStore(config.dbPath, { readonly: opts.readonly });
  const now = opts.now ?? (() => new Date());
  if (!store.readonly) seedConfiguredChannels(store, config, now().toISOString());
  // Loaded when first needed (a command like `status` needs neither), and then the one copy everything
  // reads; checked once per edit of the file, not once per process (kept beside the database).
  let taxonomy: Taxonomy | null = null;
  const taxonomyOnce = () =>
    (taxonomy ??= loadTaxonomyCached(config.taxonomyPath, taxonomyCacheDir(config.dbPath)));
  let tagger: Tagger | null = null;
  const h: Horizon = {
    store,
    config,
    log,
    now,
    get taxonomy() {
      return taxonomyOnce();
    },
    get tagger() {
      return (tagger ??= buildTagger(store, config, now, taxonomyOnce()));
    },
    set tagger(t: Tagger) {
      tagger = t;
    },
  };
  if (config.llm) h.llm = buildLanguageModel(store, config, log, taxonomyOnce());
  return h;
}

/**
 * The one place agenda channels named in the settings (HORIZON_SLACK_CHANNELS) are added: each
 * registered platform says which of its channels the settings name.
 */
export function seedConfiguredChannels(store: Store, config: Config, now: string): void {
  for (const p of registeredPlatforms()) {
    const ids = p.configuredChannels?.(config) ?? [];
    if (ids.length) store.channels.seed(p.id, ids, now);
  }
}

/** The optional language model, asked about new items with the same taxonomy the tagger uses. */
export function buildLanguageModel(
  store: Store,
  config: Config,
  log: Logger,
  taxonomy = loadTaxonomy(config.taxonomyPath),
): LanguageModel | undefined {
  if (!config.llm) return undefined;
  return createLanguageModel({
    config: config.llm,
    allowPrivateHosts: config.allowPrivateHosts,
    store,
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
  store: Store,
  config: Config,
  now: () => Date = () => new Date(),
  taxonomy = loadTaxonomy(config.taxonomyPath),
) {
  const base = TaggerModel.forTaxonomy(taxonomy);
  const rules = createTagger({ taxonomy, now });
  return learningTagger(store, (learned, model) => createTagger({ taxonomy, learned, model, now }), {
    base,
    modelFeatures: (input) => rules.features(input, base?.settings),
  });
}
