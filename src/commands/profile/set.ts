import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { profileFields } from './shared.js';

const list = (v: string | undefined) =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

export default defineCommand({
  path: ['profile', 'set'],
  usage: 'profile set [--mission "…"] [--beneficiaries "…"] [--themes slug,…] [--places "…"]',
  summary: 'Change the organisation profile the agenda is ranked by',
  role: 'admin',
  options: {
    mission: { type: 'string' },
    beneficiaries: { type: 'string' },
    themes: { type: 'string' },
    places: { type: 'string' },
  },
  run(h, _ctx, args) {
    const values = {
      mission: args.opt('mission'),
      beneficiaries: args.opt('beneficiaries'),
      themes: args.opt('themes'),
      places: args.opt('places'),
    };
    if (Object.values(values).every((v) => v === undefined)) {
      return fail(
        'Say what to set.',
        'Usage: profile set [--mission "a, b"] [--beneficiaries "…"] [--themes slug,slug] [--places "…"]',
      );
    }
    if (values.themes !== undefined) {
      const known = h.taxonomy.themes.map((t) => t.slug);
      const unknown = (list(values.themes) ?? []).filter((t) => !known.includes(t));
      if (unknown.length)
        return fail(
          `${unknown.map((t) => `"${t}"`).join(', ')} ${unknown.length === 1 ? 'is not a theme' : 'are not themes'}.`,
          `Use the themes' short names, separated by commas: ${known.join(', ')}.`,
          { exitCode: 2 },
        );
    }
    try {
      const p = h.store.profile.set(
        {
          missionKeywords: list(values.mission),
          beneficiaryGroups: list(values.beneficiaries),
          themes: list(values.themes),
          places: list(values.places),
        },
        h.now().toISOString(),
      );
      return ok(
        'Profile saved. The next agenda ranks items that match it higher, and says why.',
        [{ type: 'fields', fields: profileFields(p) }],
        { data: p },
      );
    } catch (err) {
      return fail((err as Error).message, 'Fix the value and try again.');
    }
  },
});
