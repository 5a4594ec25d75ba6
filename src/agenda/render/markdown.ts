import type { Agenda, AgendaDeadline, AgendaItem, AgendaSection, DeadlineKind, Stage } from '../../domain.js';
import { ALL_STAGES } from '../../domain.js';
import { monthLabel, shortDate } from '../../time.js';
import { STATUS_LABEL } from '../../minutes/labels.js';

/** Escapes the characters Markdown would read as formatting in text that came from a feed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]#<>|])/g, '\\$1');
}

const SHORT_LABEL: Record<Stage, string> = {
  trigger: 'trigger',
  peak: 'peak',
  trough: 'trough',
  slope: 'slope',
  plateau: 'plateau',
  unknown: 'to watch',
};

/** The header's two deadline lists, each under its own heading, in this order. */
export const DEADLINE_HEADINGS: Record<DeadlineKind, string> = {
  funding: 'Funding closing',
  consultation: 'Consultations and calls for evidence closing',
};

/** An agenda's deadlines of one kind, soonest first. */
export function deadlinesOf(agenda: Agenda, kind: DeadlineKind): AgendaDeadline[] {
  return agenda.deadlines.filter((d) => d.kind === kind);
}

/** "in 3 days", "tomorrow", "today" */
export function daysLeftText(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
}

/** "2 funding calls and 1 consultation closing soon", or '' when none. */
export function deadlineCounts(agenda: Agenda): string {
  const funding = deadlinesOf(agenda, 'funding').length;
  const consultations = deadlinesOf(agenda, 'consultation').length;
  const parts = [
    funding ? `${funding} funding call${funding === 1 ? '' : 's'}` : null,
    consultations ? `${consultations} consultation${consultations === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  return parts.length ? `${parts.join(' and ')} closing soon` : '';
}

/** "12 items (3 trigger, 4 peak, …) · 2 funding calls and 1 consultation closing soon" */
export function countsLine(agenda: Agenda): string {
  const total = ALL_STAGES.reduce((n, s) => n + agenda.counts[s], 0);
  const parts = ALL_STAGES.filter((s) => agenda.counts[s] > 0).map(
    (s) => `${agenda.counts[s]} ${SHORT_LABEL[s]}`,
  );
  const closing = deadlineCounts(agenda);
  return `${total} item${total === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}${closing ? ` · ${closing}` : ''}`;
}

/** Topics that changed stage, and a short line of topics new this month. */
export function movementLines(agenda: Agenda, maxNew = 6): { moved: string[]; fresh: string | null } {
  const moved = agenda.movements
    .filter((m) => m.from !== null && m.from !== m.to)
    .map((m) => `${m.topic}: ${m.from} → ${m.to}`);
  const fresh = agenda.movements.filter((m) => m.from === null && m.to !== 'unknown');
  const names = fresh.slice(0, maxNew).map((m) => `${m.topic} (${m.to})`);
  return {
    moved,
    fresh: fresh.length
      ? `${names.join(', ')}${fresh.length > maxNew ? `, and ${fresh.length - maxNew} more` : ''}`
      : null,
  };
}

export function itemBlock(item: AgendaItem, n: number): string[] {
  const title = item.link ? `[${escapeMarkdown(item.title)}](${item.link})` : escapeMarkdown(item.title);
  const meta = [
    `#${item.itemId}`,
    escapeMarkdown(item.source),
    item.publishedAt ? shortDate(item.publishedAt) : null,
    (item.themeNames ?? item.themes).map(escapeMarkdown).join('; ') || null,
  ]
    .filter(Boolean)
    .join(' · ');
  const lines = [`### ${n}. ${title}`, '', meta];
  if (item.why.length) lines.push('', `Why: ${item.why.map(escapeMarkdown).join(' · ')}`);
  lines.push('', `**Discuss:** ${escapeMarkdown(item.prompt)}`, '');
  return lines;
}

export function sectionHeading(section: AgendaSection): string[] {
  return [`## ${section.guide.label}`, '', `> Tactic: ${escapeMarkdown(section.guide.tactic)}`, ''];
}

export interface MarkdownOptions {
  /** Where the hype-cycle chart was written, to link it. */
  chartPath?: string | null;
}

/** Everything above the items: counts, the chart, last month's decisions, what moved, deadlines, broken feeds. */
export function markdownHeader(agenda: Agenda, opts: MarkdownOptions = {}): string[] {
  const out: string[] = [`# Horizon scan: ${monthLabel(agenda.month)}`, '', countsLine(agenda), ''];
  if (opts.chartPath) out.push(`![This month's topics on the policy hype cycle](${opts.chartPath})`, '');

  if (agenda.lastMonthDecisions.length) {
    out.push("## Last month's decisions and actions", '');
    for (const d of agenda.lastMonthDecisions) {
      const who = [
        d.owner ? `owner: ${escapeMarkdown(d.ownerName ?? d.owner)}` : null,
        d.dueDate ? `due ${shortDate(d.dueDate)}` : null,
      ].filter(Boolean);
      const status = STATUS_LABEL[d.status ?? 'open'];
      out.push(
        `- **${status}**: ${escapeMarkdown(d.itemTitle)}: ${escapeMarkdown(d.decision)}${who.length ? ` (${who.join(', ')})` : ''}`,
      );
    }
    out.push('');
  }
  if (agenda.lastMonthUndecided?.length) {
    out.push('## Discussed last month, not yet decided', '');
    for (const u of agenda.lastMonthUndecided) {
      const title = u.link ? `[${escapeMarkdown(u.title)}](${u.link})` : escapeMarkdown(u.title);
      out.push(`- ${title} (#${u.itemId}, ${u.replies} repl${u.replies === 1 ? 'y' : 'ies'})`);
    }
    out.push('');
  }

  const { moved, fresh } = movementLines(agenda);
  if (moved.length || fresh) {
    out.push('## What moved since last month', '');
    for (const m of moved) out.push(`- ${escapeMarkdown(m)}`);
    if (fresh) out.push(`- New this month: ${escapeMarkdown(fresh)}`);
    out.push('');
  }

  for (const kind of Object.keys(DEADLINE_HEADINGS) as DeadlineKind[]) {
    const list = deadlinesOf(agenda, kind);
    if (!list.length) continue;
    out.push(`## ${DEADLINE_HEADINGS[kind]}`, '');
    for (const d of list) {
      const when = `${shortDate(d.deadline.date)} (${daysLeftText(d.daysLeft)})`;
      const title = d.link ? `[${escapeMarkdown(d.title)}](${d.link})` : escapeMarkdown(d.title);
      const amount = d.amount ? ` · ${escapeMarkdown(d.amount.text)}` : '';
      out.push(`- **${when}**: ${title} (#${d.itemId})${amount} · ${escapeMarkdown(d.source)}`);
    }
    out.push('');
  }

  if (agenda.feedsNeedingAttention.length) {
    const list = agenda.feedsNeedingAttention.map(
      (f) => `${escapeMarkdown(f.title)} (${escapeMarkdown(f.reason)})`,
    );
    out.push(`Feeds needing attention: ${list.join('; ')}. Run \`horizon status\` for details.`, '');
  }
  return out;
}

/** The agenda as Markdown: what `agenda preview` prints. */
export function renderAgendaMarkdown(agenda: Agenda, opts: MarkdownOptions = {}): string {
  const out = markdownHeader(agenda, opts);
  let n = 0;
  for (const section of agenda.sections) {
    out.push(...sectionHeading(section));
    for (const item of section.items) out.push(...itemBlock(item, ++n));
  }
  if (n === 0)
    out.push('No new items this month. Check `horizon status` to see whether the feeds are being read.', '');
  return out.join('\n');
}
