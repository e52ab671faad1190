import type {
  APIApplicationCommandBasicOption,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { OptionSpec } from '../../core/options.js';

/**
 * The command specs of the core registry → Discord application command JSON (pure). One spec drives text
 * parsing on Slack and in the terminal and slash-command registration here.
 *
 * Names. Discord wants option names matching `^[-_\p{L}\p{N}]{1,32}$` in lower case. Valued options keep the
 * spec's name (`checkpoint_interval`), the same word people type as `checkpoint_interval=5` on Slack or in the
 * terminal. A flag (`dry_run`) becomes `dry-run`, the way a switch is written on a command line (`--dry-run`);
 * the core's text parser already treats `dry-run` and `dry_run` as one name, and `fromDiscordOptionName` maps
 * it back. A flag is a boolean option on Discord, so `dry-run:True` and leaving it out mean what the bare word
 * and its absence mean in text.
 */
export interface CommandLike {
  name: string;
  description: string;
  options: readonly OptionSpec[];
}

/** A chat-input (slash) command as registration sends it. */
export type CommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

const DISCORD_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const MAX_CHOICES = 25;
/** Discord's integer options hold at most 2^53 in either direction. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export function discordOptionName(spec: Pick<OptionSpec, 'name' | 'type'>): string {
  return spec.type === 'flag' ? spec.name.replace(/_/g, '-') : spec.name;
}

/** Discord option name → spec name; every spec name uses `_`, never `-`. */
export const fromDiscordOptionName = (name: string): string => name.replace(/-/g, '_');

export function commandJson(command: CommandLike): CommandJson {
  checkName(command.name, `command /${command.name}`);
  // Discord refuses a command whose required options do not all come before the optional ones.
  const ordered = [...command.options].sort(
    (a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)),
  );
  const options = ordered.map(optionJson);
  return {
    type: 1,
    name: command.name,
    description: describe(command.description),
    ...(options.length > 0 ? { options } : {}),
  };
}

export function commandsJson(commands: readonly CommandLike[]): CommandJson[] {
  return commands.map(commandJson);
}

export function optionJson(spec: OptionSpec): APIApplicationCommandBasicOption {
  const name = discordOptionName(spec);
  checkName(name, `option ${spec.name}`);
  const description = describe(
    spec.type === 'list' ? `${spec.description} (comma-separated)` : spec.description,
  );
  const base = { name, description, ...(spec.required ? { required: true } : {}) };
  // Discord's option types: STRING 3, INTEGER 4, BOOLEAN 5, NUMBER 10.
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const range = {
        ...(spec.min !== undefined ? { min_value: Math.max(spec.min, -MAX_SAFE) } : {}),
        ...(spec.max !== undefined ? { max_value: Math.min(spec.max, MAX_SAFE) } : {}),
      };
      return spec.type === 'integer' ? { ...base, ...range, type: 4 } : { ...base, ...range, type: 10 };
    }
    case 'boolean':
    case 'flag':
      return { ...base, type: 5 };
    case 'string':
    case 'list': {
      // Over 25 choices Discord refuses the list; the core still checks the value against all of them.
      const choices =
        spec.choices && spec.choices.length <= MAX_CHOICES
          ? spec.choices.map((choice) => ({ name: choice.slice(0, 100), value: choice }))
          : undefined;
      return { ...base, type: 3, ...(choices ? { choices } : {}) };
    }
  }
}

function describe(text: string): string {
  const trimmed = text.trim() || 'no description';
  return trimmed.length <= 100 ? trimmed : `${trimmed.slice(0, 99)}…`;
}

function checkName(name: string, what: string): void {
  if (!DISCORD_NAME.test(name) || name !== name.toLowerCase()) {
    throw new Error(
      `${what}: "${name}" is not a valid Discord name (lower case letters, digits, - and _, 1–32)`,
    );
  }
}
