import { createRequire } from 'node:module';
import type winkNLPType from 'wink-nlp';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { projectPath } from '../paths.js';
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

export function tokenise(text: string): Token[] {
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

/** The word lists in config/topics.yaml (each list's purpose is written beside it there). */
interface WordLists {
  heads: Set<string>;
  breaks: Set<string>;
  leading: Set<string>;
  generic: Set<string>;
  notName: Set<string>;
  restarts: Set<string>;
  joiners: Set<string>;
  notTopics: Set<string>;
  notTopicEndings: string[];
  aliases: { pattern: RegExp; name: string }[];
  canonical: Map<string, string>;
  singular: Map<string, string>;
}

const words = z.array(z.string().min(1));
const TopicsFile = z.object({
  words: z.object({
    heads: words,
    breaks: words,
    leading: words,
    generic: words,
    not_name: words,
    restarts: words,
    joiners: words,
    not_topics: words,
    not_topic_endings: words,
  }),
  aliases: z.array(
    z.object({ pattern: z.string().min(1), flags: z.enum(['', 'i']).optional(), name: z.string().min(1) }),
  ),
  canonical: z.record(z.string(), z.string().min(1)),
  singular: z.record(z.string(), z.string().min(1)),
});

/** Reads and checks the topic word lists; a mistake is named with the fix, never half-applied. */
export function loadTopicWords(path = projectPath('config', 'topics.yaml')): WordLists {
  let parsed: z.infer<typeof TopicsFile>;
  try {
    parsed = TopicsFile.parse(parse(readFileSync(path, 'utf8')));
  } catch (err) {
    const detail =
      err instanceof z.ZodError
        ? err.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')
        : err instanceof Error
          ? err.message
          : String(err);
    throw new Error(
      `The topic word lists in ${path} cannot be read (${detail}). Fix the file and try again.`,
    );
  }
  const lower = (list: string[]) => new Set(list.map((w) => w.toLowerCase()));
  const w = parsed.words;
  return {
    heads: new Set(w.heads),
    breaks: lower(w.breaks),
    leading: lower(w.leading),
    generic: lower(w.generic),
    notName: lower(w.not_name),
    restarts: lower(w.restarts),
    joiners: new Set(w.joiners),
    notTopics: new Set(w.not_topics),
    notTopicEndings: w.not_topic_endings,
    aliases: parsed.aliases.map((a) => {
      try {
        return { pattern: new RegExp(a.pattern, `g${a.flags ?? ''}`), name: a.name };
      } catch (err) {
        throw new Error(
          `The alias pattern "${a.pattern}" in ${path} is not a valid regular expression (${(err as Error).message}). Fix it and try again.`,
        );
      }
    }),
    canonical: new Map(Object.entries(parsed.canonical)),
    singular: new Map(Object.entries(parsed.singular)),
  };
}

// Read once, the first time a topic is looked for.
let lists: WordLists | null = null;
const W = (): WordLists => (lists ??= loadTopicWords());

/** The slug of a topic name: plural heads count as singular, so "Board" and "Boards" are one topic. */
export function topicSlug(name: string): string {
  const slug = slugify(name);
  const parts = slug.split('-');
  const last = parts.at(-1) ?? '';
  const singular = W().singular.get(last);
  if (singular) parts[parts.length - 1] = singular;
  return parts.join('-');
}

const isCapitalised = (t: Token) => t.type === 'word' && /^\p{Lu}\p{L}/u.test(t.value);
const isAcronym = (t: Token) => t.type === 'word' && /^\p{Lu}{2,}s?$/u.test(t.value);
const isSentenceEnd = (t: Token | undefined) => !t || (t.type === 'punctuation' && /^[.!?:;]$/.test(t.value));
const isHead = (t: Token | undefined) => !!t && W().heads.has(t.value);
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
    if (t.type === 'word' && W().breaks.has(t.value.toLowerCase())) break;
    if (isCapitalised(t)) {
      name.unshift(t);
      j -= 1;
    } else if (/^['’]s?$/.test(t.value) && !t.spaced && j > 0 && isCapitalised(tokens[j - 1]!)) {
      name.unshift(t);
      j -= 1;
    } else if (t.value === '-' && !t.spaced && j > 0 && isCapitalised(tokens[j - 1]!)) {
      name.unshift(t);
      j -= 1;
    } else if (W().joiners.has(t.value.toLowerCase()) && j > 0 && isCapitalised(tokens[j - 1]!)) {
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

/** Cuts a run of capitals down to the name that ends it (see not_name and restarts in config/topics.yaml), then drops leading filler. */
function trimName(words: Token[]): Token[] {
  let name = words;
  for (let i = name.length - 1; i > 0; i -= 1) {
    const w = name[i]!.value.toLowerCase();
    const before = name.slice(0, i);
    const joinerCut =
      W().joiners.has(w) &&
      before.some((b) => W().notName.has(b.value.toLowerCase()) || W().heads.has(b.value));
    if (joinerCut || W().restarts.has(w)) {
      name = name.slice(i + 1);
      break;
    }
  }
  for (;;) {
    const first = name[0];
    if (!first) break;
    if (W().leading.has(first.value.toLowerCase()) || /^['’]s?$|^-$/.test(first.value)) name = name.slice(1);
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
    if (isCapitalised(t) && !W().breaks.has(t.value.toLowerCase())) tail.push(t);
    else if (W().joiners.has(t.value) && tokens[j + 1] && isCapitalised(tokens[j + 1]!)) tail.push(t);
    else break;
    j += 1;
  }
  return tail;
}

let headPatterns: RegExp[] | null = null;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether wink could find a head word in the text, checked on the text itself. wink's tokens are
 * pieces of the text and wink never cuts a run of letters into a head and something else, so a head
 * token ("Fund") is the head as written with no letter either side. A lower-case head ("fund") counts
 * only straight after a word token that starts with a capital, which is some capital followed by
 * non-space characters, then spaces or nothing, just before it; any first letter is allowed for the
 * lower-case head, to be safe. Heads written other than as one capital and lower-case ASCII letters
 * fall back to looking for the head in any case.
 */
export function mayHoldHead(text: string): boolean {
  if (!headPatterns) {
    const heads = [...W().heads];
    const simple = heads.every((h) => /^[A-Z][a-z]*$/.test(h));
    const any = `(?<!\\p{L})(?:${heads.map(escape).join('|')})(?!\\p{L})`;
    const tails = heads.map((h) => escape(h.slice(1)));
    headPatterns = simple
      ? [
          new RegExp(any, 'u'),
          new RegExp(`\\p{Lu}\\S*\\s*(?<!\\p{L})[^\\s](?:${tails.join('|')})(?!\\p{L})`, 'u'),
        ]
      : [new RegExp(any, 'iu')];
  }
  return headPatterns.some((p) => p.test(text));
}

/** The names in one text; `readAll` tries every alias and reads the text with wink even where the gates say it need not (tests). */
export function namesIn(text: string, readAll = false): string[] {
  return fromText(text, readAll);
}

let aliasGates: RegExp[] | null = null;

/**
 * The alias patterns joined into one per set of flags ("a|b|c"): a text none of them matches (most
 * texts) is tried once per set instead of once per alias. A pattern with a back-reference or a named
 * group is left out of the joining (its numbering would change) and gets a gate of its own.
 */
function mayHoldAlias(text: string): boolean {
  if (!aliasGates) {
    const bySet = new Map<string, string[]>();
    const own: RegExp[] = [];
    for (const { pattern } of W().aliases) {
      const flags = pattern.flags.replace('g', '');
      if (/\\[1-9k]|\(\?</.test(pattern.source.replace(/\(\?<[=!]/g, '')))
        own.push(new RegExp(pattern.source, flags));
      else bySet.set(flags, [...(bySet.get(flags) ?? []), `(?:${pattern.source})`]);
    }
    aliasGates = [...[...bySet].map(([flags, parts]) => new RegExp(parts.join('|'), flags)), ...own];
  }
  return aliasGates.some((g) => g.test(text));
}

function fromText(text: string, readAll = false): string[] {
  const names: string[] = [];
  if (readAll || mayHoldAlias(text))
    for (const { pattern, name } of W().aliases) {
      pattern.lastIndex = 0;
      if (pattern.test(text)) names.push(name);
    }
  // Every name found ends in a head word, so a text where no head can be a token names nothing: it is
  // not read by wink at all (most items; wink's pass is most of what finding topics costs).
  if (!readAll && !mayHoldHead(text)) return names;
  const tokens = tokenise(text);
  tokens.forEach((t, i) => {
    const lower = W().heads.has(headOf(t)) && t.value === t.value.toLowerCase();
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
    if (words.length === 1 && W().generic.has(words[0]!.value.toLowerCase())) return;
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
    const canonical = W().canonical.get(slug);
    if (canonical) {
      name = canonical;
      slug = topicSlug(canonical);
    }
    if (!slug || W().notTopics.has(slug) || found.has(slug)) continue;
    if (W().notTopicEndings.some((end) => slug.endsWith(end))) continue;
    found.set(slug, { name, slug });
  }
  return [...found.values()];
}
