import type { Config } from '../config.js';
import type { Platform } from '../domain.js';

/** A channel named in typed text, as its platform reads it. */
export interface ChannelRef {
  id: string;
  name?: string;
}

/**
 * What the core needs to know about a chat platform that is not about posting: how its people and
 * channels are written in typed text, and which of its channels the settings name. Each adapter brings
 * one; the composition root registers them, so the core never lists platforms.
 */
export interface PlatformSpec {
  id: Platform;
  /** As people say it: "Slack", "Teams". */
  label: string;
  /** A channel reference in a command (`<#C0123|smt>`, `C0123`), or null when it is not this platform's. */
  readChannel?(word: string): ChannelRef | null;
  /** A person reference in a command (`<@U0123>`, a GUID), or null when it is not this platform's. */
  readUser?(word: string): string | null;
  /** How its channel ids look, for a reply that says what to type: "a Slack channel id (C0123ABCD)". */
  channelForm?: string;
  userForm?: string;
  /** Undoes the markup a platform wraps round typed text (Slack sends links as `<https://…|label>`). */
  plainText?(text: string): string;
  /** Agenda channels the settings name (HORIZON_SLACK_CHANNELS), added once when Horizon opens. */
  configuredChannels?(config: Config): string[];
  /** Whether the platform can show a form (so "feeds add" with no address opens one). */
  forms?: boolean;
}

const registry = new Map<Platform, PlatformSpec>();

/** Called by each adapter (and by the composition root, which registers every installed one). */
export function registerPlatform(spec: PlatformSpec): void {
  registry.set(spec.id, spec);
}

export function platformSpec(id: Platform): PlatformSpec | undefined {
  return registry.get(id);
}

export function registeredPlatforms(): PlatformSpec[] {
  return [...registry.values()];
}

/** "a Slack user id (U0123ABCD) nor a Teams user id (…)" as "neither A nor B", for refusals. */
export function describeForms(forms: string[]): string {
  if (forms.length === 0) return 'not an id any installed chat platform uses';
  if (forms.length === 1) return `not ${forms[0]}`;
  return `neither ${forms.join(' nor ')}`;
}
