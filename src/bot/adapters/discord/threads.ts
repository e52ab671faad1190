import type { APIChannel, APIMessage, REST } from 'discord.js';
import { ChannelType, Routes } from 'discord.js';
import type { Logger } from 'pino';
import { DiscordCode, discordCode } from './api-error.js';

/** Where a message "in the thread of message M" goes: into the thread, or as a reply to M when there is none. */
export interface ThreadTarget {
  channelId: string;
  replyTo?: string;
}

const THREAD_TYPES = new Set<number>([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);
/** Answers that mean "no thread here" (no permission, a DM, a thread inside a thread), not "try again". */
const NO_THREAD = new Set<number>([
  DiscordCode.MissingAccess,
  DiscordCode.MissingPermissions,
  DiscordCode.WrongChannelType,
  DiscordCode.UnknownMessage,
  DiscordCode.UnknownChannel,
]);

/**
 * Runs live in threads: the first message "in the thread of" a status message starts a thread on it. A thread
 * started from a message has that message's id, so after a restart the thread is found again by the id stored
 * in the database, and nothing about threads needs storing. Where threads are not allowed, messages become
 * replies to the status message in its channel.
 */
export function createThreadResolver(rest: REST, logger: Logger) {
  const known = new Map<string, Promise<ThreadTarget>>();

  async function find(channelId: string, messageId: string): Promise<ThreadTarget> {
    try {
      const channel = (await rest.get(Routes.channel(messageId))) as APIChannel;
      if (THREAD_TYPES.has(channel.type)) return { channelId: channel.id };
    } catch (error) {
      if (discordCode(error) !== DiscordCode.UnknownChannel) throw error;
    }
    let name = 'taobot';
    try {
      const starter = (await rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage;
      name = threadName(starter.embeds[0]?.title ?? starter.content);
      const thread = (await rest.post(Routes.threads(channelId, messageId), {
        body: { name, auto_archive_duration: 1440 },
      })) as APIChannel;
      return { channelId: thread.id };
    } catch (error) {
      const code = discordCode(error);
      // Another replica (or an earlier attempt whose answer was lost) made it first: it has the message's id.
      if (code === DiscordCode.ThreadAlreadyCreated) return { channelId: messageId };
      if (code === undefined || !NO_THREAD.has(code)) throw error;
      logger.info({ channelId, messageId, code }, 'no thread here: replying in the channel instead');
      return { channelId, replyTo: messageId };
    }
  }

  return {
    /** The thread of `messageId` in `channelId`, started on first use. Concurrent callers share one attempt. */
    resolve(channelId: string, messageId: string): Promise<ThreadTarget> {
      let target = known.get(messageId);
      if (!target) {
        target = find(channelId, messageId);
        known.set(messageId, target);
        // A failure (network, 5xx) is not remembered: the next message tries again.
        target.catch(() => known.delete(messageId));
      }
      return target;
    },
  };
}

/**
 * A thread is named after its run. A status card's title ends with the run's state (`… · running`), which the
 * thread's name would keep forever, so a last ` · ` part is left out when the title has three or more.
 */
export function threadName(title: string | undefined): string {
  const parts = (title ?? '').split(' · ').filter(Boolean);
  const kept = parts.length >= 3 ? parts.slice(0, -1) : parts;
  const name = kept.join(' · ').trim() || 'taobot';
  return name.length <= 100 ? name : `${name.slice(0, 99)}…`;
}
