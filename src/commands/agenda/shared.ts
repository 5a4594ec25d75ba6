import type { Horizon } from '../../context.js';
import { type Agenda, DEADLINE_KINDS } from '../../domain.js';
import { DEADLINE_HEADINGS, daysLeftText, deadlinesOf } from '../../agenda/render/markdown.js';
import { buildAgenda, currentMonth } from '../../agenda/build.js';
import { agendaEnrichers } from '../../agenda/enrich.js';
import { isMonth, shortDate } from '../../time.js';
import { fail } from '../reply.js';
import type { Reply, ReplyBlock } from '../types.js';

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
      detail: [`#${i.itemId}`, i.source, (i.themeNames ?? i.themes).join('; ') || null]
        .filter(Boolean)
        .join(' · '),
    })),
  }));
  for (const kind of DEADLINE_KINDS) {
    const list = deadlinesOf(agenda, kind);
    if (!list.length) continue;
    blocks.push({
      type: 'list',
      heading: DEADLINE_HEADINGS[kind],
      items: list.map((d) => ({
        text: `${shortDate(d.deadline.date)} (${daysLeftText(d.daysLeft)}): ${d.title}`,
        url: d.link ?? undefined,
        detail: [`#${d.itemId}`, d.amount?.text, d.source].filter(Boolean).join(' · '),
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
  const record = h.store.agendas.get(month);
  if (record?.agenda) return { agenda: record.agenda, frozen: true };
  return { agenda: buildAgenda(h, month, agendaEnrichers(h)), frozen: false };
}

/**
 * After an editor's change to a month whose agenda is already posted: updates the posted messages in
 * place and posts late items, where this process can post (the bot, or `agenda post` in a shell). Says
 * what happened, in a sentence for the reply; elsewhere the bot does it after its next scan.
 */
export async function refreshPosted(h: Horizon, month: string): Promise<string> {
  const publishers = h.runtime?.publishers() ?? [];
  if (!h.store.agendas.get(month)?.agenda) return '';
  if (!publishers.length) return ' The posted agenda is updated after Horizon’s next scan.';
  const { refreshPostedAgenda } = await import('../../agenda/post.js');
  try {
    const report = await refreshPostedAgenda(h, publishers, { month });
    const failed = report?.channels.filter((c) => c.status !== 'ok') ?? [];
    return failed.length
      ? ` The posted agenda could not be updated in ${failed.length} channel${failed.length === 1 ? '' : 's'}; Horizon tries again after its next scan.`
      : ' The posted agenda is updated.';
  } catch (err) {
    h.log.warn({ err }, 'could not update the posted agenda');
    return ' The posted agenda could not be updated now; Horizon tries again after its next scan.';
  }
}
