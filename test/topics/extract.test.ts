import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/paths.js';
import { extractTopics, loadTopicWords, topicSlug } from '../../src/topics/extract.js';

interface FixtureItem {
  id: string;
  title: string;
  summary?: string;
  text?: string;
}

const items = new Map(
  readFileSync(new URL('../fixtures/topics/items.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FixtureItem)
    .map((item) => [item.id, item]),
);

/** The topic names found in a real item's title and summary. */
function topicsOf(id: string): string[] {
  const item = items.get(id);
  if (!item) throw new Error(`No fixture item ${id}`);
  return extractTopics(item.title, item.summary ?? item.text ?? '').map((t) => t.name);
}

const names = (title: string, summary = '') => extractTopics(title, summary).map((t) => t.name);

describe('topics named in real titles and summaries', () => {
  it.each([
    ['it-0095', ['Health and Care Act']],
    ['it-0175', ['Mental Health Act']],
    ['it-0190', ['Homelessness Reduction Act']],
    ['it-0104', ['Supported Housing (Regulatory Oversight) Bill']],
    ['it-0107', ['Supported Housing (Regulatory Oversight) Act']],
    ['it-0226', ['Renters Reform Bill']],
    ['fd-010', ['Care Act']],
    ['fd-012', ['Care Act']],
    ['it-0119', ['Care Act']],
    ['it-0168', ['Levelling Up Fund']],
    ['fd-045', ['Levelling Up Fund']],
    ['fd-046', ['Safer Streets Fund']],
    ['fd-042', ['Community Emergency Fund']],
    ['fd-050', ['Coronavirus Community Support Fund']],
    ['it-0051', ['Know Your Neighbourhood Fund']],
    ['it-0094', ['Know Your Neighbourhood Fund']],
    ['it-0028', ['NHS Long Term Workforce Plan']],
    ['it-0080', ['NHS Long Term Workforce Plan']],
    ['it-0110', ['NHS Long Term Workforce Plan']],
    ['it-0120', ['NHS Long Term Plan']],
    ['it-0197', ['NHS Long Term Plan']],
    ['it-0232', ['Partnerships for People and Place']],
    ['it-0022', ['Lord Hodgson’s Review', 'Charities Act']],
    ['it-0057', ['Darzi Review']],
    ['it-0001', ['SEND Review']],
    ['it-0009', ['SEND Review']],
    ['it-0162', ['SEND Review']],
    ['it-0143', ['Integrated Care Systems']],
    ['it-0151', ['Integrated Care Boards']],
    ['it-0225', ['Universal Credit']],
    ['it-0241', ['Universal Credit']],
    ['it-0055', ['Carer’s Allowance']],
  ])('%s names %j', (id, expected) => {
    expect(topicsOf(id)).toEqual(expected);
  });

  it.each([
    ['it-0059', 'a think tank whose name ends in "Fund"'],
    ['it-0181', 'two organisations joined by "and"'],
    ['it-0018', 'lower-case "services"'],
    ['it-0019', 'a budget, which is an event rather than a programme'],
  ])('%s names no topic (%s)', (id) => {
    expect(topicsOf(id)).toEqual([]);
  });
});

describe('one topic however it is written', () => {
  it('drops a leading "the", a year and an acronym in brackets', () => {
    expect(
      extractTopics('The Better Care Fund (BCF) grows', 'Under the Better Care Fund, councils pool budgets.'),
    ).toEqual([{ name: 'Better Care Fund', slug: 'better-care-fund' }]);
    expect(names('Care Act 2014 guidance updated')).toEqual(['Care Act']);
  });

  it('reads acronyms and lower-case forms of well-known names', () => {
    expect(names('ICBs told to cut running costs')).toEqual(['Integrated Care Boards']);
    expect(names('What integrated care boards mean for charities')).toEqual(['Integrated Care Boards']);
    expect(names('BCF plans due in June')).toEqual(['Better Care Fund']);
    expect(topicSlug('Integrated Care Board')).toBe(topicSlug('Integrated Care Boards'));
  });

  it('treats the UK Shared Prosperity Fund as the Shared Prosperity Fund', () => {
    expect(names('UK Shared Prosperity Fund allocations published')).toEqual(['Shared Prosperity Fund']);
    expect(names('Councils wait for the Shared Prosperity Fund')).toEqual(['Shared Prosperity Fund']);
  });

  it('finds several topics in one item, once each', () => {
    expect(
      names(
        'Household Support Fund extended as Online Safety Bill returns',
        'The Household Support Fund will run for another year. The Online Safety Bill returns to the Commons.',
      ),
    ).toEqual(['Household Support Fund', 'Online Safety Bill']);
  });

  it('keeps bracketed words that are part of a name', () => {
    expect(names('Renters (Reform) Bill: second reading')).toEqual(['Renters (Reform) Bill']);
    expect(topicSlug('Renters (Reform) Bill')).toBe(topicSlug('Renters Reform Bill'));
  });

  it('does not run a name across a headline verb', () => {
    expect(names('Esmée Fairbairn Foundation Launches New Strategy')).toEqual([]);
    expect(names('Sport England Launches £20 Million Community Emergency Fund')).toEqual([
      'Community Emergency Fund',
    ]);
  });

  it('ignores a bare head word and general ones', () => {
    expect(names('Fund opens', 'A new Green Paper and the National Strategy were mentioned.')).toEqual([]);
  });
});

describe('the word lists are data (config/topics.yaml)', () => {
  it('reads every list the shipped file holds', () => {
    const lists = loadTopicWords();
    expect(lists.heads.has('Fund')).toBe(true);
    expect(lists.leading.has('dcms')).toBe(true);
    expect(lists.aliases.find((a) => a.name === 'Better Care Fund')?.pattern.test('the BCF')).toBe(true);
    expect(lists.canonical.get('uk-shared-prosperity-fund')).toBe('Shared Prosperity Fund');
  });

  it('names the file and the field to fix when a list is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'horizon-topics-yaml-'));
    try {
      const file = join(dir, 'topics.yaml');
      const good = readFileSync(projectPath('config', 'topics.yaml'), 'utf8');
      writeFileSync(file, good.replace(/^ {2}heads:\n( {4}- .*\n)+/m, '  heads: 3\n'));
      expect(() => loadTopicWords(file)).toThrow(/topics\.yaml.*words\.heads.*Fix the file/);
      writeFileSync(file, good.replace("pattern: '\\bBCF\\b'", "pattern: '(BCF'"));
      expect(() => loadTopicWords(file)).toThrow(/"\(BCF" .* not a valid regular expression/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('finding topics without reading every text with wink', () => {
  it('finds the same names as trying every alias and reading every text with wink, on every real item', async () => {
    const { loadLabels, NEW_LABELS_PATH } = await import('../../eval/labels.js');
    const { mayHoldHead, namesIn } = await import('../../src/topics/extract.js');
    const texts = [
      ...[...loadLabels(), ...loadLabels(NEW_LABELS_PATH, 'new')].flatMap((it) => [it.title, it.summary]),
      ...[...items.values()].flatMap((it) => [it.title, it.summary ?? it.text ?? '']),
    ];
    let skipped = 0;
    let found = 0;
    for (const text of texts) {
      if (!mayHoldHead(text)) skipped++;
      const all = namesIn(text, true);
      found += all.length;
      expect(namesIn(text), text).toEqual(all);
    }
    expect(found).toBeGreaterThan(100);
    // Most texts name no programme at all; if this drops, the shortcut has stopped saving anything.
    expect(skipped).toBeGreaterThan(texts.length / 2);
  });

  it('reads a text with wink when a head could be a token, in either case', async () => {
    const { mayHoldHead } = await import('../../src/topics/extract.js');
    expect(mayHoldHead('The Better Care Fund opens')).toBe(true);
    expect(mayHoldHead('the Darzi review of the NHS')).toBe(true);
    expect(mayHoldHead('ICB plan published')).toBe(true);
    expect(mayHoldHead('Funding for charities: a plan')).toBe(false);
    expect(mayHoldHead('more services for carers')).toBe(false);
  });
});
