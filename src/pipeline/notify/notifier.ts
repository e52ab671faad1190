import type { Logger } from 'pino';
import type { Card, ChatSink, MessageRef, Platform } from '../../bot/core/types.js';
import type { Db } from '../../db/client.js';
import { findChatMessage, saveChatMessage } from '../../db/repositories/messages.js';
import type { Run } from '../../db/repositories/runs.js';
import { createCoalescer } from './coalescer.js';

/**
 * Sends what the pipeline has to say about a run to the chat it came from, through the platform's sink. The
 * run's status card is one message, stored in the database and edited in place (coalesced per channel), so a
 * restart of taobot keeps editing the same message.
 */
export interface Notifier {
  /** Registers the status message a command posted for a run. */
  adoptStatusMessage(runId: number, ref: MessageRef): Promise<void>;
  /** Posts the run's status card, or schedules an edit of it (resolves before a paced edit is sent). */
  status(run: Run, card: Card): Promise<void>;
  /** Posts a card in the run's thread (and, with `mirror`, in the channel too). */
  post(run: Run, card: Card, options?: { mirror?: boolean }): Promise<void>;
  image(run: Run, image: { path?: string; url?: string; title: string }): Promise<void>;
  /**
   * Posts a card that belongs to no run (a daily summary) in a channel of a platform. Throws when no adapter
   * of that platform is running, so a caller that must deliver can try again later.
   */
  postToChannel(platform: Platform, channelId: string, card: Card): Promise<MessageRef>;
  /** Posts a chart that belongs to no run in a channel of a platform (throws like `postToChannel`). */
  imageToChannel(
    platform: Platform,
    channelId: string,
    image: { path?: string; url?: string; title: string },
  ): Promise<void>;
  flush(): Promise<void>;
}

export function createNotifier(options: {
  db: Db;
  sinks: ReadonlyMap<Platform, ChatSink>;
  logger: Logger;
  editIntervalMs?: number;
}): Notifier {
  const { db, sinks, logger } = options;
  const sinkFor = (run: Run): ChatSink | undefined => {
    const sink = sinks.get(run.platform as Platform);
    if (!sink)
      logger.warn({ runId: run.id, platform: run.platform }, 'no chat adapter for this run’s platform');
    return sink;
  };
  const channelSink = (platform: Platform): ChatSink => {
    const sink = sinks.get(platform);
    if (!sink) throw new Error(`no ${platform} chat adapter is running, so nothing can be posted there`);
    return sink;
  };
  const edits = createCoalescer<{ sink: ChatSink; ref: MessageRef; card: Card }>(
    (_key, { sink, ref, card }) => sink.update(ref, card),
    { intervalMs: options.editIntervalMs ?? 1000 },
  );
  const threadOf = async (run: Run) => {
    const status = await findChatMessage(db, run.id, run.platform, 'status');
    return status ? (status.threadRef ?? status.messageRef) : undefined;
  };

  return {
    async adoptStatusMessage(runId, ref) {
      await saveChatMessage(db, {
        runId,
        platform: ref.platform,
        purpose: 'status',
        channelId: ref.channelId,
        messageRef: ref.messageRef,
        threadRef: ref.threadRef,
      });
    },
    async status(run, card) {
      const sink = sinkFor(run);
      if (!sink) return;
      const stored = await findChatMessage(db, run.id, run.platform, 'status');
      if (!stored) {
        const ref = await sink.post(run.channelId, card);
        await this.adoptStatusMessage(run.id, ref);
        return;
      }
      const ref: MessageRef = {
        platform: run.platform as Platform,
        channelId: stored.channelId,
        messageRef: stored.messageRef,
        threadRef: stored.threadRef ?? undefined,
      };
      // Scheduled, not awaited: edits are paced per channel, and the reconciler must not wait for a slot.
      edits
        .submit(`${run.platform}:${stored.channelId}`, `${run.platform}:${stored.messageRef}`, {
          sink,
          ref,
          card,
        })
        .catch((error: unknown) => logger.warn({ err: error, runId: run.id }, 'status card edit failed'));
    },
    async post(run, card, postOptions = {}) {
      const sink = sinkFor(run);
      if (!sink) return;
      const threadRef = sink.threads ? await threadOf(run) : undefined;
      await sink.post(run.channelId, card, { threadRef });
      if (postOptions.mirror && threadRef) await sink.post(run.channelId, card);
    },
    async image(run, image) {
      const sink = sinkFor(run);
      if (!sink) return;
      await sink.image(run.channelId, image, { threadRef: sink.threads ? await threadOf(run) : undefined });
    },
    async postToChannel(platform, channelId, card) {
      return channelSink(platform).post(channelId, card);
    },
    async imageToChannel(platform, channelId, image) {
      await channelSink(platform).image(channelId, image);
    },
    flush: () => edits.flush(),
  };
}
