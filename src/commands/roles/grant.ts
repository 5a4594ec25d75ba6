import type { Role } from '../../domain.js';
import { setRole } from '../../store/roles.js';
import { readUser } from '../references.js';
import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';

const ROLES: Role[] = ['admin', 'editor', 'member'];

export default defineCommand({
  path: ['roles', 'grant'],
  usage: 'roles grant USER_ID admin|editor|member',
  summary: 'Make someone an admin, an editor or a member again',
  role: 'admin',
  run(h, ctx, args) {
    const [user, role] = args.positionals;
    if (!user || !role || !ROLES.includes(role as Role)) {
      return fail('Give a person and a role.', 'Usage: roles grant USER_ID admin|editor|member');
    }
    const who = readUser(ctx, user);
    if (!who.ok) {
      return fail(
        who.problem,
        'Copy the id from the person’s profile (in Slack: ⋮ → Copy member ID; for Teams: Entra admin).',
      );
    }
    setRole(h.db, {
      platform: who.platform,
      userId: who.value,
      role: role as Role,
      grantedBy: ctx.userId,
      grantedAt: h.now().toISOString(),
    });
    return ok(`${who.value} is now ${role === 'member' ? 'a member' : `an ${role}`}.`);
  },
});
