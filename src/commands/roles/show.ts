import { ok } from '../reply.js';
import { roleOf } from '../roles.js';
import { defineCommand } from '../types.js';

const article = (role: string) => (role === 'admin' || role === 'editor' ? `an ${role}` : `a ${role}`);

export default defineCommand({
  path: ['roles'],
  aliases: [['roles', 'list']],
  usage: 'roles',
  summary: 'Who may change feeds (editors) and run Horizon (admins)',
  role: 'member',
  run(h, ctx) {
    const grants = h.store.roles.list();
    const items = [
      ...h.config.admins.map((u) => ({ text: `${u}: admin`, detail: 'from HORIZON_ADMINS' })),
      ...h.config.editors.map((u) => ({ text: `${u}: editor`, detail: 'from HORIZON_EDITORS' })),
      ...grants.map((g) => ({
        text: `${g.userId}: ${g.role}`,
        detail: `${g.platform}, granted by ${g.grantedBy}`,
      })),
    ];
    const you = roleOf(h, ctx);
    return ok(
      `You are ${article(you)}.`,
      [
        {
          type: 'text',
          text: 'Editors add and curate feeds and the draft agenda; admins also choose channels, the schedule and roles.',
        },
        ...(items.length ? [{ type: 'list' as const, heading: 'Roles', items }] : []),
      ],
      { data: { you, grants } },
    );
  },
});
