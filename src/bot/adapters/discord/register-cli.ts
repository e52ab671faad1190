import type { Writable } from 'node:stream';
import { DiscordAPIError } from 'discord.js';
import { loadConfig } from '../../../config/index.js';
import { COMMANDS } from '../../commands/index.js';
import { registerDiscordCommands } from './register.js';

/**
 * `taobot discord-register`: registers the registry's commands as Discord slash commands (in `chat.discord.guildId`
 * when set, globally otherwise) and sends nothing when Discord already has exactly them.
 */
export async function runDiscordRegister(
  io: { stdout: Writable; stderr: Writable } = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const config = loadConfig();
  const discord = config.chat.discord;
  if (!discord) {
    io.stderr.write(
      'taobot discord-register: Discord is not configured; set DISCORD_TOKEN and DISCORD_APPLICATION_ID ' +
        `(or chat.discord in ${config.source})\n`,
    );
    return 2;
  }
  try {
    const result = await registerDiscordCommands(discord, COMMANDS);
    const where =
      result.scope === 'guild' ? `guild ${discord.guildId}` : 'global (all servers, may take a while)';
    const names = result.names.map((name) => `/${name}`).join(', ');
    io.stdout.write(
      result.changed
        ? `Registered ${result.names.length} Discord commands in ${where}: ${names}\n`
        : `Discord commands unchanged in ${where}: ${names}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof DiscordAPIError)) throw error;
    const hint =
      error.status === 401
        ? ' (check DISCORD_TOKEN)'
        : error.status === 403 || error.status === 404
          ? ' (check DISCORD_APPLICATION_ID and chat.discord.guildId, and that the bot is in that guild)'
          : '';
    io.stderr.write(`taobot discord-register: Discord answered ${error.status} ${error.message}${hint}\n`);
    return 1;
  }
}
