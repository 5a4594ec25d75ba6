import type { CommandSpec } from './types.js';

/** Every command, as people type them after `/horizon`, after an @mention in Teams, or after `horizon` in a shell. */
export const COMMANDS: CommandSpec[] = [
  { path: ['help'], usage: 'help [command]', summary: 'What Horizon can do, and how to ask', role: 'member' },
  {
    path: ['status'],
    usage: 'status',
    summary: 'Feed health, item counts and the next agenda date',
    role: 'member',
  },
  {
    path: ['feeds', 'list'],
    usage: 'feeds list',
    summary: 'The feeds Horizon reads, broken ones first',
    role: 'member',
  },
  {
    path: ['feeds', 'add'],
    usage: 'feeds add URL [--kind policy|funding|news|research|parliament|legislation] [--theme SLUG]...',
    summary: 'Add a feed (checked by fetching it first); with no URL, opens a form',
    role: 'editor',
    slow: true,
  },
  {
    path: ['feeds', 'remove'],
    usage: 'feeds remove ID|URL',
    summary: 'Stop reading a feed (its items are kept)',
    role: 'editor',
  },
  {
    path: ['feeds', 'export'],
    usage: 'feeds export',
    summary: 'The feed list as OPML, for other feed readers',
    role: 'member',
  },
  { path: ['scan'], usage: 'scan', summary: 'Read every feed that is due, now', role: 'admin', slow: true },
  {
    path: ['channels', 'list'],
    usage: 'channels list',
    summary: 'The channels that receive the agenda',
    role: 'member',
  },
  {
    path: ['channels', 'add'],
    usage: 'channels add [here|CHANNEL_ID]',
    summary: 'Send the monthly agenda to this (or that) channel',
    role: 'admin',
  },
  {
    path: ['channels', 'remove'],
    usage: 'channels remove [here|CHANNEL_ID]',
    summary: 'Stop sending the agenda to a channel',
    role: 'admin',
  },
  {
    path: ['agenda', 'preview'],
    usage: 'agenda preview [--month YYYY-MM]',
    summary: "This month's draft agenda, as it would be posted",
    role: 'member',
  },
  {
    path: ['agenda', 'post'],
    usage: 'agenda post [--month YYYY-MM]',
    summary: 'Post the agenda to every agenda channel now (never twice)',
    role: 'admin',
    slow: true,
  },
  {
    path: ['agenda', 'drop'],
    usage: 'agenda drop ITEM_ID [--month YYYY-MM]',
    summary: "Leave an item out of this month's agenda",
    role: 'editor',
  },
  {
    path: ['agenda', 'add'],
    usage: 'agenda add ITEM_ID [--month YYYY-MM]',
    summary: "Put an item on this month's agenda",
    role: 'editor',
  },
  {
    path: ['tag'],
    usage: 'tag ITEM_ID stage trigger|peak|trough|slope|plateau|unknown  |  tag ITEM_ID not-relevant',
    summary: 'Correct an item’s stage, or mark it not relevant (Horizon learns from this)',
    role: 'editor',
  },
  {
    path: ['decide'],
    usage: 'decide ITEM_ID "what we decided" [--owner NAME] [--due YYYY-MM-DD]',
    summary: 'Record what the SMT decided about an item',
    role: 'editor',
  },
  {
    path: ['decisions'],
    usage: 'decisions [--month YYYY-MM]',
    summary: 'Decisions recorded for a month (last month by default)',
    role: 'member',
  },
  {
    path: ['schedule'],
    usage:
      'schedule  |  schedule set "first monday 09:00" [--timezone Europe/London]  |  schedule set "CRON"',
    summary: 'When the agenda is posted',
    role: 'member',
  },
  {
    path: ['topics'],
    usage: 'topics  |  topics rename SLUG "New name"  |  topics merge FROM INTO  |  topics pin|unpin SLUG',
    summary: 'Policies followed month by month; editors rename, merge and pin them',
    role: 'member',
  },
  {
    path: ['profile'],
    usage: 'profile  |  profile set [--mission "…"] [--beneficiaries "…"] [--themes slug,…] [--places "…"]',
    summary: 'What the organisation cares about, used to rank the agenda',
    role: 'member',
  },
  {
    path: ['roles'],
    usage: 'roles  |  roles grant USER_ID admin|editor|member',
    summary: 'Who may change feeds (editors) and run Horizon (admins)',
    role: 'member',
  },
];

/** The spec a line of words selects: the longest matching path. */
export function findCommand(words: string[]): CommandSpec | undefined {
  const lower = words.map((w) => w.toLowerCase());
  return [...COMMANDS]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((p, i) => lower[i] === p));
}
