import type { Platform, Role } from '../domain.js';
import type { Db } from './db.js';

export interface RoleGrant {
  platform: Platform;
  userId: string;
  role: Role;
  grantedBy: string;
  grantedAt: string;
}

export function storedRole(db: Db, platform: Platform, userId: string): Role | null {
  const row = db
    .prepare('SELECT role FROM roles WHERE platform = ? AND user_id = ?')
    .get(platform, userId) as { role: Role } | undefined;
  return row?.role ?? null;
}

export function setRole(db: Db, g: RoleGrant): void {
  db.prepare(
    `INSERT INTO roles (platform, user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (platform, user_id) DO UPDATE SET role = excluded.role, granted_by = excluded.granted_by,
       granted_at = excluded.granted_at`,
  ).run(g.platform, g.userId, g.role, g.grantedBy, g.grantedAt);
}

export function listRoles(db: Db): RoleGrant[] {
  return (
    db.prepare('SELECT * FROM roles ORDER BY role, platform, user_id').all() as {
      platform: Platform;
      user_id: string;
      role: Role;
      granted_by: string;
      granted_at: string;
    }[]
  ).map((r) => ({
    platform: r.platform,
    userId: r.user_id,
    role: r.role,
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
  }));
}
