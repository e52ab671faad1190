import { WORKSPACE } from './web-api.js';

/** The people of the emulated workspace. */
export const ALICE = { id: 'U0ALICE', name: 'alice' } as const;
export const BOB = { id: 'U0BOB', name: 'bob' } as const;
export const GENERAL = { id: 'C0GENERAL', name: 'general' } as const;

export interface SlashCommandInput {
  command: string;
  text?: string;
  user?: { id: string; name: string };
  channel?: { id: string; name: string };
}

let triggerSeq = 0;
const triggerId = () => `${Date.now()}.${++triggerSeq}.emu`;

/** A slash command payload with the fields Bolt's `SlashCommand` type names (PLATFORMS.md §3.2). */
export function slashCommandPayload(input: SlashCommandInput, responseUrl: string): Record<string, string> {
  const user = input.user ?? ALICE;
  const channel = input.channel ?? GENERAL;
  return {
    token: 'legacy-verification-token',
    team_id: WORKSPACE.teamId,
    team_domain: WORKSPACE.teamDomain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id,
    user_name: user.name,
    command: input.command,
    text: input.text ?? '',
    api_app_id: WORKSPACE.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId(),
  };
}

export interface ClickInput {
  channel: { id: string; name: string };
  /** The message as Slack would send it back: ts, text, blocks (and thread_ts for a reply). */
  message: { ts: string; text: string; blocks: unknown[]; thread_ts?: string };
  button: {
    action_id: string;
    block_id?: string;
    value?: string;
    text: { type: 'plain_text'; text: string };
  };
  user?: { id: string; name: string };
}

/** A block_actions payload for one button click on a stored message (Bolt's `BlockAction` type). */
export function blockActionsPayload(input: ClickInput, responseUrl: string): Record<string, unknown> {
  const user = input.user ?? ALICE;
  return {
    type: 'block_actions',
    user: { id: user.id, username: user.name, name: user.name, team_id: WORKSPACE.teamId },
    api_app_id: WORKSPACE.appId,
    token: 'legacy-verification-token',
    trigger_id: triggerId(),
    team: { id: WORKSPACE.teamId, domain: WORKSPACE.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    container: {
      type: 'message',
      message_ts: input.message.ts,
      channel_id: input.channel.id,
      is_ephemeral: false,
      ...(input.message.thread_ts ? { thread_ts: input.message.thread_ts } : {}),
    },
    channel: input.channel,
    message: { type: 'message', bot_id: WORKSPACE.botId, user: WORKSPACE.botUserId, ...input.message },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        block_id: input.button.block_id ?? 'actions',
        action_id: input.button.action_id,
        value: input.button.value,
        text: input.button.text,
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

type Button = ClickInput['button'];

/** The button with `actionId` in a message's blocks, with its block's id, as a click payload names it. */
export function findButton(blocks: unknown[], actionId: string): Button | undefined {
  for (const block of blocks as Array<{ type?: string; block_id?: string; elements?: unknown[] }>) {
    if (block.type !== 'actions') continue;
    for (const element of (block.elements ?? []) as Button[]) {
      if (element.action_id === actionId) return { ...element, block_id: block.block_id };
    }
  }
  return undefined;
}
