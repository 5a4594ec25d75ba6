import type { Config } from './config.js';
import type { Tagger } from './domain.js';
import type { Logger } from './log.js';
import type { Db } from './store/db.js';

/** Everything a piece of the core needs from the outside world, passed in so tests can build their own. */
export interface Horizon {
  db: Db;
  config: Config;
  tagger: Tagger;
  log: Logger;
  /** The current time; tests move it. */
  now: () => Date;
}
