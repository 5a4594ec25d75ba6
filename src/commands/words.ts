import { parseArgs } from 'node:util';

/**
 * Splits what someone typed into words, keeping "quoted phrases" together. Platform markup (Slack's
 * wrapped links) is undone before this, by the platform's own `plainText` (src/chat/platforms.ts).
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) {
    words.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
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
