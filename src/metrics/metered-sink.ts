import type { ChatSink } from '../bot/core/types.js';
import type { TaobotMetrics } from './taobot-metrics.js';

/** Whether a platform error is a rate limit the adapter gave up waiting for (Slack's code, discord.js' class). */
export function isRateLimitError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name, status } = error as { code?: unknown; name?: unknown; status?: unknown };
  return code === 'slack_webapi_rate_limited_error' || name === 'RateLimitError' || status === 429;
}

/**
 * A sink that counts failed platform calls in the metrics and passes everything else through unchanged. The
 * composition root wraps each adapter's sink with it, so the notifier's posts and edits are counted.
 */
export function meteredSink(sink: ChatSink, metrics: Pick<TaobotMetrics, 'chatApiError'>): ChatSink {
  const count = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      metrics.chatApiError(sink.platform, operation, isRateLimitError(error) ? 'rate_limited' : 'error');
      throw error;
    }
  };
  return {
    platform: sink.platform,
    threads: sink.threads,
    post: (channelId, card, options) => count('post', () => sink.post(channelId, card, options)),
    update: (ref, card) => count('update', () => sink.update(ref, card)),
    ephemeral: (channelId, userId, card) => count('ephemeral', () => sink.ephemeral(channelId, userId, card)),
    image: (channelId, image, options) => count('image', () => sink.image(channelId, image, options)),
  };
}
