/**
 * Switchable 429 injection per Web API method, and a record of whether clients honoured it. Two shapes:
 * `failNext` answers the next N calls with 429, `throttle` lets one call through per window (what Slack's tier
 * limits look like from outside). A call that arrives before the Retry-After it was given has run out is a
 * violation: it is recorded and refused again.
 */
export interface RateLimits {
  failNext(method: string, count: number, retryAfterSec: number): void;
  throttle(method: string, windowMs: number): void;
  clear(): void;
  /** Decides one call: undefined lets it through, a number answers 429 with that Retry-After (seconds). */
  check(method: string, now: number): number | undefined;
  readonly violations: Array<{ method: string; at: number; earlyByMs: number }>;
  readonly refused: Array<{ method: string; at: number; retryAfterSec: number }>;
}

const CLOCK_SLACK_MS = 5;

export function createRateLimits(): RateLimits {
  const next = new Map<string, { count: number; retryAfterSec: number }>();
  const windows = new Map<string, { windowMs: number; lastAllowed: number }>();
  /** Until when each method told its client to wait. */
  const blockedUntil = new Map<string, number>();
  const violations: RateLimits['violations'] = [];
  const refused: RateLimits['refused'] = [];

  const refuse = (method: string, now: number, retryAfterSec: number) => {
    blockedUntil.set(method, Math.max(blockedUntil.get(method) ?? 0, now + retryAfterSec * 1000));
    refused.push({ method, at: now, retryAfterSec });
    return retryAfterSec;
  };

  return {
    violations,
    refused,
    failNext(method, count, retryAfterSec) {
      next.set(method, { count, retryAfterSec });
    },
    throttle(method, windowMs) {
      windows.set(method, { windowMs, lastAllowed: 0 });
    },
    clear() {
      next.clear();
      windows.clear();
      blockedUntil.clear();
    },
    check(method, now) {
      const until = blockedUntil.get(method) ?? 0;
      // A few milliseconds of slack: timers and clocks round to the millisecond on both sides.
      if (now < until - CLOCK_SLACK_MS) {
        violations.push({ method, at: now, earlyByMs: until - now });
        return refuse(method, now, Math.ceil((until - now) / 1000));
      }
      const pending = next.get(method);
      if (pending && pending.count > 0) {
        pending.count -= 1;
        return refuse(method, now, pending.retryAfterSec);
      }
      const window = windows.get(method);
      if (window) {
        const wait = window.lastAllowed + window.windowMs - now;
        if (wait > 0) return refuse(method, now, Math.ceil(wait / 1000));
        window.lastAllowed = now;
      }
      return undefined;
    },
  };
}
