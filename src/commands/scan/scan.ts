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
    return ok(
      `Read ${report.totals.feeds} feeds: ${report.totals.newItems} new items, ${report.totals.failed} failed.` +
        (report.llm ? ` ${describeRound(report.llm)}`.trimEnd() : ''),
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
  },
});
