import { currentMonth } from '../../agenda/build.js';
import { agendaSchedule, nextAgendaAt } from '../../schedule/settings.js';
import { ok } from '../reply.js';
import { isWaiting, waitLine } from '../feeds/shared.js';
import { when } from '../schedule/shared.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['status'],
  usage: 'status',
  summary: 'Feed health, item counts and the next agenda date',
  role: 'member',
  run(h) {
    const feeds = h.store.feeds.list();
    const failing = feeds.filter((f) => f.health.status === 'failing');
    const unread = feeds.filter((f) => f.health.status === 'never-fetched');
    const now = h.now();
    // Feeds whose site asked to be left alone for now: shown as skipped, not as failing.
    const waiting = feeds.filter((f) => f.health.status !== 'failing' && isWaiting(f, now));
    const items = h.store.items.count();
    const month = currentMonth(h);
    const record = h.store.agendas.get(month);
    const scan = h.store.runs.last('scan');
    const s = agendaSchedule(h);
    return ok(
      feeds.length === 0
        ? 'No feeds yet'
        : failing.length
          ? `${failing.length} of ${feeds.length} feeds need attention`
          : unread.length
            ? `${unread.length} of ${feeds.length} feeds not read yet${unread.length < feeds.length ? `; the other ${feeds.length - unread.length} OK` : ''}`
            : `All ${feeds.length} feeds OK`,
      [
        {
          type: 'fields',
          fields: [
            {
              label: 'Feeds',
              value: `${feeds.length} (${failing.length} failing, ${unread.length} not read yet${waiting.length ? `, ${waiting.length} skipped at the site's request` : ''})`,
            },
            { label: 'Items stored', value: String(items) },
            {
              label: 'Last scan',
              value: scan ? `${scan.startedAt.slice(0, 16).replace('T', ' ')} UTC (${scan.status})` : 'never',
            },
            { label: `Agenda for ${month}`, value: record?.status ?? 'not posted yet' },
            { label: 'Next agenda', value: when(nextAgendaAt(h), s.timezone) },
            { label: 'Channels', value: String(h.store.channels.list().length) },
          ],
        },
        ...(failing.length
          ? [
              {
                type: 'list' as const,
                heading: 'Failing feeds',
                items: failing.map((f) => ({
                  text: `#${f.id} ${f.title}`,
                  url: f.url,
                  detail: f.health.lastError ?? '',
                })),
              },
            ]
          : []),
        ...(waiting.length
          ? [
              {
                type: 'list' as const,
                heading: "Skipped at the site's request",
                items: waiting.map((f) => ({ text: `#${f.id} ${f.title}`, url: f.url, detail: waitLine(f) })),
              },
            ]
          : []),
      ],
      {
        data: {
          feeds: feeds.length,
          failing: failing.length,
          unread: unread.length,
          waiting: waiting.length,
          items,
          month,
          agenda: record?.status ?? null,
        },
        ...(unread.length && !failing.length ? { hint: 'Run "scan" to read them now.' } : {}),
      },
    );
  },
});
