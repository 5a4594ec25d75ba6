import type { Horizon } from '../../context.js';
import type { Agenda } from '../../domain.js';
import { agendaItems } from '../../domain.js';
import { buildAgenda, currentMonth } from '../../agenda/build.js';
import { postAgenda } from '../../agenda/post.js';
import { getAgendaRecord, setOverride } from '../../store/agendas.js';
import { getItem } from '../../store/items.js';
import { isMonth, monthLabel, shortDate } from '../../time.js';
import { fail, ok } from '../reply.js';
import type { CommandContext, Reply, ReplyBlock } from '../types.js';
import { agendaEnrichers } from '../../agenda/enrich.js';

export function monthArg(h: Horizon, month: string | undefined): string | Reply {
  if (!month) return currentMonth(h);
  return isMonth(month)
    ? month
    : fail(`"${month}" is not a month.`, 'Use YYYY-MM, for example --month 2026-03.', { exitCode: 2 });
}

/** The agenda as generic reply blocks, for platforms that do not render agendas specially. */
export function agendaBlocks(agenda: Agenda): ReplyBlock[] {
  const blocks: ReplyBlock[] = agenda.sections.map((s) => ({
    type: 'list',
    heading: `${s.guide.label}: ${s.guide.tactic}`,
    items: s.items.map((i) => ({
      text: i.title,
      url: i.link ?? undefined,
      detail: [`#${i.itemId}`, i.source, i.themes.join(', ') || null].filter(Boolean).join(' · '),
    })),
  }));
  if (agenda.deadlines.length) {
    blocks.push({
      type: 'list',
      heading: 'Funding deadlines coming up',
      items: agenda.deadlines.map((d) => ({
        text: `${shortDate(d.deadline.date)} (in ${d.daysLeft} days): ${d.title}`,
        url: d.link ?? undefined,
        detail: [d.amount?.text, d.source].filter(Boolean).join(' · '),
      })),
    });
  }
  if (agenda.feedsNeedingAttention.length) {
    blocks.push({
      type: 'text',
      text: `Feeds needing attention: ${agenda.feedsNeedingAttention.map((f) => f.title).join(', ')}`,
    });
  }
  return blocks;
}

/** What will be posted: the frozen agenda once posting began, else a fresh draft. */
export function agendaFor(h: Horizon, month: string): { agenda: Agenda; frozen: boolean } {
  const record = getAgendaRecord(h.db, month);
  if (record?.agenda) return { agenda: record.agenda, frozen: true };
  return { agenda: buildAgenda(h, month, agendaEnrichers(h)), frozen: false };
}

export function agendaPreview(h: Horizon, monthText: string | undefined): Reply {
  const month = monthArg(h, monthText);
  if (typeof month !== 'string') return month;
  const { agenda, frozen } = agendaFor(h, month);
  const n = agendaItems(agenda).length;
  return ok(
    `${frozen ? 'Agenda' : 'Draft agenda'} for ${monthLabel(month)}: ${n} item${n === 1 ? '' : 's'} from ${agenda.candidateCount} new this month`,
    agendaBlocks(agenda),
    {
      agenda,
      data: agenda,
      hint: frozen
        ? 'This agenda has been posted; changes now apply to next month.'
        : 'Editors can change it before it goes: "agenda drop ITEM_ID", "agenda add ITEM_ID", "tag ITEM_ID stage …".',
    },
  );
}

export async function agendaPost(
  h: Horizon,
  ctx: CommandContext,
  monthText: string | undefined,
): Promise<Reply> {
  const month = monthArg(h, monthText);
  if (typeof month !== 'string') return month;
  const publishers = h.runtime?.publishers() ?? [];
  if (!publishers.length)
    return fail(
      'There is nowhere to post to.',
      'Set Slack or Teams credentials in .env, or run `horizon agenda post` on the server to print it.',
    );
  const report = await postAgenda(h, publishers, {
    month,
    chart: h.runtime?.chart?.(month) ?? null,
    enrichers: agendaEnrichers(h),
    onProgress: ctx.progress,
  });
  const failed = report.channels.filter((c) => c.status === 'failed');
  if (!report.channels.length)
    return fail('No agenda channels are set.', 'Add one with "channels add here" in the SMT channel.');
  const title = failed.length
    ? `Posted the ${monthLabel(month)} agenda in ${report.channels.length - failed.length} of ${report.channels.length} channels.`
    : `Posted the ${monthLabel(month)} agenda (${report.items} items) in ${report.channels.length} channel${report.channels.length === 1 ? '' : 's'}.`;
  return {
    ...(failed.length
      ? fail(title, 'Fix the problems below, then run "agenda post" again: it carries on where it stopped.')
      : ok(title)),
    blocks: [
      {
        type: 'list',
        items: report.channels.map((c) => ({
          text: `${c.platform} ${c.channelId}: ${c.status === 'ok' ? `${c.posted} new message${c.posted === 1 ? '' : 's'}${c.alreadyPosted ? `, ${c.alreadyPosted} already there` : ''}` : 'failed'}`,
          detail: c.error,
        })),
      },
    ],
    data: report,
  };
}

export function agendaOverride(
  h: Horizon,
  ctx: CommandContext,
  action: 'drop' | 'add',
  itemText: string | undefined,
  monthText: string | undefined,
): Reply {
  const month = monthArg(h, monthText);
  if (typeof month !== 'string') return month;
  const itemId = Number(itemText?.replace('#', ''));
  const item = Number.isInteger(itemId) ? getItem(h.db, itemId) : null;
  if (!item)
    return fail(
      `No item ${itemText ?? ''}.`.replace(' .', '.'),
      'Item ids are shown as #123 in "agenda preview".',
      { exitCode: 2 },
    );
  if (getAgendaRecord(h.db, month)?.agenda)
    return fail(
      `The ${monthLabel(month)} agenda has already been posted.`,
      'Changes can be made to next month’s draft.',
    );
  setOverride(h.db, month, item.id, action, `${ctx.platform}:${ctx.userId}`, h.now().toISOString());
  return ok(
    action === 'drop'
      ? `Dropped “${item.title}” from the ${monthLabel(month)} agenda.`
      : `Added “${item.title}” to the ${monthLabel(month)} agenda.`,
  );
}
