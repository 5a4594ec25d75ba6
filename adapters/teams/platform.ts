import type { PlatformSpec } from '../../src/chat/platforms.js';

// Teams channel ids are conversation ids such as 19:abc…@thread.tacv2; people are Entra object ids (GUIDs).
const CHANNEL_ID = /^19:[^\s@]+@thread(?:\.[a-z0-9]+)?$/i;
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the core needs to know about Teams' typed text, without loading the Bot Framework. */
export const teamsPlatform: PlatformSpec = {
  id: 'teams',
  label: 'Teams',
  forms: true,
  channelForm: 'a Teams channel id (19:…@thread.tacv2)',
  userForm: 'a Teams user id (an Entra object id, a GUID)',
  readChannel: (word) => (CHANNEL_ID.test(word) ? { id: word } : null),
  readUser: (word) => (USER_ID.test(word) ? word : null),
};
