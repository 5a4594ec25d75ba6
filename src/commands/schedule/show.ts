import { agendaSchedule, nextAgendaAt } from '../../schedule/settings.js';
import { ok } from '../reply.js';
import { defineCommand } from '../types.js';
import { when } from './shared.js';

export default defineCommand({
  path: ['schedule'],
  aliases: [['schedule', 'show']],
  usage: 'schedule',
  summary: 'When the agenda is posted',
  role: 'member',
  run(h) {
    const s = agendaSchedule(h);
    const next = nextAgendaAt(h);
    return ok(
      `Agenda schedule: ${s.rule.text} (${s.timezone})`,
      [{ type: 'text', text: `Next agenda: ${when(next, s.timezone)}.` }],
      { data: { schedule: s.rule.text, timezone: s.timezone, next: next?.toISOString() ?? null } },
    );
  },
});
