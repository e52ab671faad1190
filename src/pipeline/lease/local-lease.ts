import type { Logger } from 'pino';
import type { LeaseState, ReconcileLease } from './reconcile-lease.js';

/** The lease of a single process (PGlite): held from `start()` to `stop()`, no lock needed. */
export function createLocalLease(logger: Logger): ReconcileLease {
  const listeners: Array<(state: LeaseState) => void> = [];
  let state: LeaseState = 'standby';
  const setState = (next: LeaseState) => {
    if (state === next) return;
    state = next;
    for (const listener of listeners) listener(next);
  };
  return {
    get state() {
      return state;
    },
    async start() {
      logger.debug('embedded database: this process holds the reconcile lease');
      setState('holder');
    },
    onChange(listener) {
      listeners.push(listener);
    },
    async stop() {
      setState('standby');
    },
  };
}
