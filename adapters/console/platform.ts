import type { PlatformSpec } from '../../src/chat/platforms.js';

/** The terminal: one channel, no ids to read, no forms. */
export const consolePlatform: PlatformSpec = { id: 'console', label: 'terminal' };
