import type { Horizon } from '../context.js';
import type { Stage } from '../domain.js';
import { decisionsForMonth } from '../store/decisions.js';
import { scanFeeds } from '../ingest/scan.js';
import { monthLabel, previousMonth } from '../time.js';
import { changeStage, forbidden, markNotRelevant, recordDecision } from './actions.js';
import { COMMANDS, findCommand } from './catalog.js';
import { agendaOverride, agendaPost, agendaPreview, monthArg } from './handlers/agenda.js';
import {
  channelsAdd,
  channelsList,
  channelsRemove,
  rolesGrant,
  rolesShow,
  scheduleSet,
  scheduleShow,
  status,
} from './handlers/admin.js';
import { feedsAdd, feedsExport, feedsList, feedsRemove } from './handlers/feeds.js';
import { profileSet, profileShow, topicsEdit, topicsList } from './handlers/topics.js';
import { fail, ok, usageError } from './reply.js';
import { hasRole } from './roles.js';
import type { CommandContext, CommandSpec, Reply } from './types.js';
import { type OptionSpec, type ParsedArgs, parseWords, splitWords } from './words.js';

const OPTIONS: Record<string, OptionSpec> = {
  'feeds add': { kind: { type: 'string' }, theme: { type: 'string', multiple: true } },
  'agenda preview': { month: { type: 'string' } },
  'agenda post': { month: { type: 'string' } },
  'agenda drop': { month: { type: 'string' } },
  'agenda add': { month: { type: 'string' } },
  decide: { owner: { type: 'string' }, due: { type: 'string' }, month: { type: 'string' } },
  decisions: { month: { type: 'string' } },
  schedule: { timezone: { type: 'string' } },
  profile: {
    mission: { type: 'string' },
    beneficiaries: { type: 'string' },
    themes: { type: 'string' },
    places: { type: 'string' },
  },
};

export function help(topic?: string[]): Reply {
  const spec = topic?.length ? findCommand(topic) : undefined;
  if (spec) {
    return ok(spec.usage, [
      { type: 'text', text: spec.summary },
      { type: 'text', text: `Who: ${spec.role === 'member' ? 'anyone' : `${spec.role}s`}` },
    ]);
  }
  return ok('Horizon runs your monthly horizon scan. Commands:', [
    { type: 'list', items: COMMANDS.map((c) => ({ text: c.usage, detail: c.summary })) },
  ]);
}

function closest(words: string[]): CommandSpec[] {
  const first = words[0]?.toLowerCase() ?? '';
  return COMMANDS.filter((c) => c.path[0] === first || c.path[0]!.startsWith(first.slice(0, 3)));
}

/** True for commands that fetch or post, which chat adapters acknowledge first and answer later. */
export function isSlowCommand(text: string): boolean {
  const words = splitWords(text);
  const spec = findCommand(words);
  if (!spec?.slow) return false;
  // "feeds add" with no URL opens a form at once.
  return !(spec.path.join(' ') === 'feeds add' && words.length < 3);
}

/**
 * Runs one command for one person. This is the only place that decides what a command means and who may
 * run it: the CLI, Slack and Teams all come through here.
 */
export async function runCommand(h: Horizon, ctx: CommandContext, text: string): Promise<Reply> {
  return runWords(h, ctx, splitWords(text.trim()));
}

/** The same, for words already split (a shell has done it for the CLI). */
export async function runWords(h: Horizon, ctx: CommandContext, words: string[]): Promise<Reply> {
  if (words.length === 0) return help();
  const spec = findCommand(words);
  if (!spec) {
    const near = closest(words);
    return {
      ...fail(
        `I don't know "${words.join(' ')}".`,
        near.length
          ? `Did you mean: ${near.map((c) => c.usage).join('  |  ')}`
          : 'Type "help" to see what I can do.',
        { exitCode: 2 },
      ),
      blocks: [{ type: 'list', items: COMMANDS.map((c) => ({ text: c.usage })) }],
    };
  }
  if (!hasRole(h, ctx, spec.role))
    return forbidden(h, ctx, spec.role === 'admin' ? 'admin' : 'editor', `use "${spec.path.join(' ')}"`);

  let args: ParsedArgs;
  try {
    args = parseWords(words.slice(spec.path.length), OPTIONS[spec.path.join(' ')] ?? {});
  } catch (err) {
    return usageError((err as Error).message.split('\n')[0]!, spec.usage);
  }
  const [a1, a2, a3] = args.positionals;
  const opt = (name: string) => args.values[name] as string | undefined;

  try {
    return await dispatch(h, ctx, spec, args, a1, a2, a3, opt);
  } catch (err) {
    h.log.error({ err, command: spec.path.join(' ') }, 'command failed');
    return fail(
      `Something went wrong running "${spec.path.join(' ')}": ${(err as Error).message}`,
      'Try again; if it keeps failing, an admin can look at the logs.',
    );
  }
}

async function dispatch(
  h: Horizon,
  ctx: CommandContext,
  spec: CommandSpec,
  args: ParsedArgs,
  a1: string | undefined,
  a2: string | undefined,
  a3: string | undefined,
  opt: (name: string) => string | undefined,
): Promise<Reply> {
  switch (spec.path.join(' ')) {
    case 'help':
      return help(args.positionals);
    case 'status':
      return status(h);
    case 'feeds list':
      return feedsList(h);
    case 'feeds add':
      if (!a1) {
        return ctx.platform === 'cli' || ctx.platform === 'console'
          ? usageError('Give the feed’s address.', spec.usage)
          : ok('Add a feed', [], { form: { type: 'add-feed' } });
      }
      return feedsAdd(h, ctx, {
        url: a1,
        kind: opt('kind'),
        themes: (args.values.theme as string[] | undefined) ?? [],
      });
    case 'feeds remove':
      return feedsRemove(h, a1);
    case 'feeds export':
      return feedsExport(h);
    case 'scan': {
      const report = await scanFeeds(h, { progress: ctx.progress });
      const failed = report.feeds.filter((f) => f.outcome === 'failed');
      return ok(
        `Read ${report.totals.feeds} feeds: ${report.totals.newItems} new items, ${report.totals.failed} failed.`,
        failed.length
          ? [
              {
                type: 'list',
                heading: 'Failed',
                items: failed.map((f) => ({ text: f.title, url: f.url, detail: f.error })),
              },
            ]
          : [],
        { data: report },
      );
    }
    case 'channels list':
      return channelsList(h);
    case 'channels add':
      return channelsAdd(h, ctx, a1);
    case 'channels remove':
      return channelsRemove(h, ctx, a1);
    case 'agenda preview':
      return agendaPreview(h, opt('month'));
    case 'agenda post':
      return agendaPost(h, ctx, opt('month'));
    case 'agenda drop':
      return agendaOverride(h, ctx, 'drop', a1, opt('month'));
    case 'agenda add':
      return agendaOverride(h, ctx, 'add', a1, opt('month'));
    case 'tag': {
      const itemId = Number(a1?.replace('#', ''));
      if (!Number.isInteger(itemId)) return usageError('Give the item’s id.', spec.usage);
      if (a2 === 'not-relevant') return markNotRelevant(h, ctx, itemId);
      if (a2 === 'stage' && a3) return changeStage(h, ctx, itemId, a3 as Stage);
      return usageError('Say what to change.', spec.usage);
    }
    case 'decide': {
      const itemId = Number(a1?.replace('#', ''));
      if (!Number.isInteger(itemId) || !a2)
        return usageError('Give the item’s id and the decision.', spec.usage);
      const month = monthArg(h, opt('month'));
      if (typeof month !== 'string') return month;
      return recordDecision(h, ctx, {
        itemId,
        month,
        decision: args.positionals.slice(1).join(' '),
        owner: opt('owner'),
        dueDate: opt('due'),
      });
    }
    case 'decisions': {
      const month = monthArg(h, opt('month'));
      if (typeof month !== 'string') return month;
      const target = opt('month') ? month : previousMonth(month);
      const list = decisionsForMonth(h.db, target);
      return ok(
        `${list.length} decision${list.length === 1 ? '' : 's'} for ${monthLabel(target)}`,
        list.length
          ? [
              {
                type: 'list',
                items: list.map((d) => ({
                  text: `${d.itemTitle}: ${d.decision}`,
                  detail:
                    [d.owner && `owner ${d.owner}`, d.dueDate && `due ${d.dueDate}`]
                      .filter(Boolean)
                      .join(' · ') || undefined,
                })),
              },
            ]
          : [],
        { data: list },
      );
    }
    case 'schedule':
      if (a1 === 'set') {
        if (!hasRole(h, ctx, 'admin')) return forbidden(h, ctx, 'admin', 'change the schedule');
        return scheduleSet(h, args.positionals.slice(1).join(' ') || undefined, opt('timezone'));
      }
      return scheduleShow(h);
    case 'topics':
      if (!a1 || a1 === 'list') return topicsList(h);
      if (!hasRole(h, ctx, 'editor')) return forbidden(h, ctx, 'editor', 'change topics');
      return topicsEdit(h, a1, a2, args.positionals.slice(2).join(' ') || undefined);
    case 'profile':
      if (a1 === 'set') {
        if (!hasRole(h, ctx, 'admin')) return forbidden(h, ctx, 'admin', 'change the profile');
        return profileSet(h, {
          mission: opt('mission'),
          beneficiaries: opt('beneficiaries'),
          themes: opt('themes'),
          places: opt('places'),
        });
      }
      return profileShow(h);
    case 'roles':
      if (a1 === 'grant') {
        if (!hasRole(h, ctx, 'admin')) return forbidden(h, ctx, 'admin', 'change roles');
        return rolesGrant(h, ctx, a2, a3);
      }
      return rolesShow(h, ctx);
    default:
      return help();
  }
}
