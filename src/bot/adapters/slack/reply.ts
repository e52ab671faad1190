import type { Logger } from 'pino';
import type { Reply } from '../../core/types.js';
import { renderCard } from './render.js';
import type { SlackSink } from './sink.js';

/** Bolt's `respond()`: a POST to the interaction's response_url. */
export type Respond = (message: {
  response_type: 'ephemeral';
  replace_original: false;
  text: string;
  blocks: unknown[];
}) => Promise<unknown>;

/**
 * How a Slack command or click answers. `post` goes to the channel, or to a thread when one is given (a click's
 * answer joins the clicked card's thread). `ephemeral` uses chat.postEphemeral and falls back to the
 * interaction's response_url, which reaches the person even where taobot is not a channel member (a DM, a
 * private channel it was not invited to), so an error is never silent.
 */
export function createSlackReply(
  sink: SlackSink,
  context: { channelId: string; userId: string; threadRef?: string; respond?: Respond },
  logger: Logger,
): Reply {
  return {
    post: (card) => sink.post(context.channelId, card, { threadRef: context.threadRef }),
    async ephemeral(card) {
      try {
        await sink.ephemeral(context.channelId, context.userId, card);
      } catch (error) {
        if (!context.respond) throw error;
        logger.warn(
          { err: error, channelId: context.channelId },
          'postEphemeral failed; answering via response_url',
        );
        const { text, blocks } = renderCard(card);
        await context.respond({ response_type: 'ephemeral', replace_original: false, text, blocks });
      }
    },
  };
}
