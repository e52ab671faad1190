import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';

/**
 * Honours Slack's 429 `Retry-After` per Web API method. The client is built with `rejectRateLimitedCalls`, so a
 * 429 comes back here as an error carrying the wait; the gate then holds every call of that method until the wait
 * is over and tries again. The WebClient's own 429 path would retry only within its retry budget (none in tests)
 * and put the retried call behind newer ones, which can land an older card after a newer one.
 */
export interface RateGate {
  run<T>(method: string, call: () => Promise<T>): Promise<T>;
}

const RATE_LIMITED = 'slack_webapi_rate_limited_error';

/** The wait a rate-limited error asks for, in seconds, or null for any other error. */
export function retryAfterOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
  return code === RATE_LIMITED && typeof retryAfter === 'number' && Number.isFinite(retryAfter)
    ? retryAfter
    : null;
}

export function createRateGate(options: {
  logger: Logger;
  /** How many 429s one call waits out before its error is passed on. */
  maxWaits: number;
  /** Told the seconds of each wait a 429 asks for. */
  onWait?: (seconds: number) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}): RateGate {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const blockedUntil = new Map<string, number>();

  return {
    async run(method, call) {
      for (let waits = 0; ; waits++) {
        const wait = (blockedUntil.get(method) ?? 0) - now();
        if (wait > 0) await sleep(wait);
        try {
          return await call();
        } catch (error) {
          const retryAfter = retryAfterOf(error);
          if (retryAfter === null) throw error;
          // Slack sends whole seconds; a 0 would spin, so at least one second. Recorded even when this call
          // gives up, so the method's next call still waits its turn.
          const until = now() + Math.max(1, retryAfter) * 1000;
          blockedUntil.set(method, Math.max(blockedUntil.get(method) ?? 0, until));
          if (waits >= options.maxWaits) throw error;
          options.logger.warn({ method, retryAfter, waits: waits + 1 }, 'Slack rate limit: waiting as asked');
          options.onWait?.(Math.max(1, retryAfter));
        }
      }
    },
  };
}
