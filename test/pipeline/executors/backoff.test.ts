import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  createHealthTracker,
  HostUnreachableError,
} from '../../../src/pipeline/executors/backoff.js';
import type { HostHealth } from '../../../src/pipeline/executors/types.js';

const policy = { initialMs: 1_000, maxMs: 8_000 };

describe('backoffDelay', () => {
  it('doubles from the initial pause and stops at the cap when attempts keep failing', () => {
    expect([1, 2, 3, 4, 5, 50].map((failures) => backoffDelay(failures, policy))).toEqual([
      1_000, 2_000, 4_000, 8_000, 8_000, 8_000,
    ]);
  });
});

describe('createHealthTracker', () => {
  const tracker = () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const changes: HostHealth[] = [];
    const health = createHealthTracker('ml@gpu1:22', {
      policy,
      now: () => now,
      onChange: (h) => changes.push(h),
    });
    return { health, changes, advance: (ms: number) => (now += ms) };
  };

  it('fails fast without trying until the pause is over when an attempt failed', () => {
    const { health, advance } = tracker();
    const error = health.failed('Connection refused');
    expect(error).toBeInstanceOf(HostUnreachableError);
    expect(error.message).toContain('ml@gpu1:22 is unreachable since 2026-01-01T00:00:00.000Z');
    expect(() => health.gate()).toThrow(/next try at 2026-01-01T00:00:01.000Z/);
    advance(999);
    expect(() => health.gate()).toThrow(HostUnreachableError);
    advance(1);
    expect(() => health.gate()).not.toThrow();
  });

  it('keeps the start of the outage and counts attempts when failures follow each other', () => {
    const { health, advance } = tracker();
    health.failed('refused');
    advance(1_000);
    health.failed('refused');
    advance(2_000);
    const third = health.failed('timed out');
    expect(third.health).toEqual({
      state: 'unreachable',
      since: '2026-01-01T00:00:00.000Z',
      failures: 3,
      lastError: 'timed out',
      retryAt: '2026-01-01T00:00:07.000Z',
    });
  });

  it('tells about the outage once and about the recovery once when the host comes back', () => {
    const { health, changes } = tracker();
    health.succeeded();
    health.failed('refused');
    health.failed('refused');
    health.failed('refused');
    health.succeeded();
    health.succeeded();
    expect(changes.map((c) => c.state)).toEqual(['unreachable', 'reachable']);
    expect(health.current()).toEqual({ state: 'reachable' });
  });
});
