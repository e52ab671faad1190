import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../../src/pipeline/executors/poll.js';

describe('pollUntil', () => {
  it('resolves true when the condition holds after a few checks', async () => {
    let checks = 0;
    const held = await pollUntil(() => ++checks === 3, { intervalMs: 1, timeoutMs: 5_000 });
    expect(held).toBe(true);
    expect(checks).toBe(3);
  });

  it('resolves false after a last check when the deadline passes', async () => {
    let checks = 0;
    const begun = Date.now();
    const held = await pollUntil(
      async () => {
        checks += 1;
        return false;
      },
      { intervalMs: 5, timeoutMs: 40 },
    );
    expect(held).toBe(false);
    expect(Date.now() - begun).toBeGreaterThanOrEqual(40);
    expect(checks).toBeGreaterThan(2);
  });

  it('rejects when the signal is aborted while waiting', async () => {
    const controller = new AbortController();
    const polling = pollUntil(() => false, {
      intervalMs: 10_000,
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    controller.abort(new Error('stop'));
    await expect(polling).rejects.toThrow();
  });
});
