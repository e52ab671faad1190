import { readFile } from 'node:fs/promises';
import type { APIMessage, RawFile, REST } from 'discord.js';
import { Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { Card, ChatSink, MessageRef } from '../../core/types.js';
import { DiscordCode, discordCode } from './api-error.js';
import { type DiscordMessage, renderCard } from './render.js';
import { createThreadResolver, type ThreadTarget } from './threads.js';

const NO_PINGS = { parse: [] as string[] };

/**
 * The Discord ChatSink: every message is a bot channel message sent over REST (never an interaction reply, whose
 * token dies after 15 minutes), so the status card of a run can be edited for as long as the run lasts and
 * after a restart. Charts are PNG uploads (multipart) shown as the embed's image, or an embed image for a URL.
 * Mentions in cards never ping anyone.
 */
export function createDiscordSink(rest: REST, logger: Logger): ChatSink {
  const threads = createThreadResolver(rest, logger);

  const filesOf = async (message: DiscordMessage): Promise<RawFile[]> =>
    Promise.all(message.files.map(async (file) => ({ name: file.name, data: await readFile(file.path) })));

  const rendered = (card: Card) => {
    const message = renderCard(card);
    if (message.dropped.length > 0) {
      logger.warn(
        { title: card.title, dropped: message.dropped.map((b) => `${b.action}:${b.value}`) },
        'buttons left out: over 25, or a custom id over 100 characters',
      );
    }
    return message;
  };

  const ref = (message: APIMessage, threadRef?: string): MessageRef => ({
    platform: 'discord',
    channelId: message.channel_id,
    messageRef: message.id,
    ...(threadRef ? { threadRef } : {}),
  });

  async function send(target: ThreadTarget, message: DiscordMessage, extra: Record<string, unknown> = {}) {
    const files = await filesOf(message);
    return (await rest.post(Routes.channelMessages(target.channelId), {
      body: {
        embeds: message.embeds,
        components: message.components,
        allowed_mentions: NO_PINGS,
        ...(target.replyTo
          ? { message_reference: { message_id: target.replyTo, fail_if_not_exists: false } }
          : {}),
        ...(files.length > 0 ? { attachments: files.map((file, id) => ({ id, filename: file.name })) } : {}),
        ...extra,
      },
      files,
    })) as APIMessage;
  }

  const sink: ChatSink = {
    platform: 'discord',
    threads: true,
    async post(channelId, card, options = {}) {
      const target = options.threadRef ? await threads.resolve(channelId, options.threadRef) : { channelId };
      const message = await send(target, rendered(card));
      return ref(message, target.channelId !== channelId ? target.channelId : undefined);
    },
    async update(messageRef, card) {
      const message = rendered(card);
      const files = await filesOf(message);
      await rest.patch(Routes.channelMessage(messageRef.channelId, messageRef.messageRef), {
        body: {
          embeds: message.embeds,
          components: message.components,
          allowed_mentions: NO_PINGS,
          // Listing attachments replaces the old ones; without new files the message keeps what it has.
          ...(files.length > 0
            ? { attachments: files.map((file, id) => ({ id, filename: file.name })) }
            : {}),
        },
        files,
      });
    },
    async ephemeral(channelId, userId, card) {
      // Outside an interaction Discord has no "only you can see this": a DM is the private channel there is.
      try {
        const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
          id: string;
        };
        await send({ channelId: dm.id }, rendered(card));
      } catch (error) {
        if (discordCode(error) !== DiscordCode.CannotSendToUser) throw error;
        await send({ channelId }, rendered(card), {
          content: `<@${userId}>`,
          allowed_mentions: { parse: [], users: [userId] },
        });
      }
    },
    async image(channelId, image, options = {}) {
      await sink.post(
        channelId,
        { title: image.title, image: { path: image.path, url: image.url, alt: image.title } },
        options,
      );
    },
  };
  return sink;
}
