import type { AgendaChart, AgendaPart, AgendaPublisher, ChatChannel, PostedRef } from '../chat/types.js';
import { PostError } from '../chat/types.js';
import type { Horizon } from '../context.js';
import type { Agenda } from '../domain.js';
import { agendaItems } from '../domain.js';
import {
  freezeAgenda,
  getPost,
  markAgendaPosted,
  markPostDone,
  markPostFailed,
  markPostPending,
  type PostKey,
  previousHeader,
} from '../store/agendas.js';
import { setChannelError } from '../store/channels.js';
import { finishRun, startRun } from '../store/runs.js';
import { type AgendaEnrichers, buildAgenda, currentMonth } from './build.js';

export interface ChannelOutcome {
  platform: string;
  channelId: string;
  posted: number;
  alreadyPosted: number;
  status: 'ok' | 'failed';
  error?: string;
}

export interface PostReport {
  month: string;
  agendaId: number;
  items: number;
  channels: ChannelOutcome[];
}

export interface PostOptions {
  month?: string;
  chart?: AgendaChart | null;
  enrichers?: AgendaEnrichers;
  sleep?: (ms: number) => Promise<void>;
  /** Tries per message before giving up on a channel for this run. */
  maxAttempts?: number;
  onProgress?: (done: number, total: number, label: string) => void;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The parts of an agenda in posting order: the header, then each item followed by its prompt. */
export function agendaParts(
  agenda: Agenda,
  chart: AgendaChart | null,
  previous: PostedRef | null,
): AgendaPart[] {
  const parts: AgendaPart[] = [{ kind: 'header', key: 'header', agenda, chart, previous }];
  agendaItems(agenda).forEach((item, index) => {
    parts.push({ kind: 'item', key: `item:${item.itemId}`, agenda, item, index });
    // threadRef is filled in from the item's own post when the prompt is sent.
    parts.push({ kind: 'prompt', key: `prompt:${item.itemId}`, agenda, item, threadRef: '' });
  });
  return parts;
}

async function withRetries<T>(
  fn: () => Promise<T>,
  sleep: (ms: number) => Promise<void>,
  maxAttempts: number,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const e = err instanceof PostError ? err : new PostError((err as Error).message, 'transient');
      const retryable = e.failure === 'rate-limited' || e.failure === 'transient';
      if (!retryable || attempt >= maxAttempts) throw e;
      const wait =
        e.failure === 'rate-limited' ? (e.retryAfterMs ?? 1000) : Math.min(30_000, 500 * 2 ** (attempt - 1));
      await sleep(wait);
    }
  }
}

async function postToChannel(
  h: Horizon,
  publisher: AgendaPublisher,
  channel: ChatChannel,
  agendaId: number,
  agenda: Agenda,
  opts: PostOptions,
): Promise<ChannelOutcome> {
  const sleep = opts.sleep ?? realSleep;
  const maxAttempts = opts.maxAttempts ?? 5;
  const outcome: ChannelOutcome = {
    platform: channel.platform,
    channelId: channel.channelId,
    posted: 0,
    alreadyPosted: 0,
    status: 'ok',
  };
  const parts = agendaParts(
    agenda,
    opts.chart ?? null,
    previousHeader(h.db, agenda.month, channel.platform, channel.channelId),
  );
  const refs = new Map<string, PostedRef>();
  let lastPostAt = 0;

  for (const [i, template] of parts.entries()) {
    const key: PostKey = {
      agendaId,
      platform: channel.platform,
      channelId: channel.channelId,
      part: template.key,
    };
    let part = template;
    if (part.kind === 'prompt') {
      const parent = refs.get(`item:${part.item.itemId}`);
      if (!parent) throw new PostError(`the item message for "${part.item.title}" was not posted`, 'fatal');
      part = { ...part, threadRef: parent.threadRef };
    }

    const row = getPost(h.db, key);
    if (row?.status === 'posted' && row.messageRef) {
      refs.set(part.key, { messageRef: row.messageRef, threadRef: row.threadRef ?? row.messageRef });
      outcome.alreadyPosted++;
      continue;
    }
    // An earlier attempt that did not record success may still have delivered the message (a crash, or a
    // connection lost after sending): ask the platform before sending it again.
    if (row && publisher.findPosted) {
      const found = await publisher.findPosted(channel, agenda.month, part);
      if (found) {
        markPostDone(h.db, key, found, h.now().toISOString());
        refs.set(part.key, found);
        outcome.alreadyPosted++;
        continue;
      }
    }

    const wait = lastPostAt + publisher.minIntervalMs - Date.now();
    if (lastPostAt > 0 && wait > 0) await sleep(wait);
    markPostPending(h.db, key, h.now().toISOString());
    try {
      const ref = await withRetries(() => publisher.post(channel, part), sleep, maxAttempts);
      markPostDone(h.db, key, ref, h.now().toISOString());
      refs.set(part.key, ref);
      outcome.posted++;
      lastPostAt = Date.now();
    } catch (err) {
      markPostFailed(h.db, key, (err as Error).message, h.now().toISOString());
      throw err;
    }
    opts.onProgress?.(i + 1, parts.length, `${channel.platform} ${channel.name ?? channel.channelId}`);
  }
  return outcome;
}

function describe(err: PostError, channel: ChatChannel): string {
  const where = channel.name ? `#${channel.name}` : channel.channelId;
  switch (err.failure) {
    case 'channel-unavailable':
      return `I could not post this month's agenda in ${where}: ${err.message}. Invite me to the channel (or pick another with "channels add"), then run "agenda post" again.`;
    case 'auth':
      return `I could not post this month's agenda in ${where}: the platform refused my credentials (${err.message}). Check the token in .env and restart Horizon.`;
    default:
      return `I could not finish posting this month's agenda in ${where}: ${err.message}. Run "agenda post" again; it carries on where it stopped.`;
  }
}

/**
 * Posts a month's agenda to every channel of every publisher, exactly once per part and channel.
 * The agenda is frozen on first post, so a resumed or repeated run posts the same items. A channel that
 * fails is reported to the admins and skipped; the others carry on.
 */
export async function postAgenda(
  h: Horizon,
  publishers: AgendaPublisher[],
  opts: PostOptions = {},
): Promise<PostReport> {
  const month = opts.month ?? currentMonth(h);
  const targets: { publisher: AgendaPublisher; channel: ChatChannel }[] = [];
  for (const publisher of publishers) {
    for (const channel of await publisher.channels()) targets.push({ publisher, channel });
  }
  // With nowhere to post, nothing is frozen: the agenda stays a draft until a channel is added.
  if (targets.length === 0) return { month, agendaId: 0, items: 0, channels: [] };

  const run = startRun(h.db, 'agenda-post', h.now().toISOString());
  const record = freezeAgenda(h.db, buildAgenda(h, month, opts.enrichers), h.now().toISOString());
  const agenda = record.agenda!;
  const report: PostReport = { month, agendaId: record.id, items: agendaItems(agenda).length, channels: [] };

  for (const { publisher, channel } of targets) {
    {
      try {
        report.channels.push(await postToChannel(h, publisher, channel, record.id, agenda, opts));
        setChannelError(h.db, channel.platform, channel.channelId, null);
      } catch (err) {
        const e = err instanceof PostError ? err : new PostError((err as Error).message, 'fatal');
        const message = describe(e, channel);
        h.log.warn({ platform: channel.platform, channel: channel.channelId, failure: e.failure }, e.message);
        setChannelError(h.db, channel.platform, channel.channelId, message);
        report.channels.push({
          platform: channel.platform,
          channelId: channel.channelId,
          posted: 0,
          alreadyPosted: 0,
          status: 'failed',
          error: message,
        });
        await publisher
          .notifyAdmins?.(message)
          .catch((notifyErr: unknown) => h.log.warn({ err: notifyErr }, 'could not notify admins'));
      }
    }
  }
  const failed = report.channels.filter((c) => c.status === 'failed').length;
  if (report.channels.length > 0 && failed === 0) markAgendaPosted(h.db, record.id, h.now().toISOString());
  finishRun(
    h.db,
    run,
    failed === 0 ? 'ok' : failed < report.channels.length ? 'partial' : 'failed',
    report,
    h.now().toISOString(),
  );
  return report;
}
