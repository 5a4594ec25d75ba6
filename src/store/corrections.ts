import type { Platform } from '../domain.js';
import type { Db } from './db.js';

export type CorrectionKind = 'stage' | 'not-relevant' | 'themes';

export interface Correction {
  id: number;
  itemId: number;
  kind: CorrectionKind;
  value: string;
  platform: Platform;
  userId: string;
  createdAt: string;
}

export function insertCorrection(
  db: Db,
  c: { itemId: number; kind: CorrectionKind; value: string; platform: Platform; userId: string },
  now: string,
): void {
  db.prepare(
    'INSERT INTO corrections (item_id, kind, value, platform, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(c.itemId, c.kind, c.value, c.platform, c.userId, now);
}
