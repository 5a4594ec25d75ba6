import type { Horizon } from '../../context.js';
import type { Minutes } from '../../domain.js';
import { currentMonth } from '../../agenda/build.js';
import { decisionMarkdown } from '../../minutes/markdown.js';
import { currentMinutes } from '../../minutes/month.js';
import { isMonth, monthLabel, previousMonth } from '../../time.js';
import { fail } from '../reply.js';
import type { Reply, ReplyBlock } from '../types.js';

/**
 * The month a minutes command is about: the one named, else this month once its agenda is posted, else
 * last month.
 */
export function minutesMonth(h: Horizon, typed: string | undefined): string | Reply {
  if (typed)
    return isMonth(typed)
      ? typed
      : fail(`"${typed}" is not a month.`, 'Use YYYY-MM, for example --month 2026-03.', { exitCode: 2 });
  const month = currentMonth(h);
  return h.store.agendas.get(month)?.agenda ? month : previousMonth(month);
}

/** The month's minutes, or the reply saying there are none. */
export function minutesOrReason(h: Horizon, month: string): Minutes | Reply {
  return (
    currentMinutes(h, month) ??
    fail(
      `There are no minutes for ${monthLabel(month)}: no agenda was posted that month.`,
      'Minutes follow a posted agenda; name another month with --month YYYY-MM.',
    )
  );
}

/** The minutes as plain reply blocks, for surfaces that do not draw them specially. */
export function minutesBlocks(m: Minutes): ReplyBlock[] {
  const blocks: ReplyBlock[] = [];
  if (m.discussed.length)
    blocks.push({
      type: 'list',
      heading: 'Discussed',
      items: m.discussed.map((i) => ({
        text: `${i.title} (#${i.itemId})`,
        url: i.link ?? undefined,
        detail: `${i.replies} repl${i.replies === 1 ? 'y' : 'ies'} from ${i.participants.length} ${i.participants.length === 1 ? 'person' : 'people'}`,
      })),
    });
  if (m.decisions.length)
    blocks.push({
      type: 'list',
      heading: 'Decisions and actions',
      items: m.decisions.map((d) => ({ text: decisionMarkdownPlain(d), detail: d.itemTitle })),
    });
  if (m.undiscussed.length)
    blocks.push({
      type: 'list',
      heading: 'Not discussed',
      items: m.undiscussed.map((i) => ({
        text: `${i.title} (#${i.itemId})`,
        url: i.link ?? undefined,
        detail: i.stageLabel,
      })),
    });
  return blocks;
}

/** A decision line as plain text (the Markdown line without its escapes). */
function decisionMarkdownPlain(d: Minutes['decisions'][number]): string {
  return decisionMarkdown(d).replace(/\\(.)/g, '$1');
}
