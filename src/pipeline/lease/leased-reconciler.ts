import type { Logger } from 'pino';
import type { Reconciler } from '../runs/reconciler.js';
import type { LeaseState, ReconcileLease } from './reconcile-lease.js';

export interface LeasedReconcilerOptions {
  lease: ReconcileLease;
  /**
   * Builds a fresh reconciler each time the lease is won, so nothing an earlier term kept in memory (file offsets,
   * step plans) outlives a lost lease: the new term starts from what the database says, like a restart.
   */
  create(): Reconciler;
  /** Flushes pending chat edits on stop when no reconciler runs (a running one flushes them itself). */
  flush?(): Promise<void>;
  logger: Logger;
}

/** The reconciler of a replica: it reconciles only while the replica holds the lease. */
export interface LeasedReconciler extends Reconciler {
  readonly leaseState: LeaseState;
}

/**
 * A reconciler that follows the lease: started when the lease is won, stopped the moment it is lost. On a
 * standby `kick()` and `reconcileOnce()` do nothing: the work a command queued is in the database, and the
 * holder's loop picks it up on its next pass.
 */
export function createLeasedReconciler(options: LeasedReconcilerOptions): LeasedReconciler {
  const { lease, logger } = options;
  let current: Reconciler | null = null;
  let intervalMs: number | null = null;
  let stopped = false;
  // A term that just ended finishes its pass before a new one begins: two reconcilers never run side by side here.
  let ending: Promise<void> | null = null;

  const apply = () => {
    const wanted = !stopped && lease.state === 'holder';
    if (!wanted) {
      if (!current) return;
      // Taken out of reach at once, so no kick reaches a reconciler whose lease is gone.
      const retired = current;
      current = null;
      const done = (ending ?? Promise.resolve())
        .then(() => retired.stop())
        .catch((error: unknown) => logger.error({ err: error }, 'reconciler stop failed'));
      ending = done;
      void done.then(() => {
        if (ending !== done) return;
        ending = null;
        apply();
      });
      return;
    }
    // Without a pending stop the reconciler starts synchronously, so a lone replica reconciles from its first tick.
    if (current || ending || intervalMs === null) return;
    current = options.create();
    current.start(intervalMs);
  };
  lease.onChange(apply);

  return {
    get leaseState() {
      return lease.state;
    },
    reconcileOnce() {
      return current ? current.reconcileOnce() : Promise.resolve();
    },
    kick() {
      if (current) current.kick();
      else logger.debug('standby replica: the reconcile lease holder picks the work up on its next pass');
    },
    start(interval) {
      intervalMs = interval;
      apply();
    },
    async stop() {
      stopped = true;
      const hadReconciler = current !== null;
      apply();
      await ending;
      // Released only after the last pass ended, so no other replica starts reconciling while this one still is.
      await lease.stop();
      if (!hadReconciler) await options.flush?.();
    },
  };
}
