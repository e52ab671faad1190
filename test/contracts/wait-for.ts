import { setTimeout as delay } from 'node:timers/promises';

/**
 * Asks `probe` again every few milliseconds until it returns a value that is not undefined, and returns it; fails
 * with `what` after `timeoutMs`. Tests wait for states this way, never for a fixed time. Errors of the probe are
 * not retried: they fail the test at once.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 10_000, intervalMs = 10 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}
