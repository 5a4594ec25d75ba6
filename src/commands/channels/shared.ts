import type { ChannelRef } from '../../chat/platforms.js';
import type { Platform } from '../../domain.js';
import { readChannel } from '../references.js';
import { fail } from '../reply.js';
import type { CommandContext, Reply } from '../types.js';

export interface Target extends ChannelRef {
  platform: Platform;
  /** True for "here": the channel the command was typed in, whose address the adapter gave us. */
  here: boolean;
}

/** The channel a "channels add|remove" means: here, or one named by id in a form its platform uses. */
export function targetChannel(
  ctx: CommandContext,
  arg: string | undefined,
  verb: 'add' | 'remove',
): Target | Reply {
  if (!arg || arg.toLowerCase() === 'here') {
    return ctx.channelId
      ? { platform: ctx.platform, id: ctx.channelId, name: ctx.channelName, here: true }
      : fail(
          'Which channel?',
          `Type "channels ${verb} here" in the SMT channel, or give its id: "channels ${verb} C0123456".`,
        );
  }
  const read = readChannel(ctx, arg);
  if (!read.ok)
    return fail(
      read.problem,
      `Give the channel's id, or type "channels ${verb} here" in the channel itself.`,
      {
        exitCode: 2,
      },
    );
  return { platform: read.platform, ...read.value, here: false };
}
