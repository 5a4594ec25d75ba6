import { ok } from '../reply.js';
import { defineCommand } from '../types.js';

export default defineCommand({
  path: ['scan'],
  usage: 'scan',
  summary: 'Read every feed that is due, now',
  role: 'admin',
  slow: true,
  async run(h, ctx) {
    const { scanFeeds } = await import('../../ingest/scan.js');
    const { describeRound } = await import('../../llm/model.js');
    const report = await scanFeeds(h, { progress: ctx.progress });
    const failed = report.feeds.filter((f) => f.outcome === 'failed');
    const skipped = report.feeds.filter((f) => f.outcome === 'skipped');
    return ok(
      `Read ${report.totals.feeds - report.totals.skipped} feeds: ${report.totals.newItems} new items, ${report.totals.failed} failed${report.totals.skipped ? `, ${report.totals.skipped} skipped` : ''}.` +
        (report.llm ? ` ${describeRound(report.llm)}`.trimEnd() : ''),
      [
        ...(failed.length
          ? [
              {
                type: 'list' as const,
                heading: 'Failed',
                items: failed.map((f) => ({ text: f.title, url: f.url, detail: f.error })),
              },
            ]
          : []),
        ...(skipped.length
          ? [
              {
                type: 'list' as const,
                heading: 'Skipped (not failures)',
                items: skipped.map((f) => ({ text: f.title, url: f.url, detail: f.note })),
              },
            ]
          : []),
      ],
      { data: report },
    );
  },
});
