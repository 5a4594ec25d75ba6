import type { Agenda } from '../domain.js';
import type { PostKey } from './agendas.js';
import { type Db, parseJson } from './db.js';

const KEY_MATCH = 'agenda_id = ? AND platform = ? AND channel_id = ? AND part = ?';

/** What a posted item message shows (JSON), and how many times it has been updated in place. */
export function postShown(db: Db, k: PostKey): { shown: string | null; revision: number } | null {
  const row = db
    .prepare(`SELECT shown, revision FROM posts WHERE ${KEY_MATCH} AND status = 'posted'`)
    .get(k.agendaId, k.platform, k.channelId, k.part) as
    { shown: string | null; revision: number } | undefined;
  return row ?? null;
}

/** Records what a posted message now shows, after posting it or updating it in place. */
export function setPostShown(db: Db, k: PostKey, shown: string, revision: number, now: string): void {
  db.prepare(
    `UPDATE posts SET shown = ?, revision = ?, updated_at = ? WHERE ${KEY_MATCH} AND status = 'posted'`,
  ).run(shown, revision, now, k.agendaId, k.platform, k.channelId, k.part);
}

/**
 * Rewrites a frozen agenda with what has changed since it was posted (items corrected, late items added,
 * items dropped). Read and written under the write lock, so two processes refreshing at once agree.
 * `change` returns null when nothing changed.
 */
export function reviseFrozenAgenda(
  db: Db,
  month: string,
  change: (agenda: Agenda) => Agenda | null,
): { id: number; before: Agenda; after: Agenda } | null {
  return db
    .transaction(() => {
      const row = db.prepare('SELECT id, data FROM agendas WHERE month = ?').get(month) as
        { id: number; data: string | null } | undefined;
      const before = parseJson<Agenda | null>(row?.data, null);
      if (!row || !before) return null;
      const after = change(structuredClone(before));
      if (after) db.prepare('UPDATE agendas SET data = ? WHERE id = ?').run(JSON.stringify(after), row.id);
      return { id: row.id, before, after: after ?? before };
    })
    .immediate();
}
