import { App, type webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../../../config/index.js';
import { AppError } from '../../../shared/errors.js';
import type { ChatAdapter, InboundHandlers } from '../../core/types.js';
import { createBoltLogger } from './bolt-logger.js';
import { registerListeners } from './listeners.js';
import { createRateGate } from './rate-gate.js';
import { createSlackSink } from './sink.js';
import type { WorkQueue } from './work-queue.js';

/** The `chat.slack` block of the configuration. */
export type SlackConfig = NonNullable<Config['chat']['slack']>;

export interface SlackAdapterOptions {
  /**
   * The Web API client's retry policy for failed requests (connection refused, 5xx); rate limits are handled by
   * the sink, not by this. Default: 5 retries over about half a minute. Tests pass `{ retries: 0 }`.
   */
  retryConfig?: webApi.RetryOptions;
  /** How many 429s one call waits out before its error is passed on (default 10). */
  maxRateLimitWaits?: number;
  /** Told each time a 429 makes a call wait (for metrics). */
  onRateLimitWait?: (seconds: number) => void;
}

/**
 * A transient failure is worth half a minute of retries; Slack's default (ten retries over about thirty minutes)
 * would hold a status edit, and every edit queued behind it, for as long.
 */
const PRODUCTION_RETRY: webApi.RetryOptions = {
  retries: 5,
  factor: 2,
  minTimeout: 1000,
  maxTimeout: 16_000,
  randomize: true,
};

/**
 * The Slack adapter on Bolt. Socket Mode when an app token is configured (the default: GPU servers sit behind
 * firewalls and need no inbound port), otherwise HTTP mode on `port`, where Bolt verifies every request's
 * signature and refuses timestamps older than five minutes. The Web API base comes from `apiUrl`, so taobot can
 * run against a self-hosted gateway or an emulator.
 *
 * @example
 * const slack = createSlackAdapter(config.chat.slack, logger);
 * await startTaobot({ config, adapters: [slack] });
 */
export function createSlackAdapter(
  config: SlackConfig,
  logger: Logger,
  options: SlackAdapterOptions = {},
): ChatAdapter {
  const log = logger.child({ component: 'slack' });
  const socketMode = Boolean(config.appToken);
  const boltLogger = createBoltLogger(log);
  const slackApiUrl = config.apiUrl ? `${config.apiUrl.replace(/\/+$/, '')}/` : undefined;
  const app = new App({
    token: config.botToken,
    ...(socketMode
      ? { socketMode: true, appToken: config.appToken }
      : { signingSecret: config.signingSecret, port: config.port }),
    logger: boltLogger,
    // The sink honours 429s itself (rate-gate.ts), so the client hands them back instead of retrying them.
    clientOptions: {
      slackApiUrl,
      retryConfig: options.retryConfig ?? PRODUCTION_RETRY,
      rejectRateLimitedCalls: true,
    },
    // The Socket Mode client keeps the SDK's own reconnect policy unless a test asks for another: a 429 or a
    // blip on apps.connections.open is for it to wait out, not a reason to give up the connection.
    ...(socketMode
      ? {
          installerOptions: {
            clientOptions: {
              slackApiUrl,
              ...(options.retryConfig ? { retryConfig: options.retryConfig } : {}),
            },
          },
        }
      : {}),
    // auth.test runs in start(), where a bad token can fail startup with a clear message, not in the constructor.
    deferInitialization: true,
  });
  const gate = createRateGate({
    logger: log,
    maxWaits: options.maxRateLimitWaits ?? 10,
    onWait: options.onRateLimitWait,
  });
  const sink = createSlackSink(app.client, { gate });
  let started = false;
  let queue: WorkQueue | undefined;

  return {
    platform: 'slack',
    sink,
    async start(handlers: InboundHandlers) {
      queue = registerListeners(app, { handlers, sink, logger: log });
      try {
        await app.init();
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        throw new AppError(
          code
            ? `Slack refused the bot token (chat.slack.botToken / SLACK_BOT_TOKEN): ${code}`
            : `Slack's Web API at ${slackApiUrl ?? 'https://slack.com/api/'} did not answer auth.test (chat.slack.apiUrl / SLACK_API_URL): ${(error as Error).message}`,
          'PLATFORM_ERROR',
          { cause: error },
        );
      }
      try {
        await (socketMode ? app.start() : app.start(config.port));
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        throw new AppError(
          socketMode
            ? `Slack refused Socket Mode for the app token (chat.slack.appToken / SLACK_APP_TOKEN, scope connections:write): ${code ?? (error as Error).message}`
            : `Slack HTTP mode could not listen on port ${config.port} (chat.slack.port): ${(error as Error).message}`,
          'PLATFORM_ERROR',
          { cause: error },
        );
      }
      started = true;
      log.info(
        { mode: socketMode ? 'socket' : 'http', port: socketMode ? undefined : config.port },
        'Slack adapter started',
      );
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
      // Commands already acked finish their answers before the rest of taobot shuts down.
      await queue?.idle();
    },
  };
}
