import type { PyFrame } from './console.js';

/**
 * A Python exception raised inside a simulated TAO task. The task's boundary turns it into what TAO shows: a
 * FAILURE line in status.json carrying `str(e)`, the traceback on the console and `Execution status: FAIL`.
 */
export class PyError extends Error {
  constructor(
    /** The exception's qualified type as Python prints it, e.g. `OSError`. */
    readonly pyType: string,
    message: string,
    readonly frames: readonly PyFrame[] = [],
  ) {
    super(message);
    this.name = 'PyError';
  }
}

/** The run was stopped by SIGINT/SIGTERM (Python sees a KeyboardInterrupt). */
export class Interrupted extends Error {
  constructor(readonly signalName: unknown) {
    super(`interrupted by ${String(signalName)}`);
    this.name = 'Interrupted';
  }
}

/** Waits, or rejects with `Interrupted` as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(new Interrupted(signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Interrupted(signal.reason));
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
