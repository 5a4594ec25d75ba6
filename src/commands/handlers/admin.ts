import type { Horizon } from '../../context.js';
import type { Platform, Role } from '../../domain.js';
import { listFeeds } from '../../store/feeds.js';
import { addChannel, listChannels, removeChannel } from '../../store/channels.js';
import { listRoles, setRole } from '../../store/roles.js';
import { lastRun } from '../../store/runs.js';
import { agendaSchedule, nextAgendaAt, setAgendaSchedule } from '../../schedule/settings.js';
import { getAgendaRecord } from '../../store/agendas.js';
import { currentMonth } from '../../agenda/build.js';
import { DateTime } from 'luxon';
import { fail, ok } from '../reply.js';
import type { CommandContext, Reply } from '../types.js';
import { roleOf } from '../roles.js';

function when(date: Date | null, zone: string): string {
  return date
    ? DateTime.fromJSDate(date, { zone }).toFormat("cccc d LLLL yyyy 'at' HH:mm ZZZZ")
    : 'not scheduled';
}

export function channelsList(h: Horizon): Reply {
  const channels = listChannels(h.db);
  if (!channels.length) {
    return ok('No agenda channels yet.', [], {
      hint: 'In the SMT channel, type "channels add here" (Slack: /horizon channels add here).',
      data: [],
    });
  }
  return ok(
    `${channels.length} agenda channel${channels.length === 1 ? '' : 's'}`,
    [
      {
        type: 'list',
        items: channels.map((c) => ({
          text: `${c.platform}: ${c.name ? `#${c.name}` : c.channelId}`,
          detail: c.lastError ? `problem: ${c.lastError}` : `added by ${c.addedBy}`,
        })),
      },
    ],
    { data: channels },
  );
}

function targetChannel(
  ctx: CommandContext,
  arg: string | undefined,
): { id: string; name?: string; here: boolean } | null {
  if (!arg || arg.toLowerCase() === 'here') {
    return ctx.channelId ? { id: ctx.channelId, name: ctx.channelName, here: true } : null;
  }
  // Slack sends channel mentions as <#C123|name>.
  const mention = /^<#(\w+)(?:\|([^>]*))?>$/.exec(arg);
  if (mention) return { id: mention[1]!, name: mention[2] || undefined, here: false };
  return { id: arg.replace(/^#/, ''), here: false };
}

export function channelsAdd(h: Horizon, ctx: CommandContext, arg: string | undefined): Reply {
  const target = targetChannel(ctx, arg);
  if (!target)
    return fail(
      'Which channel?',
      'Type "channels add here" in the SMT channel, or give its id: "channels add C0123456".',
    );
  const platform: Platform = ctx.platform === 'cli' ? 'console' : ctx.platform;
  const c = addChannel(
    h.db,
    {
      platform,
      channelId: target.id,
      name: target.name ?? null,
      reference: target.here ? ctx.channelReference : undefined,
      addedBy: ctx.userId,
    },
    h.now().toISOString(),
  );
  const next = nextAgendaAt(h);
  return ok(
    `The monthly agenda will be posted in ${c.name ? `#${c.name}` : c.channelId}.`,
    [{ type: 'text', text: `Next agenda: ${when(next, agendaSchedule(h).timezone)}.` }],
    { data: c },
  );
}

export function channelsRemove(h: Horizon, ctx: CommandContext, arg: string | undefined): Reply {
  const target = targetChannel(ctx, arg);
  if (!target) return fail('Which channel?', 'Type "channels remove here" in the channel, or give its id.');
  const platform: Platform = ctx.platform === 'cli' ? 'console' : ctx.platform;
  return removeChannel(h.db, platform, target.id)
    ? ok(`No more agendas in ${target.name ? `#${target.name}` : target.id}.`)
    : fail(`${target.id} is not an agenda channel.`, 'See "channels list".');
}

export function scheduleShow(h: Horizon): Reply {
  const s = agendaSchedule(h);
  const next = nextAgendaAt(h);
  return ok(
    `Agenda schedule: ${s.rule.text} (${s.timezone})`,
    [{ type: 'text', text: `Next agenda: ${when(next, s.timezone)}.` }],
    {
      data: { schedule: s.rule.text, timezone: s.timezone, next: next?.toISOString() ?? null },
    },
  );
}

export function scheduleSet(h: Horizon, spec: string | undefined, timezone: string | undefined): Reply {
  if (!spec)
    return fail(
      'Give a schedule.',
      'For example: schedule set "first monday 09:00" --timezone Europe/London',
    );
  try {
    const s = setAgendaSchedule(h, spec, timezone);
    return ok(`Agenda schedule set: ${s.rule.text} (${s.timezone}).`, [
      { type: 'text', text: `Next agenda: ${when(nextAgendaAt(h), s.timezone)}.` },
    ]);
  } catch (err) {
    return fail((err as Error).message, 'For example: schedule set "first monday 09:00"');
  }
}

export function rolesShow(h: Horizon, ctx: CommandContext): Reply {
  const grants = listRoles(h.db);
  const items = [
    ...h.config.admins.map((u) => ({ text: `${u}: admin`, detail: 'from HORIZON_ADMINS' })),
    ...h.config.editors.map((u) => ({ text: `${u}: editor`, detail: 'from HORIZON_EDITORS' })),
    ...grants.map((g) => ({
      text: `${g.userId}: ${g.role}`,
      detail: `${g.platform}, granted by ${g.grantedBy}`,
    })),
  ];
  return ok(
    `You are ${roleOf(h, ctx) === 'admin' ? 'an admin' : `a${roleOf(h, ctx) === 'editor' ? 'n editor' : ' member'}`}.`,
    [
      {
        type: 'text',
        text: 'Editors add and curate feeds and the draft agenda; admins also choose channels, the schedule and roles.',
      },
      ...(items.length ? [{ type: 'list' as const, heading: 'Roles', items }] : []),
    ],
    { data: { you: roleOf(h, ctx), grants } },
  );
}

/** From the shell there is no platform: Slack member ids and Entra object ids look different enough to tell. */
function platformOfUserId(userId: string): Platform | null {
  if (/^[UW][A-Z0-9]{2,}$/.test(userId)) return 'slack';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) return 'teams';
  return null;
}

export function rolesGrant(
  h: Horizon,
  ctx: CommandContext,
  user: string | undefined,
  role: string | undefined,
): Reply {
  if (!user || !role || !['admin', 'editor', 'member'].includes(role)) {
    return fail('Give a person and a role.', 'Usage: roles grant USER_ID admin|editor|member');
  }
  const userId = /^<@(\w+)(?:\|[^>]*)?>$/.exec(user)?.[1] ?? user.replace(/^@/, '');
  const platform = ctx.platform === 'cli' ? platformOfUserId(userId) : ctx.platform;
  if (!platform) {
    return fail(
      `"${userId}" is neither a Slack user id (U0123ABCD) nor a Teams user id (an Entra object id, a GUID).`,
      'Copy the id from the person’s Slack profile (⋮ → Copy member ID) or from Entra admin.',
    );
  }
  setRole(h.db, {
    platform,
    userId,
    role: role as Role,
    grantedBy: ctx.userId,
    grantedAt: h.now().toISOString(),
  });
  return ok(
    `${userId} is now ${role === 'admin' ? 'an admin' : `a${role === 'editor' ? 'n editor' : ' member'}`}.`,
  );
}

export function status(h: Horizon): Reply {
  const feeds = listFeeds(h.db);
  const failing = feeds.filter((f) => f.health.status === 'failing');
  const items = (h.db.prepare('SELECT COUNT(*) AS n FROM items').get() as { n: number }).n;
  const month = currentMonth(h);
  const record = getAgendaRecord(h.db, month);
  const scan = lastRun(h.db, 'scan');
  const s = agendaSchedule(h);
  return ok(
    failing.length
      ? `${failing.length} of ${feeds.length} feeds need attention`
      : `All ${feeds.length} feeds OK`,
    [
      {
        type: 'fields',
        fields: [
          { label: 'Feeds', value: `${feeds.length} (${failing.length} failing)` },
          { label: 'Items stored', value: String(items) },
          {
            label: 'Last scan',
            value: scan ? `${scan.startedAt.slice(0, 16).replace('T', ' ')} UTC (${scan.status})` : 'never',
          },
          { label: `Agenda for ${month}`, value: record?.status ?? 'not posted yet' },
          { label: 'Next agenda', value: when(nextAgendaAt(h), s.timezone) },
          { label: 'Channels', value: String(listChannels(h.db).length) },
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
    ],
    { data: { feeds: feeds.length, failing: failing.length, items, month, agenda: record?.status ?? null } },
  );
}
