import { Cron } from 'croner';
import type { AgendaPublisher } from '../chat/types.js';
import type { Horizon } from '../context.js';
import { agendaEnrichers } from '../agenda/enrich.js';
import { type PostReport, postAgenda, posterId, refreshPostedAgenda } from '../agenda/post.js';
import { sendDueReminders } from '../minutes/reminders.js';
import { runMinutesIfDue } from '../minutes/schedule.js';
import { purgeExpiredReplyText } from '../replies/hear.js';
import { describeStorageError } from '../store/errors.js';
import { monthLabel, monthOf } from '../time.js';
import { dueInMonth, nextDue } from './rule.js';
import { agendaSchedule, watchSchedule } from './settings.js';

/** setTimeout cannot wait longer than about 24.8 days; a longer wait is taken in steps. */
const MAX_TIMER_MS = 2_147_483_647;

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
  if (h.store.agendas.get(month)?.status === 'posted') return null;
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
  if (h.store.settings.get<boolean>(key, false)) return false;
  h.store.settings.set(key, true, now.toISOString());
  const message = `The draft horizon-scan agenda for ${monthLabel(month)} is ready. Review it with "agenda preview"; drop or add items with "agenda drop ITEM_ID" / "agenda add ITEM_ID" before it is posted.`;
  for (const p of publishers)
    await p.notifyAdmins?.(message).catch((err: unknown) => h.log.warn({ err }, 'draft notice failed'));
  return true;
}

/** Tells admins about feeds that have been failing longer than HORIZON_FEED_ALERT_AFTER_HOURS, once per run of failures. */
export async function alertFailingFeeds(h: Horizon, publishers: AgendaPublisher[]): Promise<number> {
  const before = new Date(h.now().getTime() - h.config.feedAlertAfterHours * 3_600_000).toISOString();
  const feeds = h.store.feeds.toAlert(before);
  if (!feeds.length) return 0;
  const lines = feeds.map((f) => `• ${f.title} (#${f.id}): ${f.health.lastError ?? 'failing'}`);
  const message = `${feeds.length} feed${feeds.length === 1 ? ' has' : 's have'} been failing for over ${h.config.feedAlertAfterHours} hours:\n${lines.join('\n')}\nCheck the address with "feeds list", or remove the feed with "feeds remove ID".`;
  for (const p of publishers)
    await p.notifyAdmins?.(message).catch((err: unknown) => h.log.warn({ err }, 'feed alert failed'));
  for (const f of feeds) h.store.feeds.markAlerted(f.id, h.now().toISOString());
  return feeds.length;
}

export interface JobHealth {
  lastSuccessAt: string | null;
  /** The last error, kept until the job next succeeds. */
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface SchedulerHealth {
  ok: boolean;
  detail: string;
  leader: boolean;
  jobs: Record<'poll' | 'agenda', JobHealth>;
}

export interface Scheduler {
  stop(): Promise<void>;
  health(): SchedulerHealth;
  /** True while this process runs the schedule (several `horizon start` on one database: one leads). */
  isLeader(): boolean;
  /** When the agenda timer is set to go off next (null when the rule never fires again). */
  nextAgendaAt(): Date | null;
}

export interface SchedulerOptions {
  /** How long the leader's lease lasts without renewal; it is renewed every third of that. */
  leaseTtlMs?: number;
  owner?: string;
  /**
   * The catch-up scan at start waits for this (the bot: its HTTP server listening), so loading the feed
   * parser and reading feeds never hold up the first answer to GET /healthz. Default: at once.
   */
  firstScanAfter?: Promise<unknown>;
}

const LEADER_LEASE = 'scheduler';

/** The agenda run as one line for the health check and the admins, or null when it went out everywhere. */
function agendaProblem(report: PostReport | null): string | null {
  if (!report) return null;
  if (report.error) return report.error;
  const bad = report.channels.filter((c) => c.status !== 'ok');
  if (!bad.length) return null;
  return bad.map((c) => `${c.platform} ${c.channelId}: ${c.error ?? c.status}`).join('; ');
}

/**
 * Polls feeds on HORIZON_POLL_CRON and posts the agenda on its schedule; catches up on a missed agenda at
 * once. Several processes may run on one database (two `horizon start` by mistake, a restart overlapping
 * the old process): only the one holding the 'scheduler' lease runs jobs; the others stand by and take
 * over when its lease expires. The agenda has one timer, set for the next due moment of the rule;
 * "schedule set" re-arms it straight away, so a change takes effect without a restart.
 */
export async function startScheduler(
  h: Horizon,
  publishers: () => AgendaPublisher[],
  opts: SchedulerOptions = {},
): Promise<Scheduler> {
  const s = agendaSchedule(h);
  const owner = opts.owner ?? posterId();
  const ttl = opts.leaseTtlMs ?? 60_000;
  const jobs: Record<'poll' | 'agenda', JobHealth> = {
    poll: { lastSuccessAt: null, lastError: null, lastErrorAt: null },
    agenda: { lastSuccessAt: null, lastError: null, lastErrorAt: null },
  };
  const succeeded = (job: JobHealth) => {
    job.lastSuccessAt = h.now().toISOString();
    job.lastError = null;
    job.lastErrorAt = null;
  };
  const failed = (job: JobHealth, message: string) => {
    job.lastError = message;
    job.lastErrorAt = h.now().toISOString();
  };
  let leader = false;
  let stopped = false;

  const tryLead = (): boolean => {
    try {
      leader = leader
        ? h.store.leases.renew(LEADER_LEASE, owner, ttl)
        : h.store.leases.acquire(LEADER_LEASE, owner, ttl);
    } catch (err) {
      // A database that cannot be written cannot run the schedule safely.
      leader = false;
      h.log.error({ err }, 'could not renew the scheduler lease');
    }
    return leader;
  };

  const poll = async () => {
    if (!leader) return;
    try {
      // Loaded with the first scan, not before the bot listens: the feed parser and the rest of
      // ingest are a good part of what `horizon start` would otherwise load up front.
      const { scanFeeds } = await import('../ingest/scan.js');
      await scanFeeds(h);
      // Items already posted this month that the scan changed are updated in place (a living agenda).
      await refreshPostedAgenda(h, publishers()).catch((err: unknown) =>
        h.log.warn({ err }, 'could not update the posted agenda after the scan'),
      );
      await alertFailingFeeds(h, publishers());
      await sendDraftNoticeIfDue(h, publishers());
      // Decisions falling due, and minutes whose discussion has closed: checked with every poll, so a
      // restart or a standby taking over catches up on them.
      await sendDueReminders(h, publishers());
      await runMinutesIfDue(h, publishers());
      // Platforms retry a delivery within minutes; a day of event ids is plenty to recognise repeats.
      h.store.events.prune(new Date(h.now().getTime() - 86_400_000).toISOString());
      // Reply text older than HORIZON_REPLY_RETENTION_DAYS goes; the counts stay for the minutes.
      purgeExpiredReplyText(h);
      succeeded(jobs.poll);
    } catch (err) {
      failed(jobs.poll, describeStorageError(err, h.config.dbPath));
      h.log.error({ err }, 'scheduled scan failed');
    }
  };
  let agendaRunning: Promise<void> | null = null;
  const agenda = async (): Promise<void> => {
    if (agendaRunning) return agendaRunning;
    agendaRunning = runAgenda();
    try {
      await agendaRunning;
    } finally {
      agendaRunning = null;
    }
  };
  const runAgenda = async () => {
    if (!leader) return;
    try {
      const report = await runAgendaIfDue(h, publishers());
      const problem = agendaProblem(report);
      if (problem) failed(jobs.agenda, problem);
      else succeeded(jobs.agenda);
    } catch (err) {
      const message = `The scheduled agenda could not be posted: ${describeStorageError(err, h.config.dbPath)}`;
      failed(jobs.agenda, message);
      h.log.error({ err }, 'scheduled agenda failed');
      for (const p of publishers())
        await p
          .notifyAdmins?.(message)
          .catch((e: unknown) => h.log.warn({ err: e }, 'could not notify admins'));
    }
  };

  let timer: ReturnType<typeof setTimeout> | null = null;
  let armedFor: Date | null = null;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    armedFor = null;
    if (stopped) return;
    const current = agendaSchedule(h);
    const due = nextDue(current.rule, h.now(), current.timezone);
    if (!due) return;
    armedFor = due;
    const wait = Math.min(Math.max(0, due.getTime() - h.now().getTime()), MAX_TIMER_MS);
    timer = setTimeout(() => {
      timer = null;
      // Woken early (a long wait taken in steps, or a clock that moved): wait on.
      if (h.now().getTime() < due.getTime()) return arm();
      void agenda().finally(arm);
    }, wait);
    timer.unref?.();
  };

  const pollJob = new Cron(
    h.config.pollCron,
    { timezone: s.timezone, protect: true, mode: '5-or-6-parts' },
    poll,
  );
  const unwatch = watchSchedule(h.store, arm);
  // Standing by: take over as soon as the leader's lease lapses, and catch up on what it missed.
  const heartbeat = setInterval(
    () => {
      if (stopped) return;
      const was = leader;
      if (tryLead() && !was) {
        h.log.info('this process now runs the schedule');
        void agenda().then(poll);
      } else if (was && !leader) h.log.warn('another Horizon process took over the schedule');
    },
    Math.max(10, ttl / 3),
  );
  heartbeat.unref();

  if (tryLead()) {
    await agenda();
    arm();
    void (opts.firstScanAfter ?? Promise.resolve()).then(poll, () => undefined);
  } else {
    arm();
    h.log.info('another Horizon process runs the schedule on this database; this one stands by');
  }

  return {
    async stop() {
      stopped = true;
      clearInterval(heartbeat);
      unwatch();
      pollJob.stop();
      if (timer) clearTimeout(timer);
      timer = null;
      await agendaRunning;
      if (leader) {
        try {
          h.store.leases.release(LEADER_LEASE, owner);
        } catch {
          // It expires on its own.
        }
      }
      leader = false;
    },
    isLeader: () => leader,
    nextAgendaAt: () => armedFor,
    health() {
      const errors = (Object.entries(jobs) as [string, JobHealth][])
        .filter(([, j]) => j.lastError)
        .map(([name, j]) => `${name} failed at ${j.lastErrorAt}: ${j.lastError}`);
      const role = leader ? 'runs the schedule' : 'standing by (another process runs the schedule)';
      return {
        ok: errors.length === 0,
        detail: errors.length
          ? errors.join(' | ')
          : `${role}${jobs.poll.lastSuccessAt ? `; last scan ${jobs.poll.lastSuccessAt}` : ''}`,
        leader,
        jobs,
      };
    },
  };
}
