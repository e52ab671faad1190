import { stringify } from 'yaml';
import { UMBRELLA_COMMAND } from './translate.js';

export interface ManifestCommand {
  name: string;
  description: string;
  /** Shown after the command while typing, e.g. `<model> [epochs=…]`. */
  usage?: string;
}

export interface ManifestOptions {
  /** The app's name and its bot's display name; default `taobot`. */
  name?: string;
  commands: readonly ManifestCommand[];
  /**
   * HTTP mode: the public URL of taobot's Bolt endpoint (`https://bot.example.com/slack/events`). Without it the
   * manifest is for Socket Mode, which needs no inbound port.
   */
  requestUrl?: string;
}

/**
 * The bot scopes taobot uses, each for one reason: slash commands; posting and editing its own messages and
 * ephemerals; posting in public channels it was not invited to (the status card of a command typed there);
 * uploading chart PNGs.
 */
export const BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'files:write'] as const;

// Slack's manifest limits: command names up to 32 characters, descriptions 2000, usage hints 1000.
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The manifest as an object (pure): every command of the registry as its own slash command (but `help`), plus
 * `/taobot <command>`, which reaches all of them.
 */
export function slackManifest(options: ManifestOptions): Record<string, unknown> {
  const name = options.name ?? 'taobot';
  const http = options.requestUrl !== undefined;
  const commands: ManifestCommand[] = [
    // `help` is reached as a bare `/taobot`: a generic `/help` is the first name to clash in a workspace.
    ...options.commands.filter((c) => c.name !== UMBRELLA_COMMAND && c.name !== 'help'),
    {
      name: UMBRELLA_COMMAND,
      description: 'Any taobot command as a subcommand, e.g. /taobot runs; /taobot alone lists them',
      usage: `<${options.commands.map((c) => c.name).join('|')}> [options]`,
    },
  ];
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: 'Drives NVIDIA TAO Toolkit training runs from Slack',
      background_color: '#1d3b2a',
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      slash_commands: commands.map((command) => ({
        command: `/${clip(command.name, 31)}`,
        description: clip(command.description, 2000),
        ...(command.usage ? { usage_hint: clip(command.usage, 1000) } : {}),
        should_escape: false,
        ...(http ? { url: options.requestUrl } : {}),
      })),
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      interactivity: { is_enabled: true, ...(http ? { request_url: options.requestUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !http,
      token_rotation_enabled: false,
    },
  };
}

/** The manifest as YAML, ready to paste into "Create an app → From a manifest". */
export function buildSlackManifest(options: ManifestOptions): string {
  return stringify(slackManifest(options), { lineWidth: 0 });
}
