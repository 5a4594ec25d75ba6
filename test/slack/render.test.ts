import { describe, expect, it } from 'vitest';
import { renderHeader, renderItem, renderPrompt } from '../../adapters/slack/render/agenda.js';
import { escapeMrkdwn, mrkdwnLink, safeUrl } from '../../adapters/slack/render/escape.js';
import { LIMITS, splitMessages, splitMrkdwn } from '../../adapters/slack/render/limits.js';
import { renderReply } from '../../adapters/slack/render/reply.js';
import { stageGuide } from '../../src/agenda/guides.js';
import type { Reply } from '../../src/commands/types.js';
import { agenda, agendaItem, deadline } from './agendas.js';

const allText = (blocks: unknown) => JSON.stringify(blocks);

describe('mrkdwn escaping', () => {
  it('escapes the three characters Slack treats as markup', () => {
    expect(escapeMrkdwn('Fish & chips <!here> > 5')).toBe('Fish &amp; chips &lt;!here&gt; &gt; 5');
  });

  it('links only to web addresses, and keeps a crafted URL from closing the link early', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('file:///etc/passwd')).toBeNull();
    expect(mrkdwnLink('Report', 'https://example.org/a|b>c')).toBe('<https://example.org/a%7Cb%3Ec|Report>');
    expect(mrkdwnLink('<Report>', 'not a url')).toBe('&lt;Report&gt;');
  });
});

describe('Block Kit limits', () => {
  it('splits long text into pieces Slack accepts, losing nothing', () => {
    const words = Array.from({ length: 1500 }, (_, i) => `word${i}`).join(' ');
    const pieces = splitMrkdwn(words);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(pieces.join(' ').split(/\s+/)).toEqual(words.split(' '));
  });

  it('never cuts a link or an entity in two', () => {
    const link = mrkdwnLink('a linked title & more', 'https://example.org/x');
    const text = `${'x'.repeat(2990)} ${link} tail`;
    const pieces = splitMrkdwn(text);
    expect(pieces.some((p) => p.includes(link))).toBe(true);
  });

  it('splits more than 50 blocks into several messages, each marked as a continuation', () => {
    const blocks = Array.from({ length: 120 }, (_, i) => ({
      type: 'section' as const,
      text: { type: 'mrkdwn' as const, text: `${i}` },
    }));
    const messages = splitMessages('Agenda', blocks);
    expect(messages.map((m) => m.blocks.length)).toEqual([50, 50, 20]);
    expect(messages[2]!.text).toContain('part 3');
  });
});

describe('the agenda header', () => {
  it('gives the month, the counts per stage, and a link to last month', () => {
    const [m] = renderHeader(agenda(), 'https://horizon.slack.com/archives/C1/p1');
    const text = allText(m!.blocks);
    expect(m!.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Horizon scan: March 2026' },
    });
    expect(text).toContain('*2 items*');
    expect(text).toContain(`${stageGuide('trigger').label}: *1*`);
    expect(text).toContain(`${stageGuide('trough').label}: *1*`);
    expect(text).not.toContain(stageGuide('plateau').label);
    expect(text).toContain("<https://horizon.slack.com/archives/C1/p1|Last month's agenda>");
  });

  it('keeps feed problems out of the SMT channel', () => {
    expect(allText(renderHeader(agenda(), null))).not.toContain('Broken feed');
  });

  it('lists funding deadlines with their closing dates and amounts', () => {
    const text = allText(renderHeader(agenda({ deadlines: [deadline(1)] }), null));
    expect(text).toContain('Funding closing');
    expect(text).toContain('closes 30 Apr 2026 (41 days left) · £2m');
  });

  it('splits a header too long for one message instead of cutting it', () => {
    const many = Array.from({ length: 1000 }, (_, i) => deadline(i));
    const messages = renderHeader(agenda({ deadlines: many }), null);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      for (const b of m.blocks)
        if (b.type === 'section') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    const text = allText(messages);
    for (const d of many) expect(text).toContain(`/funding/${d.itemId}|`);
  });
});

describe('an agenda item', () => {
  it('shows the linked title, source, date, themes, stage with its tactic, and why it was chosen', () => {
    const [m] = renderItem(agendaItem(7, { title: 'Carers & respite review', stage: 'slope' }), '2026-03');
    const text = allText(m!.blocks);
    expect(text).toContain('*<https://www.gov.uk/news/7|Carers &amp; respite review>*');
    expect(text).toContain('#7 · GOV.UK · 3 Mar 2026 · Social care');
    expect(text).toContain(stageGuide('slope').label);
    expect(text).toContain(escapeMrkdwn(stageGuide('slope').tactic));
    expect(text).toContain('Why it is here');
  });

  it('carries a closing date when the item has one', () => {
    const [m] = renderItem(
      agendaItem(3, {
        deadline: { date: '2026-04-30', text: 'closes 30 April', kind: 'funding' },
        amount: { value: 5e5, text: '£500,000' },
      }),
      '2026-03',
    );
    expect(allText(m!.blocks)).toContain('Closes *30 Apr 2026* · £500,000');
  });

  it('asks its discussion question in the prompt', () => {
    const [m] = renderPrompt(agendaItem(3, { prompt: 'Should we bid <now>?' }));
    // The notification text is read as mrkdwn too, so it is escaped like the blocks.
    expect(m!.text).toBe('For discussion: Should we bid &lt;now&gt;?');
    expect(allText(m!.blocks)).toContain('Should we bid &lt;now&gt;?');
  });
});

describe('command replies', () => {
  const reply = (o: Partial<Reply>): Reply => ({
    ok: true,
    title: 'Done',
    blocks: [],
    visibility: 'private',
    ...o,
  });

  it('marks failures and shows what to do next', () => {
    const [m] = renderReply(reply({ ok: false, title: 'No item #9.', hint: 'Item ids are shown as #123.' }));
    expect(m!.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: ':warning: *No item #9.*' },
    });
    expect(m!.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Item ids are shown as #123.' }],
    });
    expect(m!.text).toBe('No item #9. Item ids are shown as #123.');
  });

  it('renders lists with links and quiet details, and splits a long list across messages', () => {
    const items = Array.from({ length: 600 }, (_, i) => ({
      text: `Feed ${i} <x>`,
      url: `https://example.org/${i}.xml`,
      detail: 'ok',
    }));
    const messages = renderReply(reply({ blocks: [{ type: 'list', heading: 'Feeds', items }] }));
    const text = allText(messages);
    expect(text).toContain('• <https://example.org/0.xml|Feed 0 &lt;x&gt;>\\n      _ok_');
    expect(text).toContain('https://example.org/599.xml');
    for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
  });

  it('puts more than ten fields into several sections', () => {
    const fields = Array.from({ length: 13 }, (_, i) => ({ label: `L${i}`, value: `V${i}` }));
    const [m] = renderReply(reply({ blocks: [{ type: 'fields', fields }] }));
    const sections = m!.blocks.filter((b) => b.type === 'section' && 'fields' in b && b.fields);
    expect(sections.map((b) => (b as { fields: unknown[] }).fields.length)).toEqual([10, 3]);
  });
});
