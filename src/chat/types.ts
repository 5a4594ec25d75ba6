import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agenda, AgendaItem, Minutes, Platform } from '../domain.js';

/** A channel that receives the agenda. */
export interface ChatChannel {
  platform: Platform;
  channelId: string;
  name?: string | null;
  /** Whatever the platform needs to post there later (a Teams conversation reference). */
  reference?: unknown;
}

/** A picture of this month's topics on the hype cycle. */
export interface AgendaChart {
  svg: string;
  png: Uint8Array;
  /** A one-sentence description, for alt text. */
  alt: string;
}

/**
 * The parts of an agenda as they are posted: a header, then for each item its message and, in that
 * message's thread, the discussion prompt.
 */
export type AgendaPart =
  | {
      kind: 'header';
      key: 'header';
      agenda: Agenda;
      chart: AgendaChart | null;
      /** Last month's header in this channel, for a link back to it. */
      previous: PostedRef | null;
    }
  /** The hype-cycle picture in the header's thread, for platforms that post it as a message of its own. */
  | { kind: 'chart'; key: 'chart'; agenda: Agenda; chart: AgendaChart; threadRef: string }
  | { kind: 'item'; key: string; agenda: Agenda; item: AgendaItem; index: number }
  | { kind: 'prompt'; key: string; agenda: Agenda; item: AgendaItem; threadRef: string }
  /** One line in an item's thread saying what changed since it was posted ("Deadline moved from …"). */
  | { kind: 'note'; key: string; agenda: Agenda; item: AgendaItem; text: string; threadRef: string };

export interface PostedRef {
  /** The platform's id for the message (Slack ts, Teams activity id). */
  messageRef: string;
  /** The id replies must use to land in this message's thread (Slack ts, Teams conversation id;messageid). */
  threadRef: string;
}

/**
 * How a post failed. 'unknown-outcome': the request went out but no answer came back (a dropped
 * connection, a timeout), so the message may be in the channel; it must not be sent again blindly.
 */
export type PostFailure =
  'rate-limited' | 'transient' | 'unknown-outcome' | 'channel-unavailable' | 'auth' | 'fatal';

export class PostError extends Error {
  constructor(
    message: string,
    readonly failure: PostFailure,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PostError';
  }
}

/** What an adapter gives the core so the core can post an agenda there. */
export interface AgendaPublisher {
  platform: Platform;
  /** Least time between two posts to one channel, to stay inside the platform's rate limits. */
  minIntervalMs: number;
  /** Posts the chart as a part of its own in the header's thread (else the header carries it). */
  postsChart?: boolean;
  /** The SMT channels on this platform. */
  channels(): Promise<ChatChannel[]>;
  /** Posts one part. Throws PostError to say how it failed. */
  post(channel: ChatChannel, part: AgendaPart): Promise<PostedRef>;
  /**
   * After a crash between sending a message and recording it, or a lost answer: look for it in the
   * channel, so it is not sent twice. Null means it is not there. Platforms that cannot look leave this
   * out, and such a part is never sent again without an admin saying so.
   */
  findPosted?(channel: ChatChannel, agendaMonth: string, part: AgendaPart): Promise<PostedRef | null>;
  /**
   * Replaces a posted item's message, or the header's first message, with it as it now stands (Slack
   * chat.update, Teams updateActivity). Doing it twice does no harm, so a lost answer is simply tried again.
   */
  update?(
    channel: ChatChannel,
    part: Extract<AgendaPart, { kind: 'item' | 'header' }>,
    ref: PostedRef,
  ): Promise<void>;
  /**
   * Keeps a month's section of the channel's document in step (a Slack canvas, where the setting is on and
   * the workspace allows one): the agenda once posted, later the minutes. Best effort: a platform or plan
   * without such documents does nothing, and the messages carry the agenda either way.
   */
  keepDocument?(
    channel: ChatChannel,
    month: string,
    section: 'agenda' | 'minutes',
    markdown: string,
  ): Promise<void>;
  /** Tells the admins something went wrong (a DM, a card). Never posts to the SMT channel. */
  notifyAdmins?(message: string): Promise<void>;
  /** Posts a month's minutes in its agenda header's thread (`threadRef`). Throws PostError. */
  postMinutes?(channel: ChatChannel, minutes: Minutes, threadRef: string): Promise<PostedRef>;
  /**
   * Sends one person a direct message (a reminder). False when the id is not this platform's or the
   * person cannot be reached this way (Teams: no personal chat with the bot yet).
   */
  sendDirect?(userId: string, text: string): Promise<boolean>;
}

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

export interface AdapterHealth {
  ok: boolean;
  detail: string;
}

/** A chat platform as the core sees it: routes on the shared HTTP server, a publisher, a lifecycle. */
export interface ChatAdapter {
  platform: Platform;
  /** Routes this adapter serves on the shared HTTP server (`POST /slack/events`, `POST /api/messages`). */
  routes: HttpRoute[];
  publisher: AgendaPublisher;
  /** Connects (Socket Mode, for example). Routes are served whether or not this is called. */
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): Promise<AdapterHealth>;
}
