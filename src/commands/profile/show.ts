import { ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { profileFields } from './shared.js';

export default defineCommand({
  path: ['profile'],
  aliases: [['profile', 'show']],
  usage: 'profile',
  summary: 'What the organisation cares about, used to rank the agenda',
  role: 'member',
  run(h) {
    const p = h.store.profile.get();
    return ok(
      'Organisation profile (used to rank the agenda)',
      [{ type: 'fields', fields: profileFields(p) }],
      {
        data: p,
        hint: 'Admins: profile set --mission "carers, respite" --beneficiaries "young carers" --themes social-care --places "Leeds"',
      },
    );
  },
});
