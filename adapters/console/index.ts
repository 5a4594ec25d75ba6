import { renderMinutesMarkdown } from '../../src/minutes/markdown.js';
import { join, relative } from 'node:path';
import { saveChart } from '../../src/agenda/chart.js';
import type { Writable } from 'node:stream';
import type { AgendaPart, AgendaPublisher, ChatAdapter, PostedRef } from '../../src/chat/types.js';
import type { Horizon } from '../../src/context.js';
import { registerPlatform } from '../../src/chat/platforms.js';
import { consolePlatform } from './platform.js';
import {
  escapeMarkdown,
  itemBlock,
  markdownHeader,
  sectionHeading,
} from '../../src/agenda/render/markdown.js';

export interface ConsoleOptions {
  out?: Writable;
  /** Where the hype-cycle chart is written (SVG and PNG). */
  chartDir?: string;
}

/** Writes the month's chart beside the database so the printed agenda can point to it. */
function writeChart(part: Extract<AgendaPart, { kind: 'header' }>, dir: string): string | null {
  if (!part.chart) return null;
  const path = saveChart(part.chart, dir, part.agenda.month);
  return relative(process.cwd(), path) || path;
}

/**
 * The agenda in a terminal: what runs when no chat platform is configured, and the demo. It prints
 * each part as it is posted, in the same order and through the same ledger as Slack and Teams.
 */
export function createConsoleAdapter(h: Horizon, opts: ConsoleOptions = {}): ChatAdapter {
  registerPlatform(consolePlatform);
  const out = opts.out ?? process.stdout;
  const chartDir =
    opts.chartDir ?? join(h.config.dbPath === ':memory:' ? 'data' : join(h.config.dbPath, '..'), 'charts');
  let seq = 0;
  const write = (text: string) => out.write(text.endsWith('\n') ? text : `${text}\n`);

  const publisher: AgendaPublisher = {
    platform: 'console',
    minIntervalMs: 0,
    async channels() {
      return [{ platform: 'console', channelId: 'terminal', name: 'terminal' }];
    },
    async post(_channel, part): Promise<PostedRef> {
      const ref = `console-${++seq}`;
      if (part.kind === 'header') {
        write(markdownHeader(part.agenda, { chartPath: writeChart(part, chartDir) }).join('\n'));
      } else if (part.kind === 'item') {
        const section = part.agenda.sections.find((s) => s.stage === part.item.stage)!;
        if (section.items[0]?.itemId === part.item.itemId) write(`\n${sectionHeading(section).join('\n')}\n`);
        const block = itemBlock(part.item, part.index + 1).filter((l) => !l.startsWith('**Discuss:**'));
        write(`${block.join('\n').trimEnd()}\n`);
      } else if (part.kind === 'prompt') {
        write(`↳ **Discuss:** ${escapeMarkdown(part.item.prompt)}\n\n`);
      }
      return { messageRef: ref, threadRef: ref };
    },
    async postMinutes(_channel, minutes): Promise<PostedRef> {
      // A terminal has no mentions: owners by name, as the Markdown for board papers has them.
      write(`\n${renderMinutesMarkdown(minutes)}`);
      const ref = `console-${++seq}`;
      return { messageRef: ref, threadRef: ref };
    },
    async notifyAdmins(message) {
      process.stderr.write(`[horizon] ${message}\n`);
    },
  };

  return {
    platform: 'console',
    routes: [],
    publisher,
    async start() {},
    async stop() {},
    async health() {
      return { ok: true, detail: 'printing to the terminal' };
    },
  };
}
