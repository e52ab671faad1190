import { basename } from 'node:path';
import type { types, webApi } from '@slack/bolt';
import { AppError } from '../../../shared/errors.js';
import type { Card, ChatSink, MessageRef } from '../../core/types.js';
import type { RateGate } from './rate-gate.js';
import { renderCard, type SlackBlock, type SlackMessage } from './render.js';

/** The Slack sink: the five verbs, plus the "who did what" note a button click leaves on its message. */
export interface SlackSink extends ChatSink {
  /**
   * Appends a note to a message (its current content as the click payload showed it) and keeps the note there
   * through later edits of that message by this process.
   */
  annotate(channelId: string, ts: string, current: SlackMessage, note: string): Promise<void>;
}

/** The notes context block is found again by its id, so a re-annotated message carries one, not two. */
const NOTES_BLOCK_ID = 'taobot-notes';
const MAX_NOTES = 5;
/** Edit state is kept for this many messages; the oldest are forgotten first. */
const MAX_TRACKED_MESSAGES = 1000;

interface MessageState {
  version: number;
  tail: Promise<void>;
  card?: Card;
  notes: string[];
}

/**
 * Posts, edits and uploads through one WebClient. Edits of one message are serialized and the newest wins: an
 * edit that a newer one overtook while it waited (on a 429, say) is dropped instead of landing late over it.
 */
export function createSlackSink(client: webApi.WebClient, options: { gate: RateGate }): SlackSink {
  const { gate } = options;
  const states = new Map<string, MessageState>();

  const stateOf = (channelId: string, ts: string): MessageState => {
    const key = `${channelId}:${ts}`;
    let state = states.get(key);
    if (!state) {
      state = { version: 0, tail: Promise.resolve(), notes: [] };
      states.set(key, state);
      if (states.size > MAX_TRACKED_MESSAGES) states.delete(states.keys().next().value as string);
    }
    return state;
  };

  const call = async <T>(method: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await gate.run(method, run);
    } catch (error) {
      throw slackError(method, error);
    }
  };

  /** Queues a full replacement of a message's content behind the edits already queued for it. */
  const edit = (channelId: string, ts: string, content: () => SlackMessage): Promise<void> => {
    const state = stateOf(channelId, ts);
    const version = ++state.version;
    const task = state.tail.then(async () => {
      if (state.version !== version) return;
      const { text, blocks } = content();
      await call('chat.update', () =>
        client.chat.update({ channel: channelId, ts, text, blocks: asBlocks(blocks) }),
      );
    });
    state.tail = task.catch(() => undefined);
    return task;
  };

  const withNotes = (message: SlackMessage, notes: string[]): SlackMessage => {
    const blocks = message.blocks.filter((block) => block.block_id !== NOTES_BLOCK_ID);
    if (notes.length === 0) return { text: message.text, blocks };
    const text = notes.slice(-MAX_NOTES).join('\n');
    return {
      text: message.text,
      blocks: [
        ...blocks,
        { type: 'context', block_id: NOTES_BLOCK_ID, elements: [{ type: 'mrkdwn', text }] },
      ],
    };
  };

  const sink: SlackSink = {
    platform: 'slack',
    threads: true,
    async post(channelId, card, postOptions = {}) {
      const { text, blocks } = renderCard(card);
      const result = await call('chat.postMessage', () =>
        client.chat.postMessage({
          channel: channelId,
          text,
          blocks: asBlocks(blocks),
          thread_ts: postOptions.threadRef,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      const ref: MessageRef = {
        platform: 'slack',
        channelId: result.channel ?? channelId,
        messageRef: result.ts as string,
        threadRef: postOptions.threadRef,
      };
      stateOf(ref.channelId, ref.messageRef).card = card;
      if (card.image?.path) {
        await sink.image(
          ref.channelId,
          { path: card.image.path, title: card.image.alt },
          {
            threadRef: postOptions.threadRef ?? ref.messageRef,
          },
        );
      }
      return ref;
    },
    update(ref, card) {
      const state = stateOf(ref.channelId, ref.messageRef);
      state.card = card;
      return edit(ref.channelId, ref.messageRef, () => withNotes(renderCard(card), state.notes));
    },
    async ephemeral(channelId, userId, card) {
      const { text, blocks } = renderCard(card);
      await call('chat.postEphemeral', () =>
        client.chat.postEphemeral({ channel: channelId, user: userId, text, blocks: asBlocks(blocks) }),
      );
    },
    async image(channelId, image, imageOptions = {}) {
      if (image.url) {
        const url = image.url;
        const blocks: SlackBlock[] = [
          {
            type: 'image',
            image_url: url,
            alt_text: image.title,
            title: { type: 'plain_text', text: image.title },
          },
        ];
        await call('chat.postMessage', () =>
          client.chat.postMessage({
            channel: channelId,
            text: image.title,
            blocks: asBlocks(blocks),
            thread_ts: imageOptions.threadRef,
          }),
        );
        return;
      }
      if (!image.path) throw new AppError('an image needs a path or a URL', 'PLATFORM_ERROR');
      const path = image.path;
      const upload = { file: path, filename: basename(path), title: image.title, alt_text: image.title };
      const threadRef = imageOptions.threadRef;
      await call('files.uploadV2', () =>
        client.filesUploadV2(
          threadRef
            ? { ...upload, channel_id: channelId, thread_ts: threadRef }
            : { ...upload, channel_id: channelId },
        ),
      );
    },
    annotate(channelId, ts, current, note) {
      const state = stateOf(channelId, ts);
      state.notes.push(note);
      return edit(channelId, ts, () => withNotes(state.card ? renderCard(state.card) : current, state.notes));
    },
  };
  return sink;
}

/** Our blocks are plain JSON checked by the renderer's own limits; the SDK types them as its union. */
const asBlocks = (blocks: SlackBlock[]) => blocks as unknown as (types.KnownBlock | types.Block)[];

/** Slack errors the person can act on get words that say what to do; the rest keep Slack's code. */
function slackError(method: string, error: unknown): AppError {
  const code = (error as { data?: { error?: unknown } }).data?.error;
  if (code === 'not_in_channel' || code === 'channel_not_found') {
    return new AppError(
      'taobot is not in this channel: invite it with /invite @taobot, then try again',
      'PLATFORM_ERROR',
      {
        cause: error,
      },
    );
  }
  const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return new AppError(`Slack ${method} failed: ${detail}`, 'PLATFORM_ERROR', { cause: error });
}
