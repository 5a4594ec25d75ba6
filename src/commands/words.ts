import { parseArgs } from 'node:util';

/**
 * Splits what someone typed into words, keeping "quoted phrases" together. Chat platforms wrap links
 * (`<https://example.org/feed|example.org/feed>` in Slack), so a wrapped link becomes its bare URL.
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) {
    let w = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    const wrapped = /^<((?:https?|mailto|file|ftp|[a-z][\w+.-]*):[^|>]*)(?:\|[^>]*)?>$/i.exec(w);
    if (wrapped) w = wrapped[1]!;
    words.push(w);
  }
  return words;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | string[] | boolean | undefined>;
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** Parses `--flag value` options with Node's own parser; an unknown flag is an error the user sees. */
export function parseWords(words: string[], options: OptionSpec): ParsedArgs {
  const { positionals, values } = parseArgs({ args: words, options, allowPositionals: true, strict: true });
  return { positionals, values: values as ParsedArgs['values'] };
}
