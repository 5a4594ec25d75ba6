import { cleanProfilePatch, type OrgProfile, type ProfilePatch } from '../profile/profile.js';
import { type Db, parseJson } from './db.js';

const KEYS = {
  missionKeywords: 'mission_keywords',
  beneficiaryGroups: 'beneficiary_groups',
  themes: 'themes',
  places: 'places',
} as const satisfies Record<keyof OrgProfile, string>;

export function getProfile(db: Db): OrgProfile {
  const rows = db.prepare('SELECT key, value FROM org_profile').all() as { key: string; value: string }[];
  const byKey = new Map(rows.map((r) => [r.key, parseJson<string[]>(r.value, [])]));
  return {
    missionKeywords: byKey.get(KEYS.missionKeywords) ?? [],
    beneficiaryGroups: byKey.get(KEYS.beneficiaryGroups) ?? [],
    themes: byKey.get(KEYS.themes) ?? [],
    places: byKey.get(KEYS.places) ?? [],
  };
}

/** Replaces the lists given in the patch, cleaned (see cleanProfilePatch); returns the whole profile. */
export function setProfile(db: Db, patch: ProfilePatch, now = new Date().toISOString()): OrgProfile {
  const cleaned = cleanProfilePatch(patch);
  const upsert = db.prepare(
    `INSERT INTO org_profile (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  db.transaction(() => {
    for (const [field, values] of Object.entries(cleaned) as [keyof OrgProfile, string[]][])
      upsert.run(KEYS[field], JSON.stringify(values), now);
  })();
  return getProfile(db);
}
