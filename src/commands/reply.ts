import type { Reply, ReplyBlock } from './types.js';

export function ok(title: string, blocks: ReplyBlock[] = [], extra: Partial<Reply> = {}): Reply {
  return { ok: true, title, blocks, visibility: 'private', exitCode: 0, ...extra };
}

export function fail(title: string, hint: string, extra: Partial<Reply> = {}): Reply {
  return { ok: false, title, blocks: [], hint, visibility: 'private', exitCode: 1, ...extra };
}

export function usageError(problem: string, usage: string): Reply {
  return fail(problem, `Usage: ${usage}`, { exitCode: 2 });
}

/** Replies as plain text: the CLI's output, and the fallback text chat platforms show in notifications. */
export function replyToText(reply: Reply): string {
  const out: string[] = [reply.ok ? reply.title : `✗ ${reply.title}`];
  for (const block of reply.blocks) {
    if (block.type === 'text') out.push(block.text);
    else if (block.type === 'fields') for (const f of block.fields) out.push(`${f.label}: ${f.value}`);
    else {
      if (block.heading) out.push('', block.heading);
      for (const item of block.items) {
        out.push(`  • ${item.text}${item.url ? ` <${item.url}>` : ''}`);
        if (item.detail) out.push(`    ${item.detail}`);
      }
    }
  }
  if (reply.hint) out.push(reply.hint);
  return out.join('\n');
}
