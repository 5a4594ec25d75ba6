import type { Horizon } from '../context.js';
import type { Agenda, Minutes, Platform, Role } from '../domain.js';
import type { OptionSpec } from './words.js';

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
  /** Minutes to render as minutes (preview). */
  minutes?: Minutes;
  /** Ask the adapter to open a form instead of (or as well as) showing the reply. */
  form?: {
    type: 'add-feed';
    error?: { field: 'url' | 'kind' | 'themes'; message: string };
    values?: Record<string, string>;
  };
  /** For the CLI: the exit code. 0 on success. */
  exitCode?: number;
  /**
   * People named in the title or hint by their platform id; a chat adapter shows each as a mention
   * (Slack: @name) rather than the raw id. The text keeps the ids, which is what a terminal shows.
   */
  mentions?: string[];
}

/** What a command receives: the words after its path, split into positionals and `--options`. */
export interface CommandArgs {
  positionals: string[];
  values: Record<string, string | string[] | boolean | undefined>;
  /** An option's value as text, or undefined when it was not given. */
  opt(name: string): string | undefined;
}

/**
 * One command, as data: the words that select it, how it is typed, who may run it, its options and
 * what it does. Each lives in its own file under src/commands/<group>/ and is listed in
 * src/commands/index.ts; help, role checks, Slack, Teams and the CLI all come from that list.
 */
export interface CommandSpec {
  /** The words that select it: ['feeds', 'add']. */
  path: string[];
  /** Other words that select it too: `topics` for `topics list`. */
  aliases?: string[][];
  usage: string;
  summary: string;
  role: Role;
  options?: OptionSpec;
  /**
   * Slow commands (a fetch, a post) are acknowledged first and answered later by chat adapters. A
   * function decides from the words after the path ("feeds add" with no address opens a form at once).
   */
  slow?: boolean | ((rest: string[]) => boolean);
  run(h: Horizon, ctx: CommandContext, args: CommandArgs): Reply | Promise<Reply>;
}

/** Types a command file's export; nothing more. */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
