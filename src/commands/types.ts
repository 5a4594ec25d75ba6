import type { Agenda, Platform, Role } from '../domain.js';

/** Who typed a command, and where. Adapters fill this in; the command layer decides what they may do. */
export interface CommandContext {
  platform: Platform;
  userId: string;
  userName?: string;
  /** The channel or conversation the command was typed in, when there is one. */
  channelId?: string;
  channelName?: string;
  /** Platform data needed to post to that channel later (a Teams conversation reference). */
  channelReference?: unknown;
  /** Whoever runs the CLI on the server is an admin. */
  isServerCli?: boolean;
  /** Reports progress of long jobs (a scan of hundreds of feeds). */
  progress?: (done: number, total: number, label: string) => void;
}

/** A link or a line of text in a reply. Text is plain; adapters escape it for their platform. */
export interface ReplyLine {
  text: string;
  url?: string;
  /** A second, quieter line (a reason, a date, an error). */
  detail?: string;
}

export type ReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'list'; heading?: string; items: ReplyLine[] }
  | { type: 'fields'; fields: { label: string; value: string }[] };

/** What a command answers: platform-neutral, rendered by each adapter. */
export interface Reply {
  ok: boolean;
  /** One short line that says what happened (or what went wrong). */
  title: string;
  blocks: ReplyBlock[];
  /** What to do next, on errors especially. */
  hint?: string;
  /** Private replies go only to the person who asked (ephemeral in Slack). */
  visibility: 'private' | 'channel';
  /** The structured result for `--json` and for adapters that render richly. */
  data?: unknown;
  /** An agenda to render as an agenda (preview). */
  agenda?: Agenda;
  /** Ask the adapter to open a form instead of (or as well as) showing the reply. */
  form?: {
    type: 'add-feed';
    error?: { field: 'url' | 'kind' | 'themes'; message: string };
    values?: Record<string, string>;
  };
  /** For the CLI: the exit code. 0 on success. */
  exitCode?: number;
}

export interface CommandSpec {
  /** The words that select it: ['feeds', 'add']. */
  path: string[];
  usage: string;
  summary: string;
  role: Role;
  /** Slow commands (a fetch) are acknowledged first and answered later by chat adapters. */
  slow?: boolean;
}
