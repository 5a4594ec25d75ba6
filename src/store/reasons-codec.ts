import type { Reason } from '../domain.js';

/**
 * How an item's reasons are stored: compactly, because written out as JSON objects they were a third of
 * the database. Each reason is a short array, `[kind, target, weight, text…]`: the kind is one letter, a
 * target the same as the previous reason's is 0, and the text is either the text itself or a template
 * number and its parts, where a word or phrase quoted from the title or summary is its offset and length
 * there. Every reason is checked to decode to exactly itself before its short form is used, so a reader
 * always gets back the Reason objects the tagger wrote. Rows written before migration 070 (an array of
 * objects) still decode.
 */

const KIND_CODES: Record<Reason['kind'], string> = {
  stage: 's',
  theme: 't',
  source: 'o',
  model: 'm',
  profile: 'p',
  deadline: 'd',
  amount: 'a',
  correction: 'c',
};
const KINDS = Object.fromEntries(Object.entries(KIND_CODES).map(([k, c]) => [c, k])) as Record<
  string,
  Reason['kind']
>;

/** The texts the tagger writes over and over (src/tagging/index.ts, describeWhere). */
const enum T {
  Signals = 1,
  Keywords = 2,
  Chose = 3,
  InField = 4,
  PointedTo = 5,
  FromFeed = 6,
}

const FIELDS = ['title', 'summary'] as const;

export interface ReasonContext {
  title: string;
  summary: string;
}

type Part = string | number;

/** A quoted word or phrase: its offset and length in the title and summary when found there, else itself. */
function quote(text: string, haystack: string | null): Part[] {
  const at = haystack ? haystack.indexOf(text) : -1;
  return at >= 0 && text.length > 0 ? [at, text.length] : [text];
}

function unquote(parts: Part[], i: number, haystack: string): [string, number] {
  const p = parts[i];
  if (typeof p === 'number') return [haystack.slice(p, p + Number(parts[i + 1])), i + 2];
  return [String(p), i + 1];
}

const SIGNALS = /^the taxonomy's (\S+) (signals|keywords) \((.*)\)$/;

/** The title and summary as one text, which quoted phrases are offsets into. */
const haystack = (ctx: ReasonContext) => `${ctx.title}\n${ctx.summary}`;

// Each item has a dozen reasons and ingest stores thousands of items: the text each haystack is made
// from is joined once per item, and a reason's text is tried only against the templates its first
// words allow.
function encodeText(r: Reason, ctx: ReasonContext | null, hay: string | null): Part[] {
  const text = r.text;
  if (text.startsWith('the taxonomy')) return encodeTaxonomyText(r, hay) ?? [text];
  let m: RegExpExecArray | null;
  if (text.startsWith('from a ')) {
    m = /^from a (\S+) feed$/.exec(text);
    if (m) return [T.FromFeed, m[1]!];
    return [text];
  }
  if (!text.startsWith('"')) return [text];
  m = /^"(.*)" in (title|summary)$/s.exec(text);
  if (m && ctx) {
    const field = m[2] as (typeof FIELDS)[number];
    const at = ctx[field].indexOf(m[1]!);
    if (at >= 0) return [T.InField, FIELDS.indexOf(field), at, m[1]!.length];
    return [T.InField, FIELDS.indexOf(field), m[1]!];
  }
  return [text];
}

function encodeTaxonomyText(r: Reason, hay: string | null): Part[] | null {
  const text = r.text;
  const ruleOf = (rule: string): Part => (rule === r.target ? 0 : rule);
  let m = SIGNALS.exec(text);
  if (m) {
    const phrases = m[3]!.slice(1, -1).split('", "');
    return [
      m[2] === 'signals' ? T.Signals : T.Keywords,
      ruleOf(m[1]!),
      ...phrases.flatMap((p) => quote(p, hay)),
    ];
  }
  m = /^the taxonomy's (\S+) keywords$/.exec(text);
  if (m) return [T.Keywords, ruleOf(m[1]!)];
  m = /^the taxonomy rules chose (\S+)$/.exec(text);
  if (m) return [T.Chose, ruleOf(m[1]!)];
  m = /^the taxonomy's rules pointed to (\S+)$/.exec(text);
  if (m) return [T.PointedTo, ruleOf(m[1]!)];
  return null;
}

function decodeText(parts: Part[], target: string | undefined, ctx: ReasonContext, hay: string): string {
  const [code] = parts;
  if (typeof code === 'string') return code;
  const rule = () => (parts[1] === 0 ? (target ?? '') : String(parts[1]));
  switch (code) {
    case T.Signals:
    case T.Keywords: {
      const phrases: string[] = [];
      for (let i = 2; i < parts.length;) {
        const [p, next] = unquote(parts, i, hay);
        phrases.push(`"${p}"`);
        i = next;
      }
      const word = code === T.Signals ? 'signals' : 'keywords';
      return phrases.length
        ? `the taxonomy's ${rule()} ${word} (${phrases.join(', ')})`
        : `the taxonomy's ${rule()} ${word}`;
    }
    case T.Chose:
      return `the taxonomy rules chose ${rule()}`;
    case T.PointedTo:
      return `the taxonomy's rules pointed to ${rule()}`;
    case T.FromFeed:
      return `from a ${String(parts[1])} feed`;
    case T.InField: {
      const field = FIELDS[Number(parts[1])]!;
      const word =
        typeof parts[2] === 'number'
          ? ctx[field].slice(parts[2], parts[2] + Number(parts[3]))
          : String(parts[2]);
      return `"${word}" in ${field}`;
    }
    default:
      throw new Error(`unknown reason template ${String(code)}`);
  }
}

type Row = [string, string | 0 | null, number | null, ...Part[]];

function decodeOne(row: Row, previousTarget: string | undefined, ctx: ReasonContext, hay: string): Reason {
  const [k, t, w, ...text] = row;
  const target = t === 0 ? previousTarget : (t ?? undefined);
  const r: Reason = { kind: KINDS[k] ?? (k as Reason['kind']), text: decodeText(text, target, ctx, hay) };
  if (target !== undefined) r.target = target;
  if (w !== null) r.weight = w;
  return r;
}

const same = (a: Reason, b: Reason) =>
  a.kind === b.kind && a.text === b.text && a.target === b.target && a.weight === b.weight;

/** The stored form of an item's reasons. `ctx` is the title and summary stored with them (null: none). */
export function encodeReasons(reasons: readonly Reason[], ctx: ReasonContext | null): string {
  return JSON.stringify(encodeReasonValue(reasons, ctx));
}

/** encodeReasons before it is written out as JSON (for a caller that stores it inside JSON of its own). */
export function encodeReasonValue(reasons: readonly Reason[], ctx: ReasonContext | null): unknown[] {
  const plain = ctx ?? { title: '', summary: '' };
  const hay = ctx ? haystack(ctx) : null;
  const plainHay = hay ?? haystack(plain);
  const rows: Row[] = [];
  let previous: string | undefined;
  for (const r of reasons) {
    const target =
      r.target === undefined ? null : r.target === previous && previous !== undefined ? 0 : r.target;
    const head: [string, string | 0 | null, number | null] = [
      KIND_CODES[r.kind] ?? r.kind,
      target,
      r.weight ?? null,
    ];
    let row: Row = [...head, ...encodeText(r, ctx, hay)];
    // Only a short form that gives back exactly this reason is kept; anything else is stored as written.
    if (typeof row[3] !== 'string' && !same(decodeOne(row, previous, plain, plainHay), r))
      row = [...head, r.text];
    // A reason with keys beyond these four is kept whole, so nothing is ever lost.
    if (Object.keys(r).some((key) => !['kind', 'text', 'target', 'weight'].includes(key)))
      return [...reasons];
    rows.push(row);
    previous = r.target;
  }
  return rows;
}

/** The Reason objects stored in `text`, in either the compact form or the older array of objects. */
export function decodeReasons(text: string | null, ctx: ReasonContext): Reason[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  return decodeReasonValue(parsed, ctx);
}

/** decodeReasons of a value already read from JSON. */
export function decodeReasonValue(parsed: unknown, ctx: ReasonContext): Reason[] {
  if (!Array.isArray(parsed)) return [];
  const out: Reason[] = [];
  const hay = haystack(ctx);
  let previous: string | undefined;
  for (const row of parsed as unknown[]) {
    if (!Array.isArray(row)) {
      out.push(row as Reason);
      previous = (row as Reason).target;
      continue;
    }
    const r = decodeOne(row as Row, previous, ctx, hay);
    out.push(r);
    previous = r.target;
  }
  return out;
}
