import { nextAgendaAt, setAgendaSchedule } from '../../schedule/settings.js';
import { fail, ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { when } from './shared.js';

export default defineCommand({
  path: ['schedule', 'set'],
  usage: 'schedule set "first monday 09:00" [--timezone Europe/London]  |  schedule set "CRON"',
  summary: 'Change when the agenda is posted',
  role: 'admin',
  options: { timezone: { type: 'string' } },
  run(h, _ctx, args) {
    const spec = args.positionals.join(' ');
    if (!spec)
      return fail(
        'Give a schedule.',
        'For example: schedule set "first monday 09:00" --timezone Europe/London',
      );
    try {
      const s = setAgendaSchedule(h, spec, args.opt('timezone'));
      return ok(`Agenda schedule set: ${s.rule.text} (${s.timezone}).`, [
        { type: 'text', text: `Next agenda: ${when(nextAgendaAt(h), s.timezone)}.` },
      ]);
    } catch (err) {
      return fail((err as Error).message, 'For example: schedule set "first monday 09:00"');
    }
  },
});
