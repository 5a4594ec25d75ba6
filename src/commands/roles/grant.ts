import type { Role } from '../../domain.js';
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
    const user = args.positionals[0];
    let role = args.positionals[1];
    if (!user || !role) {
      return fail('Give a person and a role.', 'Usage: roles grant USER_ID admin|editor|member');
    }
    if (!ROLES.includes(role.toLowerCase() as Role)) {
      return fail(
        `"${role}" is not a role.`,
        `The roles are admin (settings, channels, posting), editor (decisions, tags, the agenda's items) and member (reading); for example: roles grant ${user} editor`,
        { exitCode: 2 },
      );
    }
    role = role.toLowerCase();
    const who = readUser(ctx, user);
    if (!who.ok) {
      return fail(
        who.problem,
        'Copy the id from the person’s profile (in Slack: ⋮ → Copy member ID; for Teams: Entra admin).',
      );
    }
    h.store.roles.set({
      platform: who.platform,
      userId: who.value,
      role: role as Role,
      grantedBy: ctx.userId,
      grantedAt: h.now().toISOString(),
    });
    return ok(`${who.value} is now ${role === 'member' ? 'a member' : `an ${role}`}.`);
  },
});
