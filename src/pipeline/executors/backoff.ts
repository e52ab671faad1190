import { ExecutorError } from '../../shared/errors.js';
import type { HostHealth } from './types.js';

/** How long a remote executor waits before it tries an unreachable host again: doubling, up to a cap. */
export interface BackoffPolicy {
  /** The pause after the first failed attempt. */
  initialMs: number;
  /** The longest pause, however many attempts failed. */
  maxMs: number;
}

/** One second, then 2, 4, 8… up to a minute: quick to notice a restarted sshd, cheap during a long outage. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 60_000 };

/** The pause after `failures` failed attempts in a row (1 or more). */
export function backoffDelay(failures: number, policy: BackoffPolicy): number {
  const doublings = Math.min(Math.max(0, failures - 1), 30);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** doublings);
}

/**
 * A host that did not answer: ssh could not connect, authenticate or keep the connection, or timed out. The run on
 * it is not lost (it keeps going detached); the caller retries later. `health` says since when and until when
 * calls fail at once.
 */
export class HostUnreachableError extends ExecutorError {
  readonly host: string;
  readonly health: Extract<HostHealth, { state: 'unreachable' }>;
  constructor(
    host: string,
    health: Extract<HostHealth, { state: 'unreachable' }>,
    options?: { cause?: unknown },
  ) {
    super(
      `${host} is unreachable since ${health.since} (${health.failures} failed attempt` +
        `${health.failures === 1 ? '' : 's'}; last: ${health.lastError}); next try at ${health.retryAt}`,
      options,
    );
    this.host = host;
    this.health = health;
  }
}

/** Keeps the health of one host: failed attempts in a row, when to try again, and who to tell on a change. */
export interface HealthTracker {
  current(): HostHealth;
  /** Throws a `HostUnreachableError` while the host is in its backoff pause; returns otherwise. */
  gate(): void;
  succeeded(): void;
  /** Records a failed attempt and returns the error to throw. */
  failed(reason: string, cause?: unknown): HostUnreachableError;
}

export interface HealthTrackerOptions {
  policy?: BackoffPolicy;
  /** Called when the host becomes unreachable and when it answers again, never in between. */
  onChange?: (health: HostHealth, host: string) => void;
  now?: () => number;
}

export function createHealthTracker(host: string, options: HealthTrackerOptions = {}): HealthTracker {
  const policy = options.policy ?? DEFAULT_BACKOFF;
  const now = options.now ?? Date.now;
  let health: HostHealth = { state: 'reachable' };
  let retryAtMs = 0;

  return {
    current: () => health,
    gate() {
      if (health.state === 'unreachable' && now() < retryAtMs) throw new HostUnreachableError(host, health);
    },
    succeeded() {
      if (health.state === 'reachable') return;
      health = { state: 'reachable' };
      options.onChange?.(health, host);
    },
    failed(reason, cause) {
      const at = now();
      const failures = health.state === 'unreachable' ? health.failures + 1 : 1;
      retryAtMs = at + backoffDelay(failures, policy);
      const wasReachable = health.state === 'reachable';
      health = {
        state: 'unreachable',
        since: health.state === 'unreachable' ? health.since : new Date(at).toISOString(),
        failures,
        lastError: reason,
        retryAt: new Date(retryAtMs).toISOString(),
      };
      if (wasReachable) options.onChange?.(health, host);
      return new HostUnreachableError(host, health, { cause });
    },
  };
}
