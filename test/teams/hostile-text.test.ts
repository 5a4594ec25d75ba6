/* eslint-disable @typescript-eslint/no-explicit-any -- activities and cards are JSON from the wire, checked by the assertions */
// Hostile text on Teams: strings from feeds and people (Markdown, HTML, <at> tags, mention-like text,
// card date functions, right-to-left overrides, zero-width characters, very long text) pushed through
// every field that reaches a Bot Connector call, through the real adapter and the local connector: agenda
// cards, prompts, change notes, command replies and errors, decisions and the next header, admin notices.
// Every call is then checked: plain text stays plain, card text is escaped, nothing pings, all within limits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postAgenda, refreshPostedAgenda } from '../../src/agenda/post.js';
import { alertFailingFeeds } from '../../src/schedule/scheduler.js';
import { feed, items } from '../support/horizon.js';
import type { ConnectorCall } from '../support/bot-connector-server.js';
import {
  ADMIN,
  CHANNEL,
  EDITOR,
  botAddedToTeam,
  cardSubmit,
  channelMessage,
  personalMessage,
  startTeams,
  type TeamsTest,
} from './harness.js';

const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
const MARKDOWN = '**bold** _it_ `code`';
const LINK = '[click me](https://evil.example/phish)';
const HTML = '<b>html</b><img src=x onerror=alert(1)>';
const AT = '<at>Everyone</at>';
const MENTION_LIKE = '@General @channel @everyone';
const DATE_FN = '{{DATE(2030-01-01T00:00:00Z, SHORT)}}';
const RTL_OVERRIDE = '\u202Egnp.exe\u202C';
const RTL_TEXT = 'שלום مرحبا';
const ZERO_WIDTH = 'ze\u200Bro\u200Dwi\u2060dth';
const LIST = '- one\n1. two';
const ALL = [MARKDOWN, LINK, HTML, AT, MENTION_LIKE, DATE_FN, RTL_OVERRIDE, RTL_TEXT, ZERO_WIDTH, LIST];
const hostile = (what: string) => `${what} ${ALL.join(' ')} & more`;
const LONG = `${hostile('Long')} ${'very long words '.repeat(600)}`;

/** The outgoing activity of a connector call. */
function activityOf(c: ConnectorCall): any {
  return c.kind === 'create-conversation' ? c.body?.activity : c.body;
}

/** Every string a card shows as text: TextBlocks, FactSets, action titles, choices, the fallback. */
function cardStrings(node: unknown, path: string, out: { path: string; text: string }[]): void {
  if (Array.isArray(node)) return node.forEach((n, i) => cardStrings(n, `${path}[${i}]`, out));
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, any>;
  if (o.type === 'TextBlock' && typeof o.text === 'string') out.push({ path: `${path}.text`, text: o.text });
  if (o.type === 'FactSet')
    for (const [i, f] of (o.facts ?? []).entries()) {
      out.push({ path: `${path}.facts[${i}].title`, text: String(f.title) });
      out.push({ path: `${path}.facts[${i}].value`, text: String(f.value) });
    }
  if (typeof o.fallbackText === 'string') out.push({ path: `${path}.fallbackText`, text: o.fallbackText });
  for (const [k, v] of Object.entries(o)) if (typeof v === 'object') cardStrings(v, `${path}.${k}`, out);
}

/** Problems in one card string: live Markdown from a hostile string, a live date function, bidi controls, too long. */
function cardProblems(raw: string): string[] {
  const out: string[] = [];
  if (/(?<!\\)\]\(https:\/\/evil\.example/.test(raw)) out.push('live link');
  // Our own links' addresses are not text: a feed's address may hold anything, percent-encoded or not.
  const text = raw.replace(/(?<!\\)\]\([^)\s]*\)/g, ']()');
  if (BIDI.test(text)) out.push('bidi control');
  if (text.includes('{{')) out.push('live {{ }} function');
  if (text.includes('**bold**')) out.push('live bold');
  if (/(?<!\\)_it(?<!\\)_/.test(text) && text.includes(' _it_')) out.push('live italic');
  if (/(?<!\\)\[click me/.test(text)) out.push('live link label');
  if (/(^|\n)(- one|1\. two)/.test(text)) out.push('live list');
  if (Array.from(text).length > 2000) out.push(`too long (${Array.from(text).length})`);
  return out;
}

function problems(t: TeamsTest): string[] {
  const out: string[] = [];
  for (const [i, c] of t.connector.calls.entries()) {
    const a = activityOf(c);
    if (!a || a.type !== 'message') continue;
    const where = `${c.kind}#${i}`;
    if (Buffer.byteLength(JSON.stringify(a)) > 28 * 1024) out.push(`${where}: over 28 KB`);
    if ((a.entities ?? []).some((e: any) => e.type === 'mention')) out.push(`${where}: a mention entity`);
    if (typeof a.text === 'string') {
      if (a.textFormat !== 'plain') out.push(`${where}: text not sent as plain (${a.textFormat})`);
      if (BIDI.test(a.text)) out.push(`${where}: bidi control in text`);
      if (Array.from(a.text).length > 4000) out.push(`${where}: text of ${a.text.length} characters`);
    }
    if (typeof a.summary === 'string') {
      if (BIDI.test(a.summary)) out.push(`${where}: bidi control in summary`);
      if (Array.from(a.summary).length > 300) out.push(`${where}: summary of ${a.summary.length}`);
    }
    for (const [j, att] of (a.attachments ?? []).entries()) {
      if (att.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
      if (att.content?.msteams?.entities) out.push(`${where}: card mention entities`);
      const strings: { path: string; text: string }[] = [];
      cardStrings(att.content, `${where}.attachments[${j}]`, strings);
      for (const s of strings)
        for (const p of cardProblems(s.text)) out.push(`${s.path}: ${p}: ${s.text.slice(0, 120)}`);
    }
  }
  return out;
}

/** Every text a person would read in the calls made so far, for checking that hostile text was shown, not dropped. */
function everything(t: TeamsTest): string {
  return t.connector.calls
    .map((c) => {
      const a = activityOf(c);
      const strings: { path: string; text: string }[] = [];
      for (const att of a?.attachments ?? []) cardStrings(att.content, '', strings);
      return [a?.text ?? '', a?.summary ?? '', ...strings.map((s) => s.text)].join('\n');
    })
    .join('\n');
}

describe('hostile text on Teams lands escaped and within limits in every connector call', () => {
  let t: TeamsTest;
  beforeEach(async () => {
    t = await startTeams();
    expect((await t.send(botAddedToTeam(t))).status).toBe(200);
    expect((await t.send(channelMessage(t, 'channels add here', { user: ADMIN }))).status).toBe(200);
    expect((await t.send(personalMessage(t, 'help', { user: ADMIN }))).status).toBe(200);
  });
  afterEach(() => t.stop());

  it('agenda cards, prompts, change notes, decisions, the next header and admin notices', async () => {
    const f = feed(t.h, { title: hostile('Source'), kind: 'funding' });
    const ids = items(t.h, f, [
      {
        key: 'a',
        title: hostile('Government launches consultation on unpaid carers'),
        summary: `${hostile('A call for evidence.')} Closing date 30 April 2026. £2m.`,
        publishedAt: '2026-03-03T10:00:00Z',
      },
      { key: 'b', title: LONG, summary: LONG, publishedAt: '2026-03-04T10:00:00Z' },
    ]);
    const report = await postAgenda(t.h, [t.adapter.publisher], { month: '2026-03', sleep: async () => {} });
    expect(report.channels[0]!.status).toBe('ok');
    expect(t.connector.posts(CHANNEL).length).toBe(3);

    // A change after posting: the title is corrected to something hostile; the card is updated and a note goes out.
    items(t.h, f, [
      {
        key: 'a',
        title: hostile('Corrected'),
        summary: `${hostile('A call for evidence.')} Closing date 12 May 2026. £2m.`,
        publishedAt: '2026-03-03T10:00:00Z',
      },
    ]);
    const refreshed = await refreshPostedAgenda(t.h, [t.adapter.publisher], {
      month: '2026-03',
      sleep: async () => {},
    });
    expect(refreshed!.channels[0]!.updated).toBe(1);
    // The item, and the header whose closing-soon list names it: both checked below like every call.
    expect(t.connector.callsOf('update')).toHaveLength(2);

    // A decision with hostile words and owner, by the card's button, then shown in April's header.
    const itemId = [...ids.values()][0]!;
    const post = t.connector.posts(CHANNEL).find((p) => p.activity.attachments[0].content.body.length > 0)!;
    // A hostile owner is refused with a reply that echoes it; a person's id is taken.
    for (const owner of [hostile('Owner'), EDITOR]) {
      await t.send(
        cardSubmit(
          t,
          {
            horizon: 'record-decision',
            itemId,
            month: '2026-03',
            decision: hostile('Respond'),
            owner,
            dueDate: '2026-04-30',
          },
          { conversationId: post.threadId, replyToId: post.id },
          { user: EDITOR },
        ),
      );
    }
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM decisions').get()).toEqual({ n: 1 });
    t.clock.now = new Date('2026-04-10T09:00:00Z');
    items(t.h, f, [{ key: 'c', title: hostile('April item'), publishedAt: '2026-04-02T10:00:00Z' }]);
    const april = await postAgenda(t.h, [t.adapter.publisher], { month: '2026-04', sleep: async () => {} });
    expect(april.channels[0]!.status).toBe('ok');
    const aprilHeader = t.connector.posts(CHANNEL).at(-2)!;
    expect(JSON.stringify(aprilHeader.activity)).toContain('Respond');

    // An admin notice with a hostile feed error.
    t.db
      .prepare("UPDATE feeds SET status = 'failing', failing_since = ?, last_error = ?")
      .run('2026-03-01T00:00:00Z', hostile('network'));
    expect(await alertFailingFeeds(t.h, [t.adapter.publisher])).toBe(1);
    await t.adapter.publisher.notifyAdmins!(LONG);

    expect(problems(t)).toEqual([]);
    // Shown as written (escaped), not dropped.
    const all = everything(t);
    expect(all).toContain('\\*\\*bold\\*\\*');
    expect(all).toContain('\\[click me\\](https://evil.example/phish)');
    expect(all).toContain(RTL_TEXT);
    expect(all).toContain('gnp.exe');
    expect(all).toContain('Updated: Title corrected to');
  });

  it('command text echoed in replies and errors, in a channel and in a personal chat', async () => {
    const f = feed(t.h, { title: 'DHSC', kind: 'policy' });
    items(t.h, f, [{ title: 'Council consults on homelessness', publishedAt: '2026-03-03T10:00:00Z' }]);
    for (const text of [
      hostile('feeds remove'),
      hostile('agenda add'),
      hostile('tag 1 stage'),
      hostile('decide 1'),
      hostile('roles grant'),
      hostile('no such command'),
      `feeds add https://example.org/${encodeURIComponent(LONG)}`,
      LONG,
    ]) {
      expect((await t.send(channelMessage(t, text, { user: ADMIN }))).status).toBe(200);
      expect((await t.send(personalMessage(t, text, { user: EDITOR }))).status).toBe(200);
    }
    await t.connector.waitFor(() => t.connector.calls.length >= 16);
    expect(problems(t)).toEqual([]);
    // Each echo is shown as written: escaped in cards, literal in plain text.
    expect(everything(t)).toContain('no such command');
    expect(everything(t)).toContain(RTL_TEXT);
  });
});
