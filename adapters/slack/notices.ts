import type { Horizon } from '../../src/context.js';

/** Problems admins were told about, kept so App Home shows them too (a DM is easy to miss). */
export interface Notice {
  at: string;
  message: string;
}

const KEY = 'slack.adminNotices';
const KEEP = 10;

export function recordNotice(h: Horizon, message: string): void {
  const now = h.now().toISOString();
  const notices = h.store.settings.get<Notice[]>(KEY, []).filter((n) => n.message !== message);
  h.store.settings.set(KEY, [{ at: now, message }, ...notices].slice(0, KEEP), now);
}

export function recentNotices(h: Horizon): Notice[] {
  return h.store.settings.get<Notice[]>(KEY, []);
}
