import cron, { type ScheduledTask } from 'node-cron';
import type { AgendaPublisher } from '../chat/types.js';
import type { Horizon } from '../context.js';
import { agendaEnrichers } from '../agenda/enrich.js';
import { type PostReport, postAgenda } from '../agenda/post.js';
import { scanFeeds } from '../ingest/scan.js';
import { getAgendaRecord } from '../store/agendas.js';
import { feedsToAlert, markFeedAlerted } from '../store/feeds.js';
import { getSetting, setSetting } from '../store/settings.js';
import { pruneEvents } from '../store/events.js';
import { monthLabel, monthOf } from '../time.js';
import { dueInMonth, wakeExpression } from './rule.js';
import { agendaSchedule } from './settings.js';

/** Days before the agenda is due that editors get the draft to review. */
const DRAFT_NOTICE_DAYS = 3;

/**
 * Posts this month's agenda if it is due and not yet fully posted. Called on the schedule and at start-up,
 * so an agenda missed during downtime goes out once when the bot comes back, and never twice.
 */
export async function runAgendaIfDue(h: Horizon, publishers: AgendaPublisher[]): Promise<PostReport | null> {
  const s = agendaSchedule(h);
  const now = h.now();
  const month = monthOf(now, s.timezone);
  const due = dueInMonth(s.rule, month, s.timezone);
  if (!due || now.getTime() < due.getTime()) return null;
  if (getAgendaRecord(h.db, month)?.status === 'posted') return null;
  const report = await postAgenda(h, publishers, {
    month,
    chart: h.runtime?.chart?.(month) ?? null,
    enrichers: agendaEnrichers(h),
  });
  h.log.info({ month, channels: report.channels.length, items: report.items }, 'agenda posted');
  return report;
}

/** Tells admins, once, that the draft is ready to review a few days before it goes out. */
export async function sendDraftNoticeIfDue(h: Horizon, publishers: AgendaPublisher[]): Promise<boolean> {
  const s = agendaSchedule(h);
  const now = h.now();
  const month = monthOf(now, s.timezone);
  const due = dueInMonth(s.rule, month, s.timezone);
  if (!due || now >= due || due.getTime() - now.getTime() > DRAFT_NOTICE_DAYS * 86_400_000) return false;
  const key = `draft-notice:${month}`;
  if (getSetting<boolean>(h.db, key, false)) return false;
  setSetting(h.db, key, true, now.toISOString());
  const message = `The draft horizon-scan agenda for ${monthLabel(month)} is ready. Review it with "agenda preview"; drop or add items with "agenda drop ITEM_ID" / "agenda add ITEM_ID" before it is posted.`;
  for (const p of publishers)
    await p.notifyAdmins?.(message).catch((err: unknown) => h.log.warn({ err }, 'draft notice failed'));
  return true;
}

/** Tells admins about feeds that have been failing longer than HORIZON_FEED_ALERT_AFTER_HOURS, once per run of failures. */
export async function alertFailingFeeds(h: Horizon, publishers: AgendaPublisher[]): Promise<number> {
  const before = new Date(h.now().getTime() - h.config.feedAlertAfterHours * 3_600_000).toISOString();
  const feeds = feedsToAlert(h.db, before);
  if (!feeds.length) return 0;
  const lines = feeds.map((f) => `• ${f.title} (#${f.id}): ${f.health.lastError ?? 'failing'}`);
  const message = `${feeds.length} feed${feeds.length === 1 ? ' has' : 's have'} been failing for over ${h.config.feedAlertAfterHours} hours:\n${lines.join('\n')}\nCheck the address with "feeds list", or remove the feed with "feeds remove ID".`;
  for (const p of publishers)
    await p.notifyAdmins?.(message).catch((err: unknown) => h.log.warn({ err }, 'feed alert failed'));
  for (const f of feeds) markFeedAlerted(h.db, f.id, h.now().toISOString());
  return feeds.length;
}

export interface Scheduler {
  stop(): Promise<void>;
  health(): { ok: boolean; detail: string };
}

/** Polls feeds on HORIZON_POLL_CRON and posts the agenda on its schedule; catches up on a missed agenda at once. */
export async function startScheduler(h: Horizon, publishers: () => AgendaPublisher[]): Promise<Scheduler> {
  const s = agendaSchedule(h);
  let lastPoll: string | null = null;
  let lastError: string | null = null;

  const poll = async () => {
    try {
      await scanFeeds(h);
      await alertFailingFeeds(h, publishers());
      await sendDraftNoticeIfDue(h, publishers());
      // Platforms retry a delivery within minutes; a day of event ids is plenty to recognise repeats.
      pruneEvents(h.db, new Date(h.now().getTime() - 86_400_000).toISOString());
      lastPoll = h.now().toISOString();
      lastError = null;
    } catch (err) {
      lastError = (err as Error).message;
      h.log.error({ err }, 'scheduled scan failed');
    }
  };
  const agenda = async () => {
    try {
      await runAgendaIfDue(h, publishers());
    } catch (err) {
      lastError = (err as Error).message;
      h.log.error({ err }, 'scheduled agenda failed');
    }
  };

  const tasks: ScheduledTask[] = [
    cron.schedule(h.config.pollCron, poll, { timezone: s.timezone, noOverlap: true, name: 'poll' }),
    cron.schedule(wakeExpression(s.rule), agenda, { timezone: s.timezone, noOverlap: true, name: 'agenda' }),
  ];
  await agenda();
  void poll();

  return {
    async stop() {
      for (const t of tasks) await t.destroy();
    },
    health() {
      return lastError
        ? { ok: false, detail: `last run failed: ${lastError}` }
        : { ok: true, detail: lastPoll ? `last scan ${lastPoll}` : 'running' };
    },
  };
}
