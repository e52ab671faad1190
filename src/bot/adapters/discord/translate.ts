import type { ButtonClick, CommandRequest } from '../../core/types.js';
import { fromDiscordOptionName } from './commands-json.js';
import { parseCustomId } from './custom-id.js';

/**
 * Discord interaction facts → the core's normalized events (pure). The adapter reads these few fields off
 * discord.js's interaction objects; tests feed them directly.
 */
export interface InteractionFacts {
  user: { id: string; username: string; globalName?: string | null };
  channelId: string;
}

export interface SlashFacts extends InteractionFacts {
  commandName: string;
  /** discord.js's `interaction.options.data`: typed values, by Discord option name. */
  options: ReadonlyArray<{ name: string; value?: string | number | boolean | null }>;
}

export interface ButtonFacts extends InteractionFacts {
  customId: string;
  messageId: string;
}

const actorOf = (facts: InteractionFacts) => ({
  platform: 'discord' as const,
  id: facts.user.id,
  name: facts.user.globalName ?? facts.user.username,
});

export function toCommandRequest(facts: SlashFacts): CommandRequest {
  const options: Record<string, string | number | boolean> = {};
  for (const option of facts.options) {
    if (option.value !== undefined && option.value !== null)
      options[fromDiscordOptionName(option.name)] = option.value;
  }
  return {
    platform: 'discord',
    command: facts.commandName,
    input: { options },
    user: actorOf(facts),
    channelId: facts.channelId,
  };
}

/** A click on a button taobot made, or null for any other custom id. */
export function toButtonClick(facts: ButtonFacts): ButtonClick | null {
  const parsed = parseCustomId(facts.customId);
  if (!parsed) return null;
  return {
    platform: 'discord',
    action: parsed.action,
    value: parsed.value,
    user: actorOf(facts),
    channelId: facts.channelId,
    messageRef: facts.messageId,
  };
}

/** The note a click leaves on its message: newest last, the last five kept (content holds 2000 characters). */
export function clickNote(existing: string, what: string, userId: string): string {
  const lines = existing.split('\n').filter((line) => line.trim() !== '');
  lines.push(`${what} — clicked by <@${userId}>`);
  return lines
    .slice(-5)
    .map((line) => (line.length > 390 ? `${line.slice(0, 389)}…` : line))
    .join('\n');
}

/** A link that opens a message in Discord. */
export function messageLink(guildId: string | null, channelId: string, messageId: string): string {
  return `https://discord.com/channels/${guildId ?? '@me'}/${channelId}/${messageId}`;
}
