import type { ButtonInteraction, ChatInputCommandInteraction, Interaction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { Logger } from 'pino';
import { notesClick } from '../../core/dispatch-click.js';
import type { ChatSink, InboundHandlers } from '../../core/types.js';
import type { AckGate } from './ack-gate.js';
import { createInteractionReply } from './interaction-reply.js';
import { clickNote, toButtonClick, toCommandRequest } from './translate.js';

export interface InteractionDeps {
  handlers: InboundHandlers;
  sink: ChatSink;
  logger: Logger;
  /** Holds the work of an interaction back while other interactions still wait for their ack. */
  acks: AckGate;
}

/** Longest a command waits for other interactions' acks before it runs anyway. */
const MAX_ACK_WAIT_MS = 250;

/**
 * One inbound interaction, from ack to answer. The ack (defer) is the first thing sent, before any other work,
 * so it meets Discord's 3 seconds however busy the core is; the handler runs after it. This is the error
 * boundary of the event: nothing thrown here reaches discord.js.
 */
export async function handleInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) await handleCommand(interaction, deps);
    else if (interaction.isButton()) await handleButton(interaction, deps);
  } catch (error) {
    deps.logger.error({ err: error, interaction: interaction.id }, 'interaction failed');
  }
}

async function handleCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const log = deps.logger.child({ command: interaction.commandName, user: `discord:${interaction.user.id}` });
  if (!(await ack(() => interaction.deferReply({ flags: MessageFlags.Ephemeral }), deps))) {
    // Discord no longer takes an answer: the person saw "did not respond", so nothing may start behind it.
    log.warn('could not defer the command; it was not run');
    return;
  }
  const request = toCommandRequest({
    commandName: interaction.commandName,
    options: interaction.options.data,
    user: interaction.user,
    channelId: interaction.channelId,
  });
  const reply = createInteractionReply(interaction, deps.sink, log);
  try {
    await deps.handlers.command(request, reply);
  } finally {
    await reply.finish();
  }
}

async function handleButton(interaction: ButtonInteraction, deps: InteractionDeps): Promise<void> {
  const log = deps.logger.child({ button: interaction.customId, user: `discord:${interaction.user.id}` });
  if (!(await ack(() => interaction.deferUpdate(), deps))) {
    log.warn('could not acknowledge the click; it was not handled');
    return;
  }
  const click = toButtonClick({
    customId: interaction.customId,
    messageId: interaction.message.id,
    user: interaction.user,
    channelId: interaction.channelId,
  });
  if (!click) {
    log.warn('ignored a button taobot did not make');
    return;
  }
  await deps.handlers.click(click, createInteractionReply(interaction, deps.sink, log));
  if (!notesClick(click.action)) return;
  // The message itself says who did what, for everyone in the channel.
  const component = interaction.component as { label?: string | null } | null;
  const label = component?.label ?? `/${click.action} ${click.value}`;
  await interaction.editReply({
    content: clickNote(interaction.message.content, label, interaction.user.id),
    allowedMentions: { parse: [] },
  });
}

/** Sends the ack, then waits (bounded) until no other interaction waits for its own; false if the ack failed. */
async function ack(send: () => Promise<unknown>, deps: InteractionDeps): Promise<boolean> {
  deps.acks.begin();
  let sent = true;
  try {
    await send();
  } catch (error) {
    deps.logger.warn({ err: error }, 'ack refused');
    sent = false;
  } finally {
    deps.acks.end();
  }
  if (sent) await deps.acks.idle(MAX_ACK_WAIT_MS);
  return sent;
}
