import type { ButtonInteraction, ChatInputCommandInteraction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import type { Logger } from 'pino';
import type { Card, ChatSink, Reply } from '../../core/types.js';
import { renderCard } from './render.js';
import { messageLink } from './translate.js';

/**
 * How a command or a click answers on Discord. Interactions are deferred ephemerally, and a deferred reply's
 * visibility cannot change later, so: `post` sends a public bot message to the channel (editable for as long
 * as the run lasts, unlike the interaction reply whose token lives 15 minutes) and turns the private "thinking…"
 * into a pointer to it; `ephemeral` answers in that private reply, or in a private follow-up after it.
 */
export interface InteractionReply extends Reply {
  /** Replaces a "thinking…" nothing answered with a short "Done.", so it never hangs. */
  finish(): Promise<void>;
}

export function createInteractionReply(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  sink: ChatSink,
  logger: Logger,
): InteractionReply {
  // A click was deferred as an update of its message: there is no private reply to fill, only follow-ups.
  let answered = interaction.isButton();
  const channelId = interaction.channelId;

  const privately = async (payload: ReturnType<typeof toPayload>) => {
    if (!answered) {
      answered = true;
      await interaction.editReply(payload);
    } else {
      await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
    }
  };

  return {
    async post(card: Card) {
      const ref = await sink.post(channelId, card);
      if (!answered) {
        answered = true;
        const link = messageLink(interaction.guildId, ref.channelId, ref.messageRef);
        await interaction
          .editReply({ content: `${card.title} → ${link}`, allowedMentions: { parse: [] } })
          .catch((error: unknown) =>
            logger.warn({ err: error }, 'could not point the reply at the posted message'),
          );
      }
      return ref;
    },
    async ephemeral(card: Card) {
      await privately(toPayload(card));
    },
    async finish() {
      if (answered) return;
      answered = true;
      await interaction
        .editReply({ content: 'Done.' })
        .catch((error: unknown) => logger.warn({ err: error }, 'could not finish the deferred reply'));
    },
  };
}

function toPayload(card: Card) {
  const message = renderCard(card);
  return {
    embeds: message.embeds,
    components: message.components,
    files: message.files.map((file) => ({ attachment: file.path, name: file.name })),
    allowedMentions: { parse: [] },
  };
}
