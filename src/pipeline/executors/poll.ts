import { setTimeout as delay } from 'node:timers/promises';

export interface PollOptions {
  /** Pause between two checks. */
  intervalMs: number;
  /** Give up after this long; the last check happens at the deadline. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Checks `condition` until it holds or the deadline passes, and tells which. Processes give no event when a
 * detached group dies, so watching one means asking again; the short pauses keep that cheap.
 */
export async function pollUntil(
  condition: () => boolean | Promise<boolean>,
  { intervalMs, timeoutMs, signal }: PollOptions,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (await condition()) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await delay(Math.min(intervalMs, left), undefined, { signal });
  }
}
