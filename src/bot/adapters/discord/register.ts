import { REST, Routes } from 'discord.js';
import { sameCommands } from './command-diff.js';
import { type CommandLike, commandsJson } from './commands-json.js';
import { restOptions } from './rest-options.js';
import type { DiscordConfig } from './types.js';

export interface RegisterResult {
  scope: 'guild' | 'global';
  /** Whether anything was sent: false when Discord already had exactly these commands. */
  changed: boolean;
  names: string[];
}

/**
 * Registers the registry's commands as slash commands: in one guild when `guildId` is set (they appear at once,
 * handy while testing), globally otherwise. It reads what is registered first and sends the whole set (one bulk
 * overwrite) only when it differs, so running it on every deploy costs one GET.
 *
 * @example
 * const result = await registerDiscordCommands(config.chat.discord, COMMANDS);
 * // { scope: 'guild', changed: true, names: ['train', 'runs', …] }
 */
export async function registerDiscordCommands(
  config: DiscordConfig,
  commands: readonly CommandLike[],
  rest: REST = new REST(restOptions(config)).setToken(config.token),
): Promise<RegisterResult> {
  const wanted = commandsJson(commands);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.applicationId, config.guildId)
    : Routes.applicationCommands(config.applicationId);
  const registered = (await rest.get(route)) as unknown[];
  const scope = config.guildId ? 'guild' : 'global';
  const names = wanted.map((command) => command.name);
  if (sameCommands(registered, wanted)) return { scope, changed: false, names };
  await rest.put(route, { body: wanted });
  return { scope, changed: true, names };
}
