import { createInterface } from 'node:readline';
import type { Tagger } from '../domain.js';

/** Longest line accepted; a longer one is reported as an error rather than tagged. */
const MAX_LINE_CHARS = 1_000_000;

/**
 * `horizon tag`: reads JSON lines `{"id","title","summary"}` and writes one line per input line,
 * `{"id","stage","themes","confidence","reasons"}` (plus deadline and amount when found). A line that
 * cannot be tagged gets `{"id","error"}` and the run carries on.
 */
export async function tagJsonLines(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  tagger: Tagger,
): Promise<{ count: number; errors: number }> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  let errors = 0;
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    const result = tagLine(line, lineNo, tagger);
    if ('error' in result) errors++;
    else count++;
    if (!output.write(`${JSON.stringify(result)}\n`)) await new Promise((r) => output.once('drain', r));
  }
  return { count, errors };
}

function tagLine(line: string, lineNo: number, tagger: Tagger): Record<string, unknown> {
  if (line.length > MAX_LINE_CHARS)
    return {
      id: null,
      error: `line ${lineNo} is longer than ${MAX_LINE_CHARS} characters; shorten the summary`,
    };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return {
      id: null,
      error: `line ${lineNo} is not valid JSON; each line must be one {"id","title","summary"} object`,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { id: null, error: `line ${lineNo} is not a JSON object; expected {"id","title","summary"}` };
  const v = value as Record<string, unknown>;
  const id = typeof v.id === 'string' || typeof v.id === 'number' ? v.id : null;
  const title = typeof v.title === 'string' ? v.title : '';
  const summary = typeof v.summary === 'string' ? v.summary : typeof v.text === 'string' ? v.text : '';
  if (title === '' && summary === '')
    return { id, error: `line ${lineNo} has no "title" or "summary" text to tag` };
  try {
    const publishedAt =
      typeof v.published === 'string'
        ? v.published
        : typeof v.publishedAt === 'string'
          ? v.publishedAt
          : null;
    const t = tagger.tag({ id: id === null ? undefined : String(id), title, summary, publishedAt });
    const out: Record<string, unknown> = {
      id,
      stage: t.stage,
      themes: t.themes,
      confidence: t.confidence,
      reasons: t.reasons,
    };
    if (t.deadline) out.deadline = t.deadline;
    if (t.amount) out.amount = t.amount;
    return out;
  } catch (err) {
    return { id, error: `line ${lineNo} could not be tagged: ${(err as Error).message}` };
  }
}
