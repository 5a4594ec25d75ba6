import type { Reply, ReplyBlock, ReplyLine } from '../../../src/commands/types.js';
import type { Block, SlackMessage } from '../blocks.js';
import { escapeMrkdwn, mentionUser, mrkdwnLink } from './escape.js';
import { LIMITS, lineSections, shorten, splitMessages, splitMrkdwn, textSections } from './limits.js';
import { renderAgendaPreview } from './agenda.js';
import { renderMinutes } from './minutes.js';

function lineText(line: ReplyLine): string {
  const main = `• ${mrkdwnLink(line.text, line.url)}`;
  return line.detail ? `${main}\n      _${escapeMrkdwn(line.detail)}_` : main;
}

function fieldsBlocks(fields: { label: string; value: string }[], mentions?: string[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    const chunk = fields.slice(i, i + LIMITS.fieldsPerSection);
    blocks.push({
      type: 'section',
      fields: chunk.map((f) => ({
        type: 'mrkdwn' as const,
        text: shorten(
          `*${escapeMrkdwn(f.label)}*\n${withMentions(escapeMrkdwn(f.value), mentions)}`,
          LIMITS.fieldText,
        ),
      })),
    });
  }
  return blocks;
}

function renderBlock(block: ReplyBlock, mentions?: string[]): Block[] {
  switch (block.type) {
    case 'text':
      return textSections(escapeMrkdwn(block.text));
    case 'list': {
      const lines = block.items.map((l) => withMentions(lineText(l), mentions));
      if (block.heading) lines.unshift(`*${escapeMrkdwn(block.heading)}*`);
      if (block.items.length === 0) lines.push('_(none)_');
      return lineSections(lines);
    }
    case 'fields':
      return fieldsBlocks(block.fields, mentions);
  }
}

/** The plain text of a reply, for notifications and for clients that cannot show blocks. */
export function replyText(reply: Reply): string {
  return reply.hint ? `${reply.title} ${reply.hint}` : reply.title;
}

/** Each person the reply names by id becomes a Slack mention, which Slack shows as their name. */
function withMentions(text: string, ids: string[] | undefined): string {
  let out = text;
  for (const id of ids ?? []) {
    if (!/^[UW][A-Z0-9]{2,}$/.test(id)) continue;
    out = out.replace(new RegExp(`(?<![<@\\w])${id}(?!\\w)`, 'g'), mentionUser(id));
  }
  return out;
}

/** A command's reply as one or more Slack messages (long replies are split, never cut short). */
export function renderReply(reply: Reply): SlackMessage[] {
  const icon = reply.ok ? '' : ':warning: ';
  const blocks: Block[] = splitMrkdwn(`${icon}*${escapeMrkdwn(reply.title)}*`).map((t) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: t },
  }));
  // An agenda comes with plain blocks for surfaces that cannot draw it; Slack draws the agenda itself,
  // so it shows one or the other, never both.
  if (reply.agenda) blocks.push(...renderAgendaPreview(reply.agenda));
  else if (reply.minutes) blocks.push(...renderMinutes(reply.minutes).flatMap((m) => m.blocks));
  else for (const b of reply.blocks) blocks.push(...renderBlock(b, reply.mentions));
  if (reply.hint) {
    for (const piece of splitMrkdwn(withMentions(escapeMrkdwn(reply.hint), reply.mentions))) {
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: piece }] });
    }
  }
  return splitMessages(replyText(reply), blocks);
}

/** Slack's name for who sees a reply. */
export function responseType(reply: Reply): 'ephemeral' | 'in_channel' {
  return reply.visibility === 'channel' ? 'in_channel' : 'ephemeral';
}
