import { DiscordAPIError } from 'discord.js';

/** Discord's JSON error codes the adapter decides on (docs: topics/opcodes-and-status-codes). */
export const DiscordCode = {
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  MissingAccess: 50001,
  CannotSendToUser: 50007,
  MissingPermissions: 50013,
  WrongChannelType: 50024,
  ThreadAlreadyCreated: 160004,
} as const;

/** The Discord error code of a failed REST call, or undefined for anything else (network, a bug). */
export function discordCode(error: unknown): number | undefined {
  return error instanceof DiscordAPIError && typeof error.code === 'number' ? error.code : undefined;
}
