import type { Config } from '../../../config/index.js';

/** `chat.discord` of the configuration: token, application id, optional guild and REST base. */
export type DiscordConfig = NonNullable<Config['chat']['discord']>;

/** Knobs for tests and benchmarks; production uses the defaults. */
export interface DiscordAdapterOptions {
  /** discord.js REST retries on 5xx and network errors (default 3). */
  restRetries?: number;
  /** How long `stop()` waits for commands and clicks still being handled (default 10 s). */
  drainTimeoutMs?: number;
  /** Told each time Discord's rate limit makes a request wait (for metrics). */
  onRateLimitWait?: (seconds: number) => void;
}
