/**
 * Acks before work, across interactions: a burst of commands first gets every defer sent, then the commands
 * run. Without it, the first commands' work (reading specs, planning, queries) runs on the event loop while
 * later interactions of the burst still wait for their defer, against Discord's 3-second clock. The wait is
 * bounded, so under a steady stream of interactions the work still goes on.
 */
export interface AckGate {
  /** An interaction arrived: its ack is on its way. */
  begin(): void;
  /** Its ack was sent (or failed). */
  end(): void;
  /** Resolves when no ack is pending, or after `maxWaitMs`. */
  idle(maxWaitMs: number): Promise<void>;
}

export function createAckGate(): AckGate {
  let pending = 0;
  let waiters: Array<() => void> = [];
  return {
    begin() {
      pending += 1;
    },
    end() {
      pending = Math.max(0, pending - 1);
      if (pending > 0) return;
      const ready = waiters;
      waiters = [];
      for (const wake of ready) wake();
    },
    idle(maxWaitMs) {
      if (pending === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(wake, maxWaitMs);
        function wake() {
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== wake);
          resolve();
        }
        waiters.push(wake);
      });
    },
  };
}
