import { describe, expect, it } from 'vitest';
import { createRateGate, retryAfterOf } from '../../../../src/bot/adapters/slack/rate-gate.js';
import { silentLogger } from '../../../../src/logger.js';

/** A clock that only moves when the gate sleeps, so waits are exact and the test takes no time. */
function fakeClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const rateLimited = (retryAfter: number) =>
  Object.assign(new Error('rate limited'), { code: 'slack_webapi_rate_limited_error', retryAfter });

describe('createRateGate', () => {
  it('waits the Retry-After of a 429 and tries again', async () => {
    const clock = fakeClock();
    const waits: number[] = [];
    const gate = createRateGate({
      logger: silentLogger(),
      maxWaits: 3,
      onWait: (s) => waits.push(s),
      ...clock,
    });
    const answers = [rateLimited(2), 'ok'];
    const result = await gate.run('chat.update', async () => {
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next;
    });
    expect(result).toBe('ok');
    expect(clock.sleeps).toEqual([2000]);
    // Each wait is told to whoever counts them (the rate-limit metric).
    expect(waits).toEqual([2]);
  });

  it('holds later calls of the same method, not of others', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ logger: silentLogger(), maxWaits: 0, ...clock });
    await expect(gate.run('chat.update', () => Promise.reject(rateLimited(3)))).rejects.toThrow(
      'rate limited',
    );
    clock.advance(1000);
    await gate.run('chat.postMessage', async () => 'posted');
    expect(clock.sleeps).toEqual([]);
    await gate.run('chat.update', async () => 'edited');
    expect(clock.sleeps).toEqual([2000]);
  });

  it('passes other errors on at once and gives up after maxWaits 429s', async () => {
    const clock = fakeClock();
    const gate = createRateGate({ logger: silentLogger(), maxWaits: 2, ...clock });
    await expect(gate.run('chat.update', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(clock.sleeps).toEqual([]);
    let calls = 0;
    await expect(
      gate.run('chat.update', () => {
        calls += 1;
        return Promise.reject(rateLimited(0));
      }),
    ).rejects.toThrow('rate limited');
    // A Retry-After of 0 still waits a second, so a misbehaving server cannot make the gate spin.
    expect(calls).toBe(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('reads the wait only from the SDK’s rate-limited error', () => {
    expect(retryAfterOf(rateLimited(5))).toBe(5);
    expect(
      retryAfterOf(Object.assign(new Error('x'), { code: 'slack_webapi_platform_error', retryAfter: 5 })),
    ).toBeNull();
    expect(retryAfterOf('nope')).toBeNull();
  });
});
