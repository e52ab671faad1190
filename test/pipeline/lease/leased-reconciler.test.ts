import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import {
  createLeasedReconciler,
  type LeasedReconciler,
} from '../../../src/pipeline/lease/leased-reconciler.js';
import { createLocalLease } from '../../../src/pipeline/lease/local-lease.js';
import { createPgLease } from '../../../src/pipeline/lease/reconcile-lease.js';
import type { Reconciler } from '../../../src/pipeline/runs/reconciler.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { leasePgAvailable, observeLease } from './lease-db.js';

interface Term {
  startedWith: number | null;
  kicks: number;
  passes: number;
  stopped: boolean;
  /** Set to hold the term's stop open (a pass still running). */
  stopGate?: Promise<void>;
}

/** A reconciler that records what the lease makes of it: one Term per reconciler built. */
function recordingReconcilers() {
  const terms: Term[] = [];
  const create = (): Reconciler => {
    const term: Term = { startedWith: null, kicks: 0, passes: 0, stopped: false };
    terms.push(term);
    return {
      async reconcileOnce() {
        term.passes++;
      },
      kick() {
        term.kicks++;
      },
      start(intervalMs) {
        term.startedWith = intervalMs;
      },
      async stop() {
        // Read at stop time, so a test can hold a term's stop open after it was built.
        await term.stopGate;
        term.stopped = true;
      },
    };
  };
  return { terms, create };
}

describe('the leased reconciler on the embedded database', () => {
  it('GIVEN the local lease THEN it reconciles from start() and stops with the lease', async () => {
    const lease = createLocalLease(silentLogger());
    const made = recordingReconcilers();
    let flushed = 0;
    const reconciler = createLeasedReconciler({
      lease,
      create: made.create,
      flush: async () => void flushed++,
      logger: silentLogger(),
    });
    await lease.start();
    reconciler.start(50);
    expect(made.terms).toHaveLength(1);
    expect(made.terms[0]?.startedWith).toBe(50);
    await reconciler.reconcileOnce();
    expect(made.terms[0]?.passes).toBe(1);
    await reconciler.stop();
    expect(made.terms[0]?.stopped).toBe(true);
    expect(lease.state).toBe('standby');
    // The running reconciler flushed the chat edits itself.
    expect(flushed).toBe(0);
  });
});

describe.skipIf(!leasePgAvailable())('the leased reconciler on PostgreSQL', () => {
  let db: TestDb;
  let observer: Awaited<ReturnType<typeof observeLease>>;
  const running: LeasedReconciler[] = [];
  const replica = async (name: string) => {
    const lease = createPgLease({ url: db.url as string, logger: silentLogger(), name, pollMs: 200 });
    const made = recordingReconcilers();
    let flushed = 0;
    const reconciler = createLeasedReconciler({
      lease,
      create: made.create,
      flush: async () => void flushed++,
      logger: silentLogger(),
    });
    running.push(reconciler);
    await lease.start();
    reconciler.start(100);
    return { lease, made, reconciler, flushed: () => flushed };
  };

  beforeAll(async () => {
    db = await createTestDb('pg');
    observer = await observeLease(db.url as string);
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await observer?.close();
    await db?.close();
  });

  it('GIVEN two replicas THEN only the holder reconciles, and a standby’s kick reaches nothing', async () => {
    const a = await replica('replica-a');
    const b = await replica('replica-b');
    expect([a.reconciler.leaseState, b.reconciler.leaseState]).toEqual(['holder', 'standby']);
    expect(a.made.terms.map((t) => t.startedWith)).toEqual([100]);
    expect(b.made.terms).toHaveLength(0);
    b.reconciler.kick();
    await b.reconciler.reconcileOnce();
    a.reconciler.kick();
    expect(a.made.terms[0]?.kicks).toBe(1);
    expect(a.made.terms[0]?.passes).toBe(0);
    await b.reconciler.stop();
    // A standby has no reconciler to flush the chat edits its commands queued: stop flushes them.
    expect(b.flushed()).toBe(1);
  });

  it('GIVEN the holder loses its connection THEN its reconciler stops at once and the standby starts a fresh one', async () => {
    const a = await replica('replica-a');
    const b = await replica('replica-b');
    await observer.terminate('replica-a');
    await vi.waitFor(() => expect(a.made.terms[0]?.stopped).toBe(true), { timeout: 1000, interval: 5 });
    a.reconciler.kick();
    expect(a.made.terms[0]?.kicks).toBe(0);
    await vi.waitFor(() => expect(b.made.terms.map((t) => t.startedWith)).toEqual([100]), {
      timeout: 5000,
      interval: 20,
    });
    expect(await observer.holders()).toEqual(['replica-b']);
    // The lease comes back to a once b stops: a builds a new reconciler instead of reviving the old one.
    await b.reconciler.stop();
    await vi.waitFor(() => expect(a.made.terms).toHaveLength(2), { timeout: 5000, interval: 20 });
    expect(a.made.terms[1]?.startedWith).toBe(100);
    expect(a.made.terms[1]).not.toBe(a.made.terms[0]);
  });

  it('GIVEN a term still ending THEN a regained lease waits for it, so two terms never overlap', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = await replica('replica-a');
    // The first term's stop hangs until released, like a pass that is still running when the lease goes.
    (a.made.terms[0] as Term).stopGate = gate;
    await observer.terminate('replica-a');
    await vi.waitFor(() => expect(a.lease.state).toBe('standby'), { timeout: 1000, interval: 5 });
    await vi.waitFor(() => expect(a.lease.state).toBe('holder'), { timeout: 5000, interval: 20 });
    expect(a.made.terms).toHaveLength(1);
    release();
    await vi.waitFor(() => expect(a.made.terms).toHaveLength(2), { timeout: 1000, interval: 5 });
  });
});
