import type { ChatChannel } from '../chat/types.js';
import type { Platform } from '../domain.js';
import { type Db, parseJson } from './db.js';

interface ChannelRow {
  platform: Platform;
  channel_id: string;
  name: string | null;
  reference: string | null;
  last_error: string | null;
  added_by: string;
  added_at: string;
}

export interface StoredChannel extends ChatChannel {
  addedBy: string;
  addedAt: string;
  lastError: string | null;
}

function toChannel(r: ChannelRow): StoredChannel {
  return {
    platform: r.platform,
    channelId: r.channel_id,
    name: r.name,
    reference: parseJson<unknown>(r.reference, undefined),
    addedBy: r.added_by,
    addedAt: r.added_at,
    lastError: r.last_error,
  };
}

export function listChannels(db: Db, platform?: Platform): StoredChannel[] {
  const rows = platform
    ? db.prepare('SELECT * FROM channels WHERE active = 1 AND platform = ? ORDER BY id').all(platform)
    : db.prepare('SELECT * FROM channels WHERE active = 1 ORDER BY id').all();
  return (rows as ChannelRow[]).map(toChannel);
}

export function addChannel(
  db: Db,
  c: { platform: Platform; channelId: string; name?: string | null; reference?: unknown; addedBy: string },
  now: string,
): StoredChannel {
  db.prepare(
    `INSERT INTO channels (platform, channel_id, name, reference, added_by, added_at)
     VALUES (@platform, @channelId, @name, @reference, @addedBy, @now)
     ON CONFLICT (platform, channel_id) DO UPDATE SET active = 1, last_error = NULL,
       name = COALESCE(excluded.name, name), reference = COALESCE(excluded.reference, reference)`,
  ).run({
    platform: c.platform,
    channelId: c.channelId,
    name: c.name ?? null,
    reference: c.reference === undefined ? null : JSON.stringify(c.reference),
    addedBy: c.addedBy,
    now,
  });
  return listChannels(db, c.platform).find((x) => x.channelId === c.channelId)!;
}

export function removeChannel(db: Db, platform: Platform, channelId: string): boolean {
  return (
    db
      .prepare('UPDATE channels SET active = 0 WHERE platform = ? AND channel_id = ? AND active = 1')
      .run(platform, channelId).changes > 0
  );
}

export function setChannelError(db: Db, platform: Platform, channelId: string, error: string | null): void {
  db.prepare('UPDATE channels SET last_error = ? WHERE platform = ? AND channel_id = ?').run(
    error,
    platform,
    channelId,
  );
}

/** Channels listed in the environment are added once, so an admin can set them up without a command. */
export function seedChannels(db: Db, platform: Platform, ids: string[], now: string): void {
  const known = new Set(
    (
      db.prepare('SELECT channel_id FROM channels WHERE platform = ?').all(platform) as {
        channel_id: string;
      }[]
    ).map((r) => r.channel_id),
  );
  for (const id of ids)
    if (!known.has(id)) addChannel(db, { platform, channelId: id, addedBy: 'environment' }, now);
}
