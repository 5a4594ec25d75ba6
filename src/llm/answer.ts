import { z } from 'zod';
import { ALL_STAGES, type Stage, type ThemeSlug } from '../domain.js';
import { LlmError } from './errors.js';

/** A validated answer from the language model, with its free text made safe to show. */
export interface LlmAnswer {
  stage: Stage;
  stageEvidence: string;
  themes: ThemeSlug[];
  whyItMatters: string;
}

/** The chat-completions envelope: only what we read, so new fields a server adds do not break us. */
const Completion = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable().optional(),
          refusal: z.string().nullable().optional(),
        }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
});

const MAX_LINE = 200;

/**
 * Free text from the model becomes one short plain line: no control characters, no links, no chat
 * mentions, so a manipulated answer cannot put a link or an @channel into the agenda.
 */
export function safeLine(text: string, max = MAX_LINE): string {
  const line = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, ' ')
    .replace(/\b(?:https?|ftp|mailto|file|javascript|data):\S*/gi, '[link removed]')
    .replace(/\bwww\.\S+/gi, '[link removed]')
    .replace(/<[!@#][^>]*>/g, ' ')
    .replace(/@(?:channel|here|everyone)\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The answer's own schema, built from the loaded taxonomy's slugs; extra fields are refused. */
export function answerSchema(slugs: readonly string[], maxThemes: number) {
  const slug = z.string().refine((s) => slugs.includes(s), { message: 'is not a theme in the taxonomy' });
  return z
    .object({
      stage: z.enum(ALL_STAGES as [Stage, ...Stage[]]),
      stage_evidence: z.string().max(2000),
      themes: z.array(slug).max(Math.max(maxThemes, 1) * 2),
      why_it_matters: z.string().max(2000),
    })
    .strict();
}

function stripFence(text: string): string {
  const m = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(text.trim());
  return m ? m[1]! : text.trim();
}

function firstIssue(e: z.ZodError): string {
  const i = e.issues[0]!;
  return `${i.path.join('.') || 'answer'}: ${i.message}`;
}

/** Reads a chat-completions response body into a validated answer, or throws an LlmError saying why not. */
export function parseCompletion(body: string, slugs: readonly string[], maxThemes: number): LlmAnswer {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new LlmError('malformed', 'the language model server did not answer with JSON');
  }
  const envelope = Completion.safeParse(json);
  if (!envelope.success)
    throw new LlmError('malformed', `the answer is not a chat completion (${firstIssue(envelope.error)})`);
  const choice = envelope.data.choices[0]!;
  if (choice.message.refusal) throw new LlmError('refusal', 'the language model refused to answer');
  if (choice.finish_reason === 'length')
    throw new LlmError('malformed', 'the language model ran out of tokens before finishing its answer');
  const content = choice.message.content;
  if (!content) throw new LlmError('malformed', 'the language model gave an empty answer');
  let answer: unknown;
  try {
    answer = JSON.parse(stripFence(content));
  } catch {
    throw new LlmError('malformed', "the language model's answer is not valid JSON");
  }
  const parsed = answerSchema(slugs, maxThemes).safeParse(answer);
  if (!parsed.success)
    throw new LlmError(
      'schema',
      `the language model's answer does not match the schema (${firstIssue(parsed.error)})`,
    );
  const a = parsed.data;
  return {
    stage: a.stage,
    stageEvidence: a.stage === 'unknown' ? '' : safeLine(a.stage_evidence, 120),
    themes: [...new Set(a.themes)].slice(0, Math.max(maxThemes, 1)),
    whyItMatters: safeLine(a.why_it_matters),
  };
}

/** Re-checks an answer read back from the cache against today's taxonomy. */
export function revalidate(json: string, slugs: readonly string[], maxThemes: number): LlmAnswer | null {
  try {
    const a = JSON.parse(json) as LlmAnswer;
    const ok =
      (ALL_STAGES as readonly string[]).includes(a.stage) &&
      typeof a.stageEvidence === 'string' &&
      typeof a.whyItMatters === 'string' &&
      Array.isArray(a.themes) &&
      a.themes.length <= Math.max(maxThemes, 1) &&
      a.themes.every((t) => slugs.includes(t));
    return ok ? a : null;
  } catch {
    return null;
  }
}
