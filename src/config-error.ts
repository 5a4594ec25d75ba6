/** Settings that cannot work; the message says which and what to set instead. */
export class ConfigError extends Error {}
