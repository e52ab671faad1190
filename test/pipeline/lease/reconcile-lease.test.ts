import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { createLocalLease } from '../../../src/pipeline/lease/local-lease.js';
import {
  createPgLease,
  type LeaseState,
  type ReconcileLease,
} from '../../../src/pipeline/lease/reconcile-lease.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { leasePgAvailable, observeLease } from './lease-db.js';

const pgOk = leasePgAvailable();

describe('the local lease (embedded database)', () => {
  it('GIVEN no PostgreSQL THEN the one process holds the lease from start to stop', async () => {
    const lease = createLocalLease(silentLogger());
    const seen: LeaseState[] = [];
    lease.onChange((state) => seen.push(state));
    expect(lease.state).toBe('standby');
    await lease.start();
    expect(lease.state).toBe('holder');
    await lease.stop();
    expect(seen).toEqual(['holder', 'standby']);
  });
});

describe.skipIf(!pgOk)('the reconcile lease on PostgreSQL', () => {
  let db: TestDb;
  let observer: Awaited<ReturnType<typeof observeLease>>;
  const leases: ReconcileLease[] = [];
  const lease = (name: string, pollMs = 200) => {
    const created = createPgLease({ url: db.url as string, logger: silentLogger(), name, pollMs });
    leases.push(created);
    return created;
  };

  beforeAll(async () => {
    db = await createTestDb('pg');
    observer = await observeLease(db.url as string);
  });
  afterEach(async () => {
    await Promise.all(leases.splice(0).map((l) => l.stop()));
  });
  afterAll(async () => {
    await observer?.close();
    await db?.close();
  });

  it('GIVEN two replicas THEN exactly one holds the lease, and keeps holding it while the other polls', async () => {
    const a = lease('replica-a');
    const b = lease('replica-b');
    await a.start();
    await b.start();
    expect([a.state, b.state]).toEqual(['holder', 'standby']);
    expect(await observer.holders()).toEqual(['replica-a']);
    // Three of b's polls later (each shows as a new query of its session), a still holds and b still stands by.
    let attempts = 0;
    b.onChange(() => attempts++);
    const polls = new Set<string>();
    await vi.waitFor(
      async () => {
        const at = await observer.lastQueryAt('replica-b');
        if (at) polls.add(at);
        expect(polls.size).toBeGreaterThanOrEqual(4);
      },
      { timeout: 5000, interval: 50 },
    );
    expect(attempts).toBe(0);
    expect(await observer.holders()).toEqual(['replica-a']);
  });

  it('GIVEN the holder’s connection is closed THEN it stops at once and the standby holds within a few seconds', async () => {
    const a = lease('replica-a', 1000);
    const b = lease('replica-b', 1000);
    await a.start();
    await b.start();
    const aLost = new Promise<number>((resolve) => a.onChange((s) => s === 'standby' && resolve(Date.now())));
    const bWon = new Promise<number>((resolve) => b.onChange((s) => s === 'holder' && resolve(Date.now())));
    const cut = Date.now();
    expect(await observer.terminate('replica-a')).toBe(1);
    const lostAt = await aLost;
    const wonAt = await bWon;
    // The holder notices its own connection end (error/end event), without waiting for a poll.
    expect(lostAt - cut).toBeLessThan(500);
    // One poll interval of the standby, plus slack for a busy machine.
    expect(wonAt - cut).toBeLessThan(3000);
    expect(lostAt).toBeLessThanOrEqual(wonAt);
    expect(await observer.holders()).toEqual(['replica-b']);
    expect(a.state).toBe('standby');
  });

  it('GIVEN the holder stops THEN it releases the lock and the lease passes on', async () => {
    const a = lease('replica-a');
    const b = lease('replica-b');
    await a.start();
    await b.start();
    await a.stop();
    expect(a.state).toBe('standby');
    await vi.waitFor(() => expect(b.state).toBe('holder'), { timeout: 5000, interval: 20 });
    expect(await observer.holders()).toEqual(['replica-b']);
  });

  it('GIVEN a holder that lost its connection THEN it takes the lease again once it is free', async () => {
    const a = lease('replica-a');
    await a.start();
    expect(a.state).toBe('holder');
    await observer.terminate('replica-a');
    await vi.waitFor(() => expect(a.state).toBe('standby'), { timeout: 2000, interval: 10 });
    await vi.waitFor(() => expect(a.state).toBe('holder'), { timeout: 5000, interval: 20 });
    expect(await observer.holders()).toEqual(['replica-a']);
  });

  it('GIVEN PostgreSQL cannot be reached THEN the lease stands by and start() does not throw', async () => {
    const url = new URL(db.url as string);
    url.port = '1';
    const unreachable = createPgLease({ url: url.toString(), logger: silentLogger(), pollMs: 100 });
    leases.push(unreachable);
    await unreachable.start();
    expect(unreachable.state).toBe('standby');
  });
});
