import type { AgendaChart, AgendaPublisher } from './chat/types.js';
import type { Config } from './config.js';
import type { Tagger } from './domain.js';
import type { LanguageModel } from './llm/model.js';
import type { Logger } from './log.js';
import type { Store } from './store/index.js';
import type { Taxonomy } from './tagging/taxonomy.js';

/** What only the running bot knows: where agendas can be posted, and when the next one is due. */
export interface HorizonRuntime {
  publishers(): AgendaPublisher[];
  nextAgendaAt(): Date | null;
  chart?(month: string): AgendaChart | null;
}

/** Everything a piece of the core needs from the outside world, passed in so tests can build their own. */
export interface Horizon {
  /** All stored state, behind one object (src/store/index.ts). */
  store: Store;
  config: Config;
  tagger: Tagger;
  /** The optional language model (HORIZON_LLM_URL); absent, the local tagger decides alone. */
  llm?: LanguageModel;
  /** The one taxonomy in use (HORIZON_TAXONOMY or the shipped one): the tagger, tactics and prompts all read it. */
  taxonomy: Taxonomy;
  log: Logger;
  /** The current time; tests move it. */
  now: () => Date;
  runtime?: HorizonRuntime;
}
