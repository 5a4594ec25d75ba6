import type { Db } from './db.js';
import { getSetting, setSetting, settingsWithPrefix } from './settings.js';

// Teams conversation references, kept so the bot can post proactively after a restart.
const PREFIX = 'conversation:';

export function saveConversationRef(db: Db, key: string, ref: unknown, now: string): void {
  setSetting(db, PREFIX + key, ref, now);
}

export function getConversationRef<T = unknown>(db: Db, key: string): T | null {
  return getSetting<T | null>(db, PREFIX + key, null);
}

export function listConversationRefs<T = unknown>(db: Db): { key: string; ref: T }[] {
  return settingsWithPrefix<T>(db, PREFIX).map((r) => ({ key: r.key.slice(PREFIX.length), ref: r.value }));
}
