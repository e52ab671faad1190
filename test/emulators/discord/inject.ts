import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from './context.js';
import { EMU } from './ids.js';
import { interactionEnvelope } from './interaction-payload.js';
import { messageOut } from './rest-channels.js';
import { slashOptions } from './slash-options.js';
import type { RecordedInteraction } from './state.js';

/**
 * What a person does in the Discord client, as INTERACTION_CREATE dispatches: typing a registered slash command
 * (options typed and checked against its registration) or clicking a button that is on a message.
 */
export interface SlashInput {
  name: string;
  options?: Record<string, string | number | boolean>;
  userId?: string;
  userName?: string;
  channelId?: string;
  applicationId?: string;
}

export interface ClickInput {
  messageId: string;
  customId: string;
  userId?: string;
  userName?: string;
  /** Sends a custom id that is not on the message, as a stale or forged client could. */
  forge?: boolean;
}

export function createInjector(ctx: EmulatorContext) {
  const { state } = ctx;

  const newInteraction = (
    fields: Pick<RecordedInteraction, 'type' | 'channelId' | 'userId' | 'applicationId'>,
  ): RecordedInteraction => {
    const id = ctx.nextId();
    return {
      ...fields,
      id,
      token: `tok-${id}-${randomBytes(8).toString('hex')}`,
      injectedAt: performance.now(),
      callbacks: [],
    };
  };

  const dispatch = (
    interaction: RecordedInteraction,
    data: Record<string, unknown>,
    userName: string,
    message?: Record<string, unknown>,
  ) => {
    const channel = state.channels.get(interaction.channelId);
    if (!channel) throw new Error(`no channel ${interaction.channelId} in the emulator`);
    state.interactions.set(interaction.id, interaction);
    state.changed();
    const payload = interactionEnvelope({
      id: interaction.id,
      token: interaction.token,
      applicationId: interaction.applicationId,
      type: interaction.type,
      data,
      channel,
      user: { id: interaction.userId, name: userName },
      message,
    });
    ctx.gateway.dispatch(interaction.applicationId, 'INTERACTION_CREATE', payload, () => {
      interaction.deliveredAt ??= performance.now();
      state.changed();
    });
    return interaction;
  };

  return {
    slash(slash: SlashInput): RecordedInteraction {
      const applicationId = slash.applicationId ?? EMU.applicationId;
      const channelId = slash.channelId ?? EMU.channelId;
      const guildId = state.channels.get(channelId)?.guildId;
      const command = [
        ...(guildId ? (state.commandsOf(guildId, applicationId) ?? []) : []),
        ...(state.commandsOf('global', applicationId) ?? []),
      ].find((c) => c.name === slash.name);
      if (!command) throw new Error(`/${slash.name} is not registered: Discord would not offer it`);
      const interaction = newInteraction({
        type: 2,
        channelId,
        userId: slash.userId ?? EMU.userId,
        applicationId,
      });
      interaction.name = slash.name;
      const data = {
        id: command.id,
        name: command.name,
        type: 1,
        ...(guildId && command.guild_id ? { guild_id: guildId } : {}),
        options: slashOptions(command, slash.options ?? {}),
      };
      return dispatch(interaction, data, slash.userName ?? 'alice');
    },
    click(click: ClickInput): RecordedInteraction {
      const message = state.messages.get(click.messageId);
      if (!message || message.deleted) throw new Error(`no message ${click.messageId} to click on`);
      const ids = state
        .latest(message)
        .components.flatMap((row) => (row.components as Array<{ custom_id?: string }> | undefined) ?? [])
        .map((button) => button.custom_id);
      if (!click.forge && !ids.includes(click.customId)) {
        throw new Error(
          `message ${message.id} has no button ${click.customId} (it has: ${ids.join(', ') || 'none'})`,
        );
      }
      const interaction = newInteraction({
        type: 3,
        channelId: message.channelId,
        userId: click.userId ?? EMU.userId,
        applicationId: EMU.applicationId,
      });
      interaction.customId = click.customId;
      interaction.messageId = message.id;
      const data = { custom_id: click.customId, component_type: 2 };
      return dispatch(
        interaction,
        data,
        click.userName ?? 'alice',
        messageOut(ctx, message, EMU.applicationId),
      );
    },
  };
}
