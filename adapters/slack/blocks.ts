import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
export type PlainOption = types.PlainTextOption;

/** A message ready for chat.postMessage or response_url: blocks plus the plain fallback for notifications. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}
