import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AgendaChart, AgendaPart, AgendaPublisher, ChatChannel, PostedRef } from '../chat/types.js';
import { PostError } from '../chat/types.js';
import type { Horizon } from '../context.js';
import type { Agenda, AgendaItem } from '../domain.js';
import { agendaItems } from '../domain.js';
import { type PostKey } from '../store/agendas.js';
import { describeStorageError } from '../store/errors.js';
import { retagDueItems } from '../sources/retag.js';
import { type AgendaEnrichers, buildAgenda, currentMonth } from './build.js';
import { renderAgendaMarkdown } from './render/markdown.js';
import { describeChange, headerShown, reviseFrozen, sameShown, shownOf, type ShownItem } from './living.js';

export interface ChannelOutcome {
  platform: string;
  channelId: string;
  posted: number;
  alreadyPosted: number;
  /** Posted items updated in place because they changed since (a living agenda). */
  updated?: number;
  /** 'busy': another process is posting in this channel and still had it when this one stopped waiting. */
  status: 'ok' | 'failed' | 'busy';
  error?: string;
  /** Parts that may or may not be in the channel (sent, but never confirmed), by ledger key. */
  unknown?: string[];
}

export interface PostReport {
  month: string;
  agendaId: number;
  items: number;
  channels: ChannelOutcome[];
  /** Set when the run failed before reaching any channel (the database, the agenda itself). */
  error?: string;
}

export interface PostOptions {
  month?: string;
  chart?: AgendaChart | null;
  enrichers?: AgendaEnrichers;
  sleep?: (ms: number) => Promise<void>;
  /** Tries per message before giving up on a channel for this run. */
  maxAttempts?: number;
  onProgress?: (done: number, total: number, label: string) => void;
  /** How long to wait for another process that is posting in the same channel. */
  leaseWaitMs?: number;
  /** How long a channel lease lasts without renewal; it is renewed while posting. */
  leaseTtlMs?: number;
  /** Who is posting, for the lease (a fresh id per run by default). */
  owner?: string;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A name for this poster that says where it runs, unique per run. */
export function posterId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** The command that sends parts again once an admin has checked they are missing. */
export function resendCommand(month: string, channel: ChatChannel): string {
  return `agenda resend ${channel.channelId} --month ${month}`;
}

/** The parts of an agenda in posting order: the header, then each item followed by its prompt. */
export function agendaParts(
  agenda: Agenda,
  chart: AgendaChart | null,
  previous: PostedRef | null,
  opts: { chartPart?: boolean } = {},
): AgendaPart[] {
  const parts: AgendaPart[] = [
    { kind: 'header', key: 'header', agenda, chart: opts.chartPart ? null : chart, previous },
  ];
  // threadRef is filled in from the header's own post when the chart is sent.
  if (chart && opts.chartPart) parts.push({ kind: 'chart', key: 'chart', agenda, chart, threadRef: '' });
  agendaItems(agenda).forEach((item, index) => {
    parts.push({ kind: 'item', key: `item:${item.itemId}`, agenda, item, index });
    // threadRef is filled in from the item's own post when the prompt is sent.
    parts.push({ kind: 'prompt', key: `prompt:${item.itemId}`, agenda, item, threadRef: '' });
  });
  return parts;
}

function asPostError(err: unknown): PostError {
  return err instanceof PostError ? err : new PostError((err as Error).message, 'transient');
}

/**
 * Sends one part, retrying what is safe to retry. A lost answer is never simply sent again: the channel
 * is searched first where the platform allows, and where it does not, the outcome stays unknown.
 */
async function sendPart(
  publisher: AgendaPublisher,
  channel: ChatChannel,
  part: AgendaPart,
  sleep: (ms: number) => Promise<void>,
  maxAttempts: number,
): Promise<PostedRef> {
  for (let attempt = 1; ; attempt++) {
    let e: PostError;
    try {
      return await publisher.post(channel, part);
    } catch (err) {
      e = asPostError(err);
    }
    if (e.failure === 'unknown-outcome') {
      if (!publisher.findPosted) throw e;
      const found = await publisher.findPosted(channel, part.agenda.month, part).catch(() => undefined);
      if (found) return found;
      // The search failed: still unknown.
      if (found === undefined) throw e;
    } else if (e.failure !== 'rate-limited' && e.failure !== 'transient') throw e;
    if (attempt >= maxAttempts) throw e;
    await sleep(backoffMs(e, attempt));
  }
}

/** How long to wait before another attempt: what a rate limit asks for, else doubling from half a second. */
function backoffMs(e: PostError, attempt: number): number {
  return e.failure === 'rate-limited' ? (e.retryAfterMs ?? 1000) : Math.min(30_000, 500 * 2 ** (attempt - 1));
}

interface ChannelLease {
  /** Renews the lease; throws when another process has taken it. */
  check(): void;
  release(): void;
}

/**
 * Takes the channel's posting lease, waiting while another live process holds it. The holder renews it
 * before every part and around every wait, so a poster that dies, or hangs on a request for longer than
 * the lease, lets the next poster carry on where it stopped (its unconfirmed part is looked for, or left
 * for an admin, never sent blindly).
 */
async function holdLease(
  h: Horizon,
  name: string,
  owner: string,
  opts: PostOptions,
): Promise<ChannelLease | null> {
  const ttl = opts.leaseTtlMs ?? 120_000;
  const deadline = Date.now() + (opts.leaseWaitMs ?? 5 * 60_000);
  while (!h.store.leases.acquire(name, owner, ttl)) {
    if (Date.now() >= deadline) return null;
    await realSleep(Math.min(250, Math.max(10, ttl / 10)));
  }
  return {
    check() {
      if (!h.store.leases.renew(name, owner, ttl)) {
        throw new PostError(
          'another Horizon process took over posting in this channel (this one stalled for longer than its lease)',
          'fatal',
        );
      }
    },
    release() {
      try {
        h.store.leases.release(name, owner);
      } catch (err) {
        // It expires on its own.
        h.log.warn({ err }, 'could not release the posting lease');
      }
    },
  };
}

function where(channel: ChatChannel): string {
  return channel.name ? `#${channel.name}` : channel.channelId;
}

function partLabel(part: AgendaPart): string {
  switch (part.kind) {
    case 'header':
      return 'the header';
    case 'chart':
      return 'the chart';
    case 'item':
      return `item "${part.item.title}"`;
    case 'prompt':
      return `the discussion prompt under "${part.item.title}"`;
    case 'note':
      return `the note of a change under "${part.item.title}"`;
  }
}

/**
 * 'post' posts whatever is missing; 'refresh' (after a scan or an editor's change) only keeps what is
 * already in a channel up to date and posts late items, leaving a channel the agenda has not reached, and
 * parts an admin must check, to "agenda post".
 */
type Mode = 'post' | 'refresh';

/** Tries an idempotent call (an update in place) until it works or fails for a reason retrying cannot fix. */
async function retrying(
  fn: () => Promise<void>,
  sleep: (ms: number) => Promise<void>,
  maxAttempts: number,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let e: PostError;
    try {
      return await fn();
    } catch (err) {
      e = asPostError(err);
    }
    // An update applied twice shows the same thing, so a lost answer is simply tried again.
    const retry =
      e.failure === 'rate-limited' || e.failure === 'transient' || e.failure === 'unknown-outcome';
    if (!retry || attempt >= maxAttempts) throw e;
    await sleep(backoffMs(e, attempt));
  }
}

interface UpdateContext {
  sleep: (ms: number) => Promise<void>;
  maxAttempts: number;
  owner: string;
  /** Renews the channel's lease; throws when another process took it. */
  check: () => void;
}

/**
 * Updates a posted item's message in place when what it shows has changed, then says what changed in its
 * thread, once. Runs under the channel's lease. The order makes a crash anywhere safe: the update (harmless
 * to repeat) goes first, then the note (a ledger part of its own, 'note:ITEM:REVISION', claimed before it
 * is sent), and only then is the new state recorded; a resumed run repeats the update and finds the note.
 */
async function updateIfChanged(
  h: Horizon,
  publisher: AgendaPublisher,
  channel: ChatChannel,
  key: PostKey,
  part: Extract<AgendaPart, { kind: 'item' }>,
  ref: PostedRef,
  baselineItem: AgendaItem | null,
  u: UpdateContext,
): Promise<boolean> {
  const record = h.store.posts.shown(key);
  if (!record) return false;
  const now = shownOf(part.item);
  const nowText = JSON.stringify(now);
  let was: ShownItem | null = null;
  try {
    was = record.shown ? (JSON.parse(record.shown) as ShownItem) : null;
  } catch {
    was = null;
  }
  // Posted before Horizon kept what each message shows: the agenda before this revision is what it shows.
  was ??= baselineItem ? shownOf(baselineItem) : null;
  if (!was || sameShown(was, now)) {
    if (record.shown !== nowText && !was)
      h.store.posts.setShown(key, nowText, record.revision, h.now().toISOString());
    return false;
  }
  // A platform that cannot edit a message: its thread still hears of the change, below.
  if (!publisher.update)
    h.log.info({ platform: channel.platform }, 'this platform cannot update a posted message');
  else await updateInPlace(h, publisher, channel, part, ref, u);
  const revision = record.revision + 1;
  const text = describeChange(was, now, part.agenda.guides ?? {});
  if (text) {
    const noteKey: PostKey = { ...key, part: `note:${part.item.itemId}:${revision}` };
    const note: AgendaPart = {
      kind: 'note',
      key: noteKey.part,
      agenda: part.agenda,
      item: part.item,
      text,
      threadRef: ref.threadRef,
    };
    await sendNote(h, publisher, channel, noteKey, note, u);
  }
  h.store.posts.setShown(key, nowText, revision, h.now().toISOString());
  return true;
}

/** Records what a just-posted item or header shows, so a later change can be told from it. */
function recordShown(h: Horizon, key: PostKey, part: AgendaPart): void {
  const shown =
    part.kind === 'item'
      ? JSON.stringify(shownOf(part.item))
      : part.kind === 'header'
        ? headerShown(part.agenda)
        : null;
  if (shown !== null) h.store.posts.setShown(key, shown, 0, h.now().toISOString());
}

/**
 * Updates a posted header in place when its counts or closing-soon list changed (an item dropped, added
 * late, or its call moved or closed). No line in its thread: the items' own threads say what changed.
 * Runs under the channel's lease; the update is harmless to repeat, and the new state is recorded after.
 */
async function updateHeaderIfChanged(
  h: Horizon,
  publisher: AgendaPublisher,
  channel: ChatChannel,
  key: PostKey,
  part: Extract<AgendaPart, { kind: 'header' }>,
  ref: PostedRef,
  baseline: Agenda | null,
  u: UpdateContext,
): Promise<void> {
  const record = h.store.posts.shown(key);
  if (!record) return;
  const now = headerShown(part.agenda);
  // Posted before Horizon kept what the header shows: the agenda before this revision is what it shows.
  const was = record.shown ?? (baseline ? headerShown(baseline) : null);
  if (was === now) return;
  if (was !== null && publisher.update) await updateInPlace(h, publisher, channel, part, ref, u);
  h.store.posts.setShown(key, now, record.revision + 1, h.now().toISOString());
}

/**
 * One message updated in place, retried on rate limits and lost answers (harmless to repeat). The channel
 * itself failing is the caller's to report; a message that cannot be edited (deleted by someone) is left
 * as it is, logged, and an item's thread still hears of the change.
 */
async function updateInPlace(
  h: Horizon,
  publisher: AgendaPublisher,
  channel: ChatChannel,
  part: Extract<AgendaPart, { kind: 'item' | 'header' }>,
  ref: PostedRef,
  u: UpdateContext,
): Promise<void> {
  u.check();
  try {
    await retrying(() => publisher.update!(channel, part, ref), u.sleep, u.maxAttempts);
  } catch (err) {
    const e = asPostError(err);
    if (e.failure !== 'fatal') throw e;
    h.log.warn(
      { channel: channel.channelId, part: part.key, err: e.message },
      `could not update the posted ${part.kind === 'header' ? 'header' : 'item'}`,
    );
  }
}

/** The one line in an item's thread saying what changed: sent once, looked for after a crash, never resent blindly. */
async function sendNote(
  h: Horizon,
  publisher: AgendaPublisher,
  channel: ChatChannel,
  key: PostKey,
  note: Extract<AgendaPart, { kind: 'note' }>,
  u: UpdateContext,
): Promise<void> {
  const row = h.store.posts.get(key);
  if (row?.status === 'posted') return;
  if (row) {
    const found = publisher.findPosted
      ? await publisher.findPosted(channel, note.agenda.month, note).catch(() => undefined)
      : undefined;
    if (found) {
      h.store.posts.markDone(key, found, h.now().toISOString());
      return;
    }
    // It may be in the thread and cannot be looked for: a missing one-line note is better than two.
    if (found === undefined && row.status === 'pending') {
      h.log.warn({ channel: channel.channelId, part: key.part }, 'a change note may be missing; not resent');
      return;
    }
  }
  u.check();
  if (!h.store.posts.claim(key, u.owner, h.now().toISOString())) return;
  try {
    const ref = await sendPart(publisher, channel, note, u.sleep, u.maxAttempts);
    h.store.posts.markDone(key, ref, h.now().toISOString());
  } catch (err) {
    const e = asPostError(err);
    if (e.failure === 'unknown-outcome') h.store.posts.markUnknown(key, e.message, h.now().toISOString());
    else h.store.posts.markFailed(key, e.message, h.now().toISOString());
    h.log.warn(
      { channel: channel.channelId, part: key.part, err: e.message },
      'could not post a change note',
    );
  }
}

async function postToChannel(
  h: Horizon,
  publisher: AgendaPublisher,
  channel: ChatChannel,
  agendaId: number,
  agenda: Agenda,
  opts: PostOptions,
  owner: string,
  mode: Mode = 'post',
  /** The agenda as it was before its last revision: what items posted before shown was recorded show. */
  baseline: Agenda | null = null,
): Promise<ChannelOutcome> {
  const baseSleep = opts.sleep ?? realSleep;
  const maxAttempts = opts.maxAttempts ?? 5;
  const outcome: ChannelOutcome = {
    platform: channel.platform,
    channelId: channel.channelId,
    posted: 0,
    alreadyPosted: 0,
    status: 'ok',
  };
  const headerKey: PostKey = {
    agendaId,
    platform: channel.platform,
    channelId: channel.channelId,
    part: 'header',
  };
  // A refresh leaves a channel the agenda has not reached to "agenda post", without waiting for its lease.
  if (mode === 'refresh' && h.store.posts.get(headerKey)?.status !== 'posted') return outcome;
  const leaseName = `post:${agenda.month}:${channel.platform}:${channel.channelId}`;
  const lease = await holdLease(h, leaseName, owner, opts);
  if (!lease) {
    const holder = h.store.leases.holder(leaseName);
    return {
      ...outcome,
      status: 'busy',
      error: `Another Horizon process (${holder?.owner ?? 'unknown'}) is posting this month's agenda in ${where(channel)} right now; it will finish it. If it has stopped, run "agenda post" again in a minute and it carries on where it stopped.`,
    };
  }
  // A wait (a rate limit, the pace between messages) renews the lease before and after.
  const sleep = async (ms: number) => {
    lease.check();
    await baseSleep(ms);
    lease.check();
  };
  try {
    const parts = agendaParts(
      agenda,
      opts.chart ?? null,
      h.store.posts.previousHeader(agenda.month, channel.platform, channel.channelId),
      { chartPart: publisher.postsChart },
    );
    const refs = new Map<string, PostedRef>();
    const unknown: AgendaPart[] = [];
    let lastPostAt = 0;

    for (const [i, template] of parts.entries()) {
      const key: PostKey = {
        agendaId,
        platform: channel.platform,
        channelId: channel.channelId,
        part: template.key,
      };
      let part = template;
      if (part.kind === 'prompt' || part.kind === 'chart') {
        const parentKey = part.kind === 'prompt' ? `item:${part.item.itemId}` : 'header';
        const parent = refs.get(parentKey);
        // Its thread's first message is unconfirmed: it waits with it for an admin.
        if (!parent && unknown.some((u) => u.key === parentKey)) continue;
        if (!parent) throw new PostError(`${partLabel(part)} has no message to go under`, 'fatal');
        part = { ...part, threadRef: parent.threadRef };
      }

      const row = h.store.posts.get(key);
      if (row?.status === 'posted' && row.messageRef) {
        const ref = { messageRef: row.messageRef, threadRef: row.threadRef ?? row.messageRef };
        refs.set(part.key, ref);
        outcome.alreadyPosted++;
        if (part.kind === 'item') {
          const was = baseline && agendaItems(baseline).find((i) => i.itemId === part.item.itemId);
          const changed = await updateIfChanged(h, publisher, channel, key, part, ref, was ?? null, {
            sleep,
            maxAttempts,
            owner,
            check: () => lease.check(),
          });
          if (changed) outcome.updated = (outcome.updated ?? 0) + 1;
        }
        if (part.kind === 'header' && mode === 'refresh')
          await updateHeaderIfChanged(h, publisher, channel, key, part, ref, baseline, {
            sleep,
            maxAttempts,
            owner,
            check: () => lease.check(),
          });
        continue;
      }
      // A refresh posts only late items; anything else missing is "agenda post"'s to send or report.
      if (mode === 'refresh' && !('item' in part && part.item.late)) continue;
      // An item dropped after the agenda was frozen is not posted where it has not gone yet.
      if (!row && 'item' in part && part.item.dropped) continue;
      // An earlier attempt that was not confirmed may still have arrived: 'pending' means sent and never
      // confirmed (a crash, a lost answer); even a refusal can be misread. Look where the platform lets us.
      if (row && publisher.findPosted) {
        const found = await publisher.findPosted(channel, agenda.month, part);
        if (found) {
          h.store.posts.markDone(key, found, h.now().toISOString());
          recordShown(h, key, part);
          refs.set(part.key, found);
          outcome.alreadyPosted++;
          continue;
        }
      } else if (row?.status === 'pending') {
        // Where it cannot look, a part that may be there is never sent again without an admin's word.
        unknown.push(part);
        continue;
      }

      const wait = lastPostAt + publisher.minIntervalMs - Date.now();
      if (lastPostAt > 0 && wait > 0) await sleep(wait);
      lease.check();
      if (!h.store.posts.claim(key, owner, h.now().toISOString())) {
        // Posted meanwhile (by a process that held the lease before us): use that.
        const now = h.store.posts.get(key);
        if (now?.messageRef)
          refs.set(part.key, { messageRef: now.messageRef, threadRef: now.threadRef ?? now.messageRef });
        outcome.alreadyPosted++;
        continue;
      }
      try {
        const ref = await sendPart(publisher, channel, part, sleep, maxAttempts);
        h.store.posts.markDone(key, ref, h.now().toISOString());
        recordShown(h, key, part);
        refs.set(part.key, ref);
        outcome.posted++;
        lastPostAt = Date.now();
      } catch (err) {
        const e = asPostError(err);
        if (e.failure === 'unknown-outcome') {
          h.store.posts.markUnknown(key, e.message, h.now().toISOString());
          unknown.push(part);
          continue;
        }
        h.store.posts.markFailed(key, e.message, h.now().toISOString());
        // The chart is a courtesy: the agenda goes on without it, and the next run tries it again.
        if (part.kind === 'chart') {
          h.log.warn({ channel: channel.channelId, err: e.message }, 'could not post the agenda chart');
          continue;
        }
        throw e;
      }
      opts.onProgress?.(i + 1, parts.length, `${channel.platform} ${channel.name ?? channel.channelId}`);
    }
    if (unknown.length) {
      outcome.status = 'failed';
      outcome.unknown = unknown.map((p) => p.key);
      outcome.error = `${unknown.length} part${unknown.length === 1 ? '' : 's'} of this month's agenda in ${where(channel)} may be missing: ${unknown.map((p) => `${partLabel(p)} [${p.key}]`).join('; ')}. They were sent but never confirmed, and I cannot check that channel myself, so I have not sent them again (that could post them twice). Look in ${where(channel)}: to send all of them again run "${resendCommand(agenda.month, channel)}", or name only the missing ones (e.g. "${resendCommand(agenda.month, channel)} ${unknown[0]!.key}"), then run "agenda post --month ${agenda.month}".`;
    }
    // The channel's document (a Slack canvas) follows the messages, inside the lease so one process writes it.
    if (outcome.posted > 0 || (outcome.updated ?? 0) > 0)
      await keepChannelDocument(h, publisher, channel, agenda.month, 'agenda', renderAgendaMarkdown(agenda));
    return outcome;
  } finally {
    lease.release();
  }
}

function describe(err: PostError, channel: ChatChannel): string {
  switch (err.failure) {
    case 'channel-unavailable':
      return `I could not post this month's agenda in ${where(channel)}: ${err.message}. Invite me to the channel (or pick another with "channels add"), then run "agenda post" again.`;
    case 'auth':
      return `I could not post this month's agenda in ${where(channel)}: the platform refused my credentials (${err.message}). Check the token in .env and restart Horizon.`;
    default:
      return `I could not finish posting this month's agenda in ${where(channel)}: ${err.message}. Run "agenda post" again; it carries on where it stopped.`;
  }
}

/**
 * Writes a month's section (the agenda, the minutes) into the channel's document where the platform keeps
 * one (a Slack canvas). A courtesy on top of the messages: a failure is logged, never fatal.
 */
export async function keepChannelDocument(
  h: Horizon,
  publisher: AgendaPublisher,
  channel: ChatChannel,
  month: string,
  section: 'agenda' | 'minutes',
  markdown: string,
): Promise<void> {
  if (!publisher.keepDocument) return;
  try {
    await publisher.keepDocument(channel, month, section, markdown);
  } catch (err) {
    h.log.warn(
      { channel: channel.channelId, section, err: (err as Error).message },
      'could not update the channel document',
    );
  }
}

/** Runs a bookkeeping write that must not stop the run when the database fails; logs instead. */
function safely(h: Horizon, what: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    h.log.error({ err }, `could not ${what}`);
  }
}

async function tellAdmins(h: Horizon, publishers: AgendaPublisher[], message: string): Promise<void> {
  for (const p of publishers) {
    await p
      .notifyAdmins?.(message)
      .catch((notifyErr: unknown) => h.log.warn({ err: notifyErr }, 'could not notify admins'));
  }
}

/**
 * Posts a month's agenda to every channel of every publisher, exactly once per part and channel.
 * The agenda is frozen on first post, so a resumed or repeated run posts the same items. One process at a
 * time posts in a channel (a lease in the database), and each part is claimed before it is sent. A channel
 * that fails is reported to the admins and skipped; the others carry on.
 */
export async function postAgenda(
  h: Horizon,
  publishers: AgendaPublisher[],
  opts: PostOptions = {},
): Promise<PostReport> {
  const month = opts.month ?? currentMonth(h);
  const owner = opts.owner ?? posterId();
  const targets: { publisher: AgendaPublisher; channel: ChatChannel }[] = [];
  for (const publisher of publishers) {
    for (const channel of await publisher.channels()) targets.push({ publisher, channel });
  }
  // With nowhere to post, nothing is frozen: the agenda stays a draft until a channel is added.
  if (targets.length === 0) return { month, agendaId: 0, items: 0, channels: [] };

  const run = h.store.runs.start('agenda-post', h.now().toISOString());
  let report: PostReport = { month, agendaId: 0, items: 0, channels: [] };
  try {
    // The poster writes anyway: consultations that opened or closed since the last scan are tagged again
    // and stored before the agenda is frozen (a preview only reads, and shows them as they are by now).
    retagDueItems(h);
    const record = h.store.agendas.freeze(buildAgenda(h, month, opts.enrichers), h.now().toISOString());
    const agenda = record.agenda!;
    report = { month, agendaId: record.id, items: agendaItems(agenda).length, channels: [] };

    for (const { publisher, channel } of targets) {
      try {
        const outcome = await postToChannel(h, publisher, channel, record.id, agenda, opts, owner);
        report.channels.push(outcome);
        if (outcome.status === 'ok')
          safely(h, 'clear the channel error', () =>
            h.store.channels.setError(channel.platform, channel.channelId, null),
          );
        if (outcome.status === 'failed' && outcome.error) {
          const message = outcome.error;
          safely(h, 'record the channel error', () =>
            h.store.channels.setError(channel.platform, channel.channelId, message),
          );
          await tellAdmins(h, [publisher], message);
        }
      } catch (err) {
        const e =
          err instanceof PostError ? err : new PostError(describeStorageError(err, h.config.dbPath), 'fatal');
        const message = describe(e, channel);
        h.log.warn({ platform: channel.platform, channel: channel.channelId, failure: e.failure }, e.message);
        safely(h, 'record the channel error', () =>
          h.store.channels.setError(channel.platform, channel.channelId, message),
        );
        report.channels.push({
          platform: channel.platform,
          channelId: channel.channelId,
          posted: 0,
          alreadyPosted: 0,
          status: 'failed',
          error: message,
        });
        await tellAdmins(h, [publisher], message);
      }
    }
    const failed = report.channels.filter((c) => c.status !== 'ok').length;
    if (failed === 0)
      safely(h, 'mark the agenda posted', () => h.store.agendas.markPosted(record.id, h.now().toISOString()));
    safely(h, 'finish the run record', () =>
      h.store.runs.finish(
        run,
        failed === 0 ? 'ok' : failed < report.channels.length ? 'partial' : 'failed',
        report,
        h.now().toISOString(),
      ),
    );
    return report;
  } catch (err) {
    // The agenda could not even be frozen (the database, most likely): nothing reached any channel.
    const message = `I could not post the ${month} agenda anywhere: ${describeStorageError(err, h.config.dbPath)}`;
    h.log.error({ err }, 'agenda post failed before reaching any channel');
    report.error = message;
    safely(h, 'finish the run record', () =>
      h.store.runs.finish(run, 'failed', report, h.now().toISOString()),
    );
    await tellAdmins(h, publishers, message);
    return report;
  }
}

/**
 * Keeps a posted month's agenda alive, after each scan and after an editor's change: brings the frozen
 * agenda up to date with the store, updates in place each posted item whose shown fields changed (with a
 * line in its thread saying what), and posts items added since as late items with their own threads.
 * Each channel is done under its posting lease, so two processes never update or note anything twice.
 * Returns null when the month has not been posted.
 */
export async function refreshPostedAgenda(
  h: Horizon,
  publishers: AgendaPublisher[],
  opts: PostOptions = {},
): Promise<PostReport | null> {
  const month = opts.month ?? currentMonth(h);
  if (!h.store.agendas.get(month)?.agenda) return null;
  const revised = reviseFrozen(h, month);
  if (!revised) return null;
  const owner = opts.owner ?? posterId();
  const report: PostReport = {
    month,
    agendaId: revised.id,
    items: agendaItems(revised.after).length,
    channels: [],
  };
  for (const publisher of publishers) {
    for (const channel of await publisher.channels()) {
      try {
        const outcome = await postToChannel(
          h,
          publisher,
          channel,
          revised.id,
          revised.after,
          { leaseWaitMs: 30_000, ...opts },
          owner,
          'refresh',
          revised.before,
        );
        report.channels.push(outcome);
        if (outcome.status === 'failed' && outcome.error) await tellAdmins(h, [publisher], outcome.error);
      } catch (err) {
        const e =
          err instanceof PostError ? err : new PostError(describeStorageError(err, h.config.dbPath), 'fatal');
        h.log.warn(
          { platform: channel.platform, channel: channel.channelId, failure: e.failure },
          `could not update the posted agenda: ${e.message}`,
        );
        report.channels.push({
          platform: channel.platform,
          channelId: channel.channelId,
          posted: 0,
          alreadyPosted: 0,
          status: 'failed',
          error: describe(e, channel),
        });
      }
    }
  }
  return report;
}
