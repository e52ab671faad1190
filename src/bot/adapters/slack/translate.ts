import type { ButtonClick, CommandRequest } from '../../core/types.js';
import { ACTION_PREFIX } from './render.js';

/**
 * The umbrella command: `/taobot runs 5` is `/runs 5`, and `/taobot` alone is `/help`. It is always installed,
 * so a workspace where another app already owns `/runs` or `/cancel` still reaches every taobot command.
 */
export const UMBRELLA_COMMAND = 'taobot';

/** The fields of Slack's slash command payload that taobot reads (Bolt's `SlashCommand`). */
export interface SlashCommandFields {
  command: string;
  text: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
}

/** `/train ssd_resnet18 epochs=6` → a CommandRequest; `/taobot train …` means the same. */
export function toCommandRequest(payload: SlashCommandFields): CommandRequest {
  let command = payload.command.replace(/^\//, '').toLowerCase();
  let text = unescapeSlack(payload.text ?? '');
  if (command === UMBRELLA_COMMAND) {
    const match = /^\s*\/?(\S+)\s*([\s\S]*)$/.exec(text);
    command = match?.[1]?.toLowerCase() ?? 'help';
    text = match?.[2] ?? '';
  }
  return {
    platform: 'slack',
    command,
    input: { text: text.trim() },
    user: { platform: 'slack', id: payload.user_id, name: payload.user_name },
    channelId: payload.channel_id,
  };
}

/** Slack escapes &, < and > in the text it sends; taobot parses what the person typed. */
function unescapeSlack(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** The fields of a block_actions payload that taobot reads (Bolt's `BlockAction`). */
export interface BlockActionFields {
  user: { id: string; username?: string; name?: string };
  channel?: { id: string } | null;
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts: string; thread_ts?: string };
}

export interface ButtonFields {
  action_id: string;
  value?: string;
}

/**
 * A button click → a ButtonClick, or null for a button taobot did not make. The action comes from the action_id
 * (`taobot:<action>` or `taobot:<action>:<n>`), the id from the value; nothing else in the payload is trusted.
 */
export function toButtonClick(body: BlockActionFields, button: ButtonFields): ButtonClick | null {
  if (!button.action_id.startsWith(ACTION_PREFIX)) return null;
  const match = /^([a-z][a-z0-9_-]*)(?::\d+)?$/.exec(button.action_id.slice(ACTION_PREFIX.length));
  const channelId = body.channel?.id ?? body.container?.channel_id;
  if (!match?.[1] || !channelId || button.value === undefined) return null;
  return {
    platform: 'slack',
    action: match[1],
    value: button.value,
    user: { platform: 'slack', id: body.user.id, name: body.user.username ?? body.user.name },
    channelId,
    messageRef: body.message?.ts ?? body.container?.message_ts,
  };
}

/** Where answers to a click go: the thread of the clicked message (or the thread it is already in). */
export function clickThread(body: BlockActionFields): string | undefined {
  return (
    body.message?.thread_ts ?? body.container?.thread_ts ?? body.message?.ts ?? body.container?.message_ts
  );
}
