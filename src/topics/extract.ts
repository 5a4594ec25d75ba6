import { createRequire } from 'node:module';
import type winkNLPType from 'wink-nlp';
import { slugify } from '../slug.js';

export interface ExtractedTopic {
  name: string;
  slug: string;
}

// wink-nlp splits text into words, punctuation and numbers the way English is written ("King" + "'s",
// "Renters" + "(" + "Reform" + ")"), and keeps the spacing, so names can be put back together exactly.
// Only the tokeniser is used (values, spacing, token types): sentence and part-of-speech passes are
// left out of the pipe, which makes reading a text about three times faster. The model takes most of a
// second to load, so it is loaded the first time a topic is looked for, not when a command that never
// looks (help, status) starts; a scan loads it before its fetches start (see loadTopicModel).
type Nlp = ReturnType<typeof winkNLPType>;
let loaded: Nlp | null = null;
function nlp(): Nlp {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    const winkNLP = require('wink-nlp') as typeof winkNLPType;
    loaded = winkNLP(require('wink-eng-lite-web-model') as Parameters<typeof winkNLPType>[0], []);
  }
  return loaded;
}

/**
 * Loads the language model now, so its second of loading does not land while fetches are waiting on
 * their timers (a scan calls this before fetching).
 */
export function loadTopicModel(): void {
  nlp();
}

interface Token {
  value: string;
  /** True when there is whitespace before the token. */
  spaced: boolean;
  type: string;
}

function tokenise(text: string): Token[] {
  const { its } = nlp();
  const doc = nlp().readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const spaces = doc.tokens().out(its.precedingSpaces) as string[];
  const types = doc.tokens().out(its.type) as string[];
  return values.map((value, i) => ({
    value,
    spaced: (spaces[i] ?? '').length > 0,
    type: types[i] ?? 'word',
  }));
}

/** The last word of a named programme, act, fund… as written in titles and standfirsts. */
const HEADS = new Set([
  'Act',
  'Bill',
  'Fund',
  'Programme',
  'Program',
  'Strategy',
  'Board',
  'Boards',
  'Review',
  'Plan',
  'Scheme',
  'Paper',
  'Deal',
  'Deals',
  'Framework',
  'Partnership',
  'Partnerships',
  'Pathfinder',
  'Pathfinders',
  'Service',
]);

/** Title-case headline verbs and the like: a name never runs across them ("Foundation Launches New Strategy"). */
const BREAKS = new Set(
  [
    'announces',
    'announced',
    'launches',
    'launched',
    'launch',
    'opens',
    'reopens',
    'relaunches',
    'unveils',
    'publishes',
    'published',
    'welcomes',
    'responds',
    'introduces',
    'sets',
    'calls',
    'seeks',
    'backs',
    'boosts',
    'confirms',
    'extends',
    'expands',
    'to',
    'in',
    'on',
    'at',
    'by',
    'with',
    'from',
    'under',
    'after',
    'about',
    'into',
    'over',
    'is',
    'are',
    'was',
    'will',
    'has',
    'have',
  ].map((w) => w.toLowerCase()),
);

/** Words that may start a capitalised run but are not part of the name ("The", "New", "Draft"…). */
const LEADING = new Set([
  'the',
  'a',
  'an',
  'new',
  'draft',
  'accessible',
  'updated',
  'revised',
  'proposed',
  'interim',
  'final',
  'landmark',
  'flagship',
  'major',
  'million',
  'billion',
  'government',
  'government’s',
  "government's",
  'our',
  'this',
  'that',
  'these',
  'its',
  'their',
  'his',
  'her',
  'every',
  'each',
  'latest',
  'current',
  'first',
  'second',
  'next',
  'all',
  // Departments and funders put before a programme's name: "DCMS Know Your Neighbourhood Fund".
  'dcms',
  'dfe',
  'dft',
  'dwp',
  'dhsc',
  'dluhc',
  'mhclg',
  'dclg',
  'moj',
  'hmt',
  'beis',
  'desnz',
  'defra',
  'and',
  'of',
  'for',
  '&',
]);

/** A lone qualifier too general to name a policy on its own ("Green Paper", "National Strategy"). */
const GENERIC = new Set([
  'green',
  'white',
  'national',
  'public',
  'main',
  'small',
  'corporate',
  'briefing',
  'funding',
  'innovation',
  'general',
  'local',
  'uk',
  'programme',
  'grant',
  'grants',
]);

/**
 * Words that, before an "of", "for" or "and" inside a run of capitals, show the run is not one name:
 * "Chief Executive of …", "Applications for …", "PASC Report and Lord Hodgson's Review".
 */
const NOT_NAME = new Set([
  'applications',
  'apply',
  'director',
  'chief',
  'executive',
  'head',
  'minister',
  'secretary',
  'chair',
  'future',
  'round',
  'portion',
  'evaluation',
  'implementation',
  'department',
  'office',
  'house',
  'member',
  'members',
  'part',
  'phase',
  'wave',
  'summary',
  'response',
  'report',
  'decisions',
]);

/** Words that, inside a run of capitals, start a new name: "Health Foundation and The King's Fund". */
const RESTARTS = new Set(['the', 'our', 'this', 'its', 'their']);

/** Lower-case words that may sit inside a name between capitalised ones ("Health and Care Act"). */
const JOINERS = new Set(['and', 'of', 'for', '&']);

/** Organisations whose names end like a programme's; they are sources, not policies. */
const NOT_TOPICS = new Set([
  'kings-fund',
  'big-lottery-fund',
  'national-lottery-community-fund',
  'national-lottery-heritage-fund',
  'international-monetary-fund',
  'national-health-service',
  'civil-service',
  'health-service',
  'nhs-service',
  'national-lottery-fund',
]);

/** Endings of names that are documents or procedures, not policies ("Commons Library Briefing Paper"). */
const NOT_TOPIC_ENDINGS = ['briefing-paper', 'public-bill'];

/**
 * Acronyms and well-known names that follow no pattern. Each maps what people write to one topic,
 * so "ICBs" and "integrated care boards" land with "Integrated Care Boards".
 */
const ALIASES: { pattern: RegExp; name: string }[] = [
  { pattern: /\bICBs?\b|\bintegrated care boards?\b/gi, name: 'Integrated Care Boards' },
  { pattern: /\bICSs?\b|\bintegrated care systems?\b/gi, name: 'Integrated Care Systems' },
  { pattern: /\bBCF\b/g, name: 'Better Care Fund' },
  { pattern: /\bUKSPF\b/g, name: 'Shared Prosperity Fund' },
  { pattern: /\buniversal credit\b/gi, name: 'Universal Credit' },
  { pattern: /\bpersonal independence payments?\b|\bPIP\b/gi, name: 'Personal Independence Payment' },
  { pattern: /\bpension credit\b/gi, name: 'Pension Credit' },
  { pattern: /\bcarer['’]?s['’]? allowance\b/gi, name: 'Carer’s Allowance' },
  { pattern: /\bfamily hubs?\b/gi, name: 'Family Hubs' },
  { pattern: /\btroubled families\b/gi, name: 'Troubled Families Programme' },
  { pattern: /\btransforming rehabilitation\b/gi, name: 'Transforming Rehabilitation' },
  { pattern: /\bNHS long[- ]term plan\b/gi, name: 'NHS Long Term Plan' },
  { pattern: /\bdevolution deals?\b/gi, name: 'Devolution Deals' },
  { pattern: /\bSEND review\b/gi, name: 'SEND Review' },
];

/**
 * Names that are the same policy written differently: "UK Shared Prosperity Fund" is the Shared
 * Prosperity Fund, whichever way a headline puts it.
 */
const CANONICAL: Record<string, string> = {
  'uk-shared-prosperity-fund': 'Shared Prosperity Fund',
  'levelling-up-fund-uk': 'Levelling Up Fund',
  'integrated-care-board': 'Integrated Care Boards',
  'integrated-care-system': 'Integrated Care Systems',
  'long-term-workforce-plan': 'NHS Long Term Workforce Plan',
  'long-term-plan': 'NHS Long Term Plan',
  'transforming-rehabilitation-programme': 'Transforming Rehabilitation',
  'family-hubs-programme': 'Family Hubs',
};

const SINGULAR: Record<string, string> = {
  boards: 'board',
  deals: 'deal',
  partnerships: 'partnership',
  pathfinders: 'pathfinder',
};

/** The slug of a topic name: plural heads count as singular, so "Board" and "Boards" are one topic. */
export function topicSlug(name: string): string {
  const slug = slugify(name);
  const parts = slug.split('-');
  const last = parts.at(-1) ?? '';
  if (SINGULAR[last]) parts[parts.length - 1] = SINGULAR[last];
  return parts.join('-');
}

const isCapitalised = (t: Token) => t.type === 'word' && /^\p{Lu}\p{L}/u.test(t.value);
const isAcronym = (t: Token) => t.type === 'word' && /^\p{Lu}{2,}s?$/u.test(t.value);
const isSentenceEnd = (t: Token | undefined) => !t || (t.type === 'punctuation' && /^[.!?:;]$/.test(t.value));
const isHead = (t: Token | undefined) => !!t && HEADS.has(t.value);
const headOf = (t: Token) => t.value[0]!.toUpperCase() + t.value.slice(1).toLowerCase();

function join(tokens: Token[]): string {
  return tokens
    .map((t, i) => (i > 0 && t.spaced ? ' ' : '') + t.value)
    .join('')
    .replace(/\(\s+/g, '(')
    .replace(/\s+\)/g, ')')
    .trim();
}

/**
 * Walks back from a head word over the capitalised words that name it, taking in "and"/"of" between
 * capitalised words, possessives ("Carers'") and bracketed parts ("Renters (Reform) Bill").
 */
function nameBefore(tokens: Token[], head: number): Token[] {
  const name: Token[] = [];
  let j = head - 1;
  while (j >= 0) {
    const t = tokens[j]!;
    if (t.type === 'word' && BREAKS.has(t.value.toLowerCase())) break;
    if (isCapitalised(t)) {
      name.unshift(t);
      j -= 1;
    } else if (/^['’]s?$/.test(t.value) && !t.spaced && j > 0 && isCapitalised(tokens[j - 1]!)) {
      name.unshift(t);
      j -= 1;
    } else if (t.value === '-' && !t.spaced && j > 0 && isCapitalised(tokens[j - 1]!)) {
      name.unshift(t);
      j -= 1;
    } else if (JOINERS.has(t.value.toLowerCase()) && j > 0 && isCapitalised(tokens[j - 1]!)) {
      name.unshift(t);
      j -= 1;
    } else if (t.value === ')') {
      // A bracketed part belongs to the name only if it is all capitalised words: "(Regulatory Oversight)".
      let k = j - 1;
      while (k >= 0 && isCapitalised(tokens[k]!)) k -= 1;
      if (k < 0 || tokens[k]!.value !== '(' || k === j - 1 || k === 0 || !isCapitalised(tokens[k - 1]!))
        break;
      name.unshift(...tokens.slice(k, j + 1));
      j = k - 1;
    } else {
      break;
    }
  }
  return trimName(name);
}

/** Cuts a run of capitals down to the name that ends it (see NOT_NAME and RESTARTS), then drops leading filler. */
function trimName(words: Token[]): Token[] {
  let name = words;
  for (let i = name.length - 1; i > 0; i -= 1) {
    const w = name[i]!.value.toLowerCase();
    const before = name.slice(0, i);
    const joinerCut =
      JOINERS.has(w) && before.some((b) => NOT_NAME.has(b.value.toLowerCase()) || HEADS.has(b.value));
    if (joinerCut || RESTARTS.has(w)) {
      name = name.slice(i + 1);
      break;
    }
  }
  for (;;) {
    const first = name[0];
    if (!first) break;
    if (LEADING.has(first.value.toLowerCase()) || /^['’]s?$|^-$/.test(first.value)) name = name.slice(1);
    else break;
  }
  return name;
}

/** "for People and Place" after a bare head: the name continues after it ("Partnerships for People and Place"). */
function nameAfter(tokens: Token[], head: number): Token[] {
  const next = tokens[head + 1];
  if (!next || next.value !== 'for' || !tokens[head + 2] || !isCapitalised(tokens[head + 2]!)) return [];
  const tail: Token[] = [next];
  let j = head + 2;
  while (j < tokens.length) {
    const t = tokens[j]!;
    if (isCapitalised(t) && !BREAKS.has(t.value.toLowerCase())) tail.push(t);
    else if (JOINERS.has(t.value) && tokens[j + 1] && isCapitalised(tokens[j + 1]!)) tail.push(t);
    else break;
    j += 1;
  }
  return tail;
}

function fromText(text: string): string[] {
  const names: string[] = [];
  for (const { pattern, name } of ALIASES) {
    pattern.lastIndex = 0;
    if (pattern.test(text)) names.push(name);
  }
  const tokens = tokenise(text);
  tokens.forEach((t, i) => {
    const lower = HEADS.has(headOf(t)) && t.value === t.value.toLowerCase();
    if (!isHead(t) && !lower) return;
    // A lower-case head counts only straight after an acronym or a name mid-sentence ("Darzi review").
    if (lower) {
      const before = tokens[i - 1];
      if (!before || !(isAcronym(before) || (isCapitalised(before) && !isSentenceEnd(tokens[i - 2])))) return;
    }
    const next = tokens[i + 1];
    // "SEND Review Green Paper" is the SEND Review; "Care Act Review" is named by its last head.
    const paperFollows = next && /^(Green|White)$/.test(next.value) && tokens[i + 2]?.value === 'Paper';
    if (isHead(next) && !paperFollows) return;
    let words = nameBefore(tokens, i);
    if (words.some((w) => w.value === t.value)) return;
    if (words.length === 1 && GENERIC.has(words[0]!.value.toLowerCase())) return;
    if (
      t.value === 'Paper' &&
      words.length >= 2 &&
      isHead(words.at(-2)) &&
      /^(Green|White)$/.test(words.at(-1)!.value)
    ) {
      return;
    }
    const head = { ...t, value: headOf(t) };
    if (words.length === 0) {
      const tail = nameAfter(tokens, i);
      if (tail.length === 0) return;
      names.push(join([head, ...tail]));
      return;
    }
    words = [...words, head];
    names.push(join(words));
  });
  return names;
}

/**
 * The policies and programmes an item is about: named acts, bills, funds, programmes, strategies,
 * boards, reviews, plans, schemes, papers, deals, frameworks, partnerships, pathfinders and services,
 * plus a few well-known names and acronyms. Years, a leading "The" and acronyms in brackets are
 * dropped, so "The Better Care Fund (BCF)" and "Better Care Fund" are one topic.
 */
export function extractTopics(title: string, summary: string): ExtractedTopic[] {
  const found = new Map<string, ExtractedTopic>();
  for (const raw of [...fromText(title), ...fromText(summary)]) {
    let name = raw.replace(/\s+/g, ' ').trim();
    let slug = topicSlug(name);
    const canonical = CANONICAL[slug];
    if (canonical) {
      name = canonical;
      slug = topicSlug(canonical);
    }
    if (!slug || NOT_TOPICS.has(slug) || found.has(slug)) continue;
    if (NOT_TOPIC_ENDINGS.some((end) => slug.endsWith(end))) continue;
    found.set(slug, { name, slug });
  }
  return [...found.values()];
}
