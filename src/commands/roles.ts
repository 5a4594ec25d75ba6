import type { Horizon } from '../context.js';
import type { Platform, Role } from '../domain.js';
import { fail } from './reply.js';
import type { CommandContext, Reply } from './types.js';

const RANK: Record<Role, number> = { member: 0, editor: 1, admin: 2 };

/** A person's role: granted by command, else seeded from HORIZON_ADMINS / HORIZON_EDITORS, else member. */
export function roleOf(h: Horizon, ctx: Pick<CommandContext, 'platform' | 'userId' | 'isServerCli'>): Role {
  if (ctx.isServerCli) return 'admin';
  const stored = h.store.roles.get(ctx.platform, ctx.userId);
  if (stored) return stored;
  if (h.config.admins.includes(ctx.userId)) return 'admin';
  if (h.config.editors.includes(ctx.userId)) return 'editor';
  return 'member';
}

export function hasRole(h: Horizon, ctx: CommandContext, needed: Role): boolean {
  return RANK[roleOf(h, ctx)] >= RANK[needed];
}

/** The people who hold a role on a platform, for "ask one of …" replies. */
export function holders(h: Horizon, platform: Platform, role: Role): string[] {
  const stored = h.store.roles.list().filter((g) => g.platform === platform);
  const demoted = new Set(stored.filter((g) => RANK[g.role] < RANK[role]).map((g) => g.userId));
  const fromEnv = role === 'admin' ? h.config.admins : [...h.config.admins, ...h.config.editors];
  const fromStore = stored.filter((g) => RANK[g.role] >= RANK[role]).map((g) => g.userId);
  return [...new Set([...fromStore, ...fromEnv.filter((u) => !demoted.has(u))])];
}

/** The refusal, naming who could do it instead. */
export function forbidden(h: Horizon, ctx: CommandContext, needed: Role, what: string): Reply {
  const who = holders(h, ctx.platform, needed);
  return fail(
    `Only ${needed === 'admin' ? 'admins' : 'editors and admins'} can ${what}.`,
    who.length
      ? `Ask ${who.slice(0, 5).join(', ')}.`
      : 'Ask whoever runs Horizon to add you to HORIZON_EDITORS or HORIZON_ADMINS.',
    { exitCode: 3, mentions: who.slice(0, 5) },
  );
}
