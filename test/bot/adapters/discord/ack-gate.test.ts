import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAckGate } from '../../../../src/bot/adapters/discord/ack-gate.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('createAckGate', () => {
  it('lets work start at once when no ack is pending', async () => {
    await expect(createAckGate().idle(1000)).resolves.toBeUndefined();
  });

  it('holds work until the last pending ack is sent', async () => {
    const gate = createAckGate();
    gate.begin();
    gate.begin();
    let started = false;
    const waiting = gate.idle(60_000).then(() => {
      started = true;
    });
    gate.end();
    await Promise.resolve();
    expect(started).toBe(false);
    gate.end();
    await waiting;
    expect(started).toBe(true);
  });

  it('lets work go after the bound when acks keep coming', async () => {
    vi.useFakeTimers();
    const gate = createAckGate();
    gate.begin();
    let started = false;
    const waiting = gate.idle(250).then(() => {
      started = true;
    });
    await vi.advanceTimersByTimeAsync(249);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(started).toBe(true);
  });
});
