import type { HomeData } from '../../../src/commands/actions.js';
import { agendaItems, type Feed } from '../../../src/domain.js';
import type { Block, HomeView } from '../blocks.js';
import { ACTION, encodeItemRef } from '../ids.js';
import type { Notice } from '../notices.js';
import { stageLabel, stageOptions } from '../render/agenda.js';
import { dayLabel, monthLabel } from '../render/dates.js';
import { escapeMrkdwn, mentionUser, mrkdwnLink } from '../render/escape.js';
import { LIMITS, lineSections, textSections } from '../render/limits.js';

export interface HomeExtras {
  /** Problems admins were told about (channels the bot cannot post in, a revoked token). */
  notices: Notice[];
  isEditor: boolean;
  timeZone: string;
}

const MAX_FEEDS_SHOWN = 25;

function when(iso: string | null, timeZone: string): string {
  if (!iso) return 'not scheduled (an admin can set it with `/horizon schedule`)';
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(new Date(iso));
}

function feedLine(f: Feed): string {
  if (f.health.status === 'failing') {
    const since = dayLabel(f.health.failingSince);
    return `:red_circle: ${mrkdwnLink(f.title, f.url)} — ${escapeMrkdwn(f.health.lastError ?? 'failing')}${since ? ` _(since ${since})_` : ''}`;
  }
  if (f.health.status === 'never-fetched')
    return `:white_circle: ${mrkdwnLink(f.title, f.url)} — not read yet`;
  return `:large_green_circle: ${mrkdwnLink(f.title, f.url)}`;
}

function divider(): Block {
  return { type: 'divider' };
}

/** The bot's home page: when the next agenda goes, this month's draft to review, feed health and decisions. */
export function homeView(data: HomeData, extras: HomeExtras): HomeView {
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Horizon' } },
    ...textSections(`*Next agenda:* ${escapeMrkdwn(when(data.nextAgendaAt, extras.timeZone))}`),
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.homeAddFeed,
          text: { type: 'plain_text', text: 'Add a feed' },
          style: 'primary',
        },
      ],
    },
  ];

  if (extras.notices.length) {
    blocks.push(
      divider(),
      ...lineSections([
        ':warning: *Needs attention*',
        ...extras.notices.map((n) => `• ${escapeMrkdwn(n.message)} _(${dayLabel(n.at)})_`),
      ]),
    );
  }

  const items = agendaItems(data.draft);
  blocks.push(
    divider(),
    ...textSections(
      `*${data.posted ? 'Agenda' : 'Draft agenda'} for ${monthLabel(data.month)}* — ${items.length} ${items.length === 1 ? 'item' : 'items'}${data.posted ? ' (posted)' : ''}`,
    ),
  );
  if (items.length === 0) blocks.push(...textSections('_Nothing yet: items appear as feeds are read._'));
  const editable = extras.isEditor && !data.posted;
  for (const item of items) {
    const ref = encodeItemRef({ itemId: item.itemId, month: data.month });
    blocks.push(
      ...textSections(
        `${mrkdwnLink(item.title, item.link)}\n${stageLabel(item.stage)} · ${escapeMrkdwn(item.source)} · #${item.itemId}`,
      ),
    );
    if (editable) {
      blocks.push({
        type: 'actions',
        block_id: `home_item_${item.itemId}`,
        elements: [
          {
            type: 'static_select',
            action_id: ACTION.homeStage,
            placeholder: { type: 'plain_text', text: 'Change stage' },
            options: stageOptions().map((o) => ({ ...o, value: `${ref}:${o.value}` })),
          },
          {
            type: 'button',
            action_id: ACTION.homeDrop,
            text: { type: 'plain_text', text: 'Drop from agenda' },
            value: ref,
          },
        ],
      });
    }
  }

  const feeds = data.feeds.slice(0, MAX_FEEDS_SHOWN).map(feedLine);
  const hidden = data.feeds.length - feeds.length;
  if (hidden > 0) feeds.push(`_…and ${hidden} more: \`/horizon feeds list\` shows them all._`);
  blocks.push(
    divider(),
    ...lineSections([
      `*Feeds* (${data.feeds.length})`,
      ...(feeds.length ? feeds : ['_No feeds yet: use *Add a feed*._']),
    ]),
  );

  if (data.decisions.length) {
    const lines = data.decisions.map((d) => {
      const who = [d.owner ? mentionUser(d.owner) : null, d.dueDate ? `due ${dayLabel(d.dueDate)}` : null]
        .filter(Boolean)
        .join(', ');
      return `• #${d.id} ${escapeMrkdwn(d.decision)}${who ? ` — ${who}` : ''} _(${escapeMrkdwn(d.itemTitle)}, ${monthLabel(d.month)})_`;
    });
    blocks.push(divider(), ...lineSections(['*Open decisions and actions*', ...lines]));
  }

  if (blocks.length > LIMITS.blocksPerView) {
    blocks.length = LIMITS.blocksPerView - 1;
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'There is more than fits here: `/horizon agenda preview` and `/horizon feeds list` show everything.',
        },
      ],
    });
  }
  return { type: 'home', blocks };
}
