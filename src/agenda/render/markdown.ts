import type { Agenda, AgendaItem, Stage } from '../../domain.js';
import { ALL_STAGES } from '../../domain.js';
import { monthLabel, shortDate } from '../../time.js';

/** Escapes the characters Markdown would read as formatting in text that came from a feed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]#<>|])/g, '\\$1');
}

function countsLine(agenda: Agenda): string {
  const total = agenda.sections.reduce((n, s) => n + s.items.length, 0);
  const parts = ALL_STAGES.filter((s) => agenda.counts[s] > 0).map(
    (s) =>
      `${agenda.counts[s]} ${agenda.sections.find((x) => x.stage === s)?.guide.label.toLowerCase() ?? s}`,
  );
  const deadlines = agenda.deadlines.length
    ? ` · ${agenda.deadlines.length} funding deadline${agenda.deadlines.length === 1 ? '' : 's'} coming up`
    : '';
  return `${total} item${total === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}${deadlines}`;
}

export function itemBlock(item: AgendaItem, n: number): string[] {
  const title = item.link ? `[${escapeMarkdown(item.title)}](${item.link})` : escapeMarkdown(item.title);
  const meta = [
    escapeMarkdown(item.source),
    item.publishedAt ? shortDate(item.publishedAt) : null,
    item.themes.join(', ') || null,
  ]
    .filter(Boolean)
    .join(' · ');
  const lines = [`### ${n}. ${title}`, '', meta];
  if (item.why.length) lines.push('', `Why: ${item.why.map(escapeMarkdown).join(' · ')}`);
  lines.push('', `**Discuss:** ${escapeMarkdown(item.prompt)}`, '');
  return lines;
}

export interface MarkdownOptions {
  /** Where the hype-cycle chart was written, to link it. */
  chartPath?: string | null;
}

/** The agenda as Markdown: what the console prints and what `agenda preview --format markdown` gives. */
export function renderAgendaMarkdown(agenda: Agenda, opts: MarkdownOptions = {}): string {
  const out: string[] = [`# Horizon scan: ${monthLabel(agenda.month)}`, '', countsLine(agenda), ''];
  if (opts.chartPath) out.push(`![This month's topics on the policy hype cycle](${opts.chartPath})`, '');

  if (agenda.lastMonthDecisions.length) {
    out.push("## Last month's decisions", '');
    for (const d of agenda.lastMonthDecisions) {
      const owner = d.owner
        ? ` (owner: ${escapeMarkdown(d.owner)}${d.dueDate ? `, due ${shortDate(d.dueDate)}` : ''})`
        : '';
      out.push(`- ${escapeMarkdown(d.itemTitle)}: ${escapeMarkdown(d.decision)}${owner}`);
    }
    out.push('');
  }

  if (agenda.movements.length) {
    out.push('## What moved since last month', '');
    for (const m of agenda.movements) {
      out.push(`- ${escapeMarkdown(m.topic)}: ${m.from ? `${m.from} → ${m.to}` : `new, at ${m.to}`}`);
    }
    out.push('');
  }

  let n = 0;
  for (const section of agenda.sections) {
    out.push(`## ${section.guide.label}`, '', `> Tactic: ${escapeMarkdown(section.guide.tactic)}`, '');
    for (const item of section.items) out.push(...itemBlock(item, ++n));
  }
  if (n === 0)
    out.push('No new items this month. Check `horizon status` to see whether the feeds are being read.', '');

  if (agenda.deadlines.length) {
    out.push('## Funding deadlines coming up', '');
    for (const d of agenda.deadlines) {
      const when = `${shortDate(d.deadline.date)} (${d.daysLeft === 0 ? 'today' : `in ${d.daysLeft} days`})`;
      const title = d.link ? `[${escapeMarkdown(d.title)}](${d.link})` : escapeMarkdown(d.title);
      const amount = d.amount ? ` · ${escapeMarkdown(d.amount.text)}` : '';
      out.push(`- **${when}**: ${title}${amount} · ${escapeMarkdown(d.source)}`);
    }
    out.push('');
  }

  if (agenda.feedsNeedingAttention.length) {
    out.push(
      `Feeds needing attention: ${agenda.feedsNeedingAttention.map((f) => `${escapeMarkdown(f.title)} (${escapeMarkdown(f.reason)})`).join('; ')}. Run \`horizon status\` for details.`,
      '',
    );
  }
  return out.join('\n');
}

export function stageLabel(agenda: Agenda, stage: Stage): string {
  return agenda.sections.find((s) => s.stage === stage)?.guide.label ?? stage;
}
