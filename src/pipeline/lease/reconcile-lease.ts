import { hostname } from 'node:os';
import pg from 'pg';
import type { Logger } from 'pino';
import { createLocalLease } from './local-lease.js';

/** A replica either holds the reconcile lease (it runs the reconciler) or stands by (it only serves chat). */
export type LeaseState = 'holder' | 'standby';

/**
 * Who reconciles among several replicas sharing one database. Exactly one holder at a time; when the holder goes,
 * a standby becomes the holder within about one poll interval.
 */
export interface ReconcileLease {
  readonly state: LeaseState;
  /** Makes the first attempt (resolves once this replica knows its state), then keeps trying in the background. */
  start(): Promise<void>;
  /** Told every change of state, synchronously, so a lost lease stops the reconciler at once. */
  onChange(listener: (state: LeaseState) => void): void;
  /** Gives the lease up and stops trying. */
  stop(): Promise<void>;
}

/** Arbitrary constant key of the session-level advisory lock (the migrations use 7_240_001). */
export const RECONCILE_LEASE_KEY = 7_240_002;

export interface PgLeaseOptions {
  url: string;
  logger: Logger;
  key?: number;
  /** How often a standby asks for the lock and a holder checks its connection; default 1000 ms. */
  pollMs?: number;
  /** `application_name` of the lease's connection, so `pg_stat_activity` shows which replica holds the lease. */
  name?: string;
}

/** The lease for PostgreSQL when a URL is configured; without one (PGlite is single-process) it is held locally. */
export function createReconcileLease(url: string | undefined, logger: Logger): ReconcileLease {
  return url ? createPgLease({ url, logger }) : createLocalLease(logger);
}

/** A name that tells an operator which process holds the lease (PostgreSQL keeps 63 bytes of it). */
export const leaseConnectionName = (pid = process.pid) => `taobot-lease ${pid} ${hostname()}`.slice(0, 63);

/**
 * The lease as a session-level advisory lock held on one dedicated connection (not the pool, whose connections
 * come and go) for as long as the process lives. PostgreSQL releases the lock when the session ends, so a killed
 * holder hands over as soon as its socket closes. A holder whose connection errors, ends or stops answering its
 * heartbeat becomes a standby at once and tries again on the next poll with a new connection.
 */
export function createPgLease(options: PgLeaseOptions): ReconcileLease {
  const { url, logger } = options;
  const key = options.key ?? RECONCILE_LEASE_KEY;
  const pollMs = options.pollMs ?? 1000;
  const name = options.name ?? leaseConnectionName();
  const listeners: Array<(state: LeaseState) => void> = [];
  let state: LeaseState = 'standby';
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let attempt: Promise<void> | null = null;
  let stopped = false;
  let announcedStandby = false;
  // A replica that just lost the lease is likely the unhealthy one (its network, its load): it lets the
  // standbys try first for two polls instead of racing them for the lock it just dropped.
  let holdOffUntil = 0;
  // Said once per outage, not on every poll.
  let unreachable = false;

  const setState = (next: LeaseState) => {
    if (state === next) return;
    state = next;
    for (const listener of listeners) listener(next);
  };

  /** Forgets a connection; when it held the lock, the lease is lost (the session ending releases it server-side). */
  const drop = (c: pg.Client, reason: unknown) => {
    if (client !== c) return;
    client = null;
    void c.end().catch(() => undefined);
    if (state === 'holder') {
      logger.warn({ err: reason, key }, 'reconcile lease lost: this replica stops reconciling');
      announcedStandby = true;
      holdOffUntil = Date.now() + pollMs * 2;
      setState('standby');
    } else {
      logger.debug({ err: reason }, 'reconcile lease connection dropped; reconnecting on the next poll');
    }
  };

  const connect = async (): Promise<pg.Client> => {
    const c = new pg.Client({
      connectionString: url,
      application_name: name,
      keepAlive: true,
      connectionTimeoutMillis: pollMs * 5,
      // A holder that cannot tell whether it still holds the lock must stop: a hung query counts as lost.
      query_timeout: pollMs * 5,
    });
    // Kept after a drop too: a late error on a forgotten connection must not crash the process.
    c.on('error', (error) => drop(c, error));
    c.on('end', () => drop(c, new Error('the lease connection ended')));
    client = c;
    try {
      await c.connect();
      // The server frees a session's lock only once it notices the session is gone. A killed process closes
      // its socket at once; a vanished host or a cut network is noticed only through TCP keepalives (2 hours by
      // default), so the lease's own session asks for about 11 s. The holder's heartbeat times out first, so a
      // cut-off holder stops reconciling before another replica can take over.
      await c.query(
        'set tcp_keepalives_idle = 5; set tcp_keepalives_interval = 2; set tcp_keepalives_count = 3',
      );
    } catch (error) {
      drop(c, error);
      throw error;
    }
    if (unreachable) logger.info('reconcile lease: PostgreSQL reachable again');
    unreachable = false;
    return c;
  };

  const tryOnce = async () => {
    if (state === 'standby' && Date.now() < holdOffUntil) return;
    let c = client;
    if (!c) {
      try {
        c = await connect();
      } catch (error) {
        if (!unreachable) logger.warn({ err: error }, 'reconcile lease: cannot reach PostgreSQL; retrying');
        unreachable = true;
        return;
      }
    }
    try {
      if (state === 'holder') {
        await c.query('select 1');
        return;
      }
      const result = await c.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [key]);
      if (stopped || client !== c) return;
      if (result.rows[0]?.locked) {
        logger.info({ key, connection: name }, 'reconcile lease acquired: this replica reconciles');
        setState('holder');
      } else if (!announcedStandby) {
        announcedStandby = true;
        logger.info(
          { key },
          'reconcile lease held by another replica: this replica serves chat and stands by',
        );
      }
    } catch (error) {
      // Ending the session also releases a lock that may have been granted without the answer arriving.
      drop(c, error);
    }
  };

  const run = async () => {
    attempt = tryOnce();
    await attempt;
    attempt = null;
    if (!stopped) timer = setTimeout(() => void run(), pollMs);
  };

  return {
    get state() {
      return state;
    },
    async start() {
      await run();
    },
    onChange(listener) {
      listeners.push(listener);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await attempt;
      const c = client;
      client = null;
      if (state === 'holder') logger.info({ key }, 'reconcile lease released');
      setState('standby');
      await c?.end().catch(() => undefined);
    },
  };
}
