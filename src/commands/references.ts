import { type ChannelRef, describeForms, platformSpec, registeredPlatforms } from '../chat/platforms.js';
import type { PlatformSpec } from '../chat/platforms.js';
import type { Platform } from '../domain.js';
import type { CommandContext } from './types.js';

type Kind = 'channel' | 'user';

/**
 * The platforms whose forms a typed reference may take: the one the person is typing in, or, from the
 * shell (which has no platform of its own), every registered platform that reads that kind of id.
 */
function readers(ctx: CommandContext, kind: Kind): PlatformSpec[] {
  const reads = (p: PlatformSpec | undefined) => Boolean(kind === 'channel' ? p?.readChannel : p?.readUser);
  const own = platformSpec(ctx.platform);
  return reads(own) ? [own!] : registeredPlatforms().filter(reads);
}

export type Read<T> = { ok: true; platform: Platform; value: T } | { ok: false; problem: string };

function read<T>(ctx: CommandContext, kind: Kind, word: string, get: (p: PlatformSpec) => T | null): Read<T> {
  const candidates = readers(ctx, kind);
  const found = candidates.flatMap((p) => {
    const value = get(p);
    return value === null ? [] : [{ platform: p.id, value }];
  });
  if (found.length === 1) return { ok: true, ...found[0]! };
  const forms = candidates.map((p) => (kind === 'channel' ? p.channelForm : p.userForm) ?? `a ${p.label} id`);
  return found.length === 0
    ? { ok: false, problem: `"${word}" is ${describeForms(forms)}.` }
    : { ok: false, problem: `"${word}" could be ${forms.join(' or ')}; run this in the platform itself.` };
}

/** A channel typed in a command (`<#C0123|smt>`, `C0123`, `19:…@thread.tacv2`), and whose it is. */
export function readChannel(ctx: CommandContext, word: string): Read<ChannelRef> {
  return read(ctx, 'channel', word, (p) => p.readChannel!(word));
}

/** A person typed in a command (`<@U0123>`, a GUID), and whose they are. */
export function readUser(ctx: CommandContext, word: string): Read<string> {
  return read(ctx, 'user', word, (p) => p.readUser!(word));
}

/** Text as the command layer reads it, with the platform's own markup undone. */
export function plainText(ctx: CommandContext, text: string): string {
  return platformSpec(ctx.platform)?.plainText?.(text) ?? text;
}
