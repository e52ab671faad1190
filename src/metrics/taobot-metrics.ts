import type { Logger } from 'pino';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.js';
import { countEpochs, countRunsByState } from '../db/repositories/analytics.js';
import { RUN_KINDS, RUN_STATES } from '../pipeline/runs/run-state.js';

/**
 * taobot's Prometheus metrics on their own registry. Run counts and epochs come from the database when scraped
 * (every replica reports the same figures, so take `max` across replicas); chat errors, rate-limit waits and
 * reconcile passes are counted in this process.
 */
export interface TaobotMetrics {
  readonly registry: Registry;
  /** Feeds the reconciler's `onPass` hook. */
  observeReconcilePass(milliseconds: number, activeRuns: number): void;
  /** A chat platform API call that failed (after the adapter's own retries). */
  chatApiError(platform: string, operation: string, reason: 'rate_limited' | 'error'): void;
  /** An adapter waited for a platform's rate limit (Slack's Retry-After, Discord's buckets). */
  rateLimitWait(platform: string, seconds: number): void;
  /** A daily summary went out. */
  summaryPosted(late: boolean): void;
  /** This replica won (true) or lost (false) the reconcile lease. */
  reconcileLease(holder: boolean): void;
}

export function createTaobotMetrics(options: {
  db: Db;
  logger: Logger;
  /** Node.js process metrics (CPU, memory, event loop) too; default true. */
  processMetrics?: boolean;
}): TaobotMetrics {
  const { db, logger } = options;
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'taobot_' });

  new Gauge({
    name: 'taobot_runs',
    help: 'Runs in the database by state and kind',
    labelNames: ['state', 'kind'] as const,
    registers: [registry],
    async collect() {
      try {
        const counts = await countRunsByState(db);
        // Every state and kind is reported, zero included, so a state that empties drops to 0 instead of vanishing.
        for (const state of RUN_STATES) for (const kind of RUN_KINDS) this.set({ state, kind }, 0);
        for (const row of counts) this.set({ state: row.state, kind: row.kind }, row.runs);
      } catch (error) {
        logger.warn({ err: error }, 'metrics: could not count runs');
      }
    },
  });
  new Counter({
    name: 'taobot_epochs_ingested_total',
    help: 'Training epochs ingested into the database (each run and epoch once)',
    registers: [registry],
    async collect() {
      try {
        const epochs = await countEpochs(db);
        this.reset();
        this.inc(epochs);
      } catch (error) {
        logger.warn({ err: error }, 'metrics: could not count epochs');
      }
    },
  });
  const chatErrors = new Counter({
    name: 'taobot_chat_api_errors_total',
    help: 'Chat platform API calls that failed, by platform, operation and reason',
    labelNames: ['platform', 'operation', 'reason'] as const,
    registers: [registry],
  });
  const rateLimitWaits = new Counter({
    name: 'taobot_chat_rate_limit_waits_total',
    help: 'Times a chat adapter waited for a platform rate limit',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const rateLimitSeconds = new Counter({
    name: 'taobot_chat_rate_limit_wait_seconds_total',
    help: 'Seconds chat adapters spent waiting for platform rate limits',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const reconcile = new Histogram({
    name: 'taobot_reconcile_pass_duration_seconds',
    help: 'Duration of reconcile passes over the active runs',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const activeRuns = new Gauge({
    name: 'taobot_reconcile_active_runs',
    help: 'Runs starting or running at the last reconcile pass',
    registers: [registry],
  });
  // Per replica, unlike the database figures: sum across replicas should be 1.
  const leaseHolder = new Gauge({
    name: 'taobot_reconcile_lease_holder',
    help: '1 while this replica holds the reconcile lease and runs the reconciler, 0 while it stands by',
    registers: [registry],
  });
  const summaries = new Counter({
    name: 'taobot_summaries_posted_total',
    help: 'Daily summaries posted, late or on time',
    labelNames: ['late'] as const,
    registers: [registry],
  });

  return {
    registry,
    observeReconcilePass(milliseconds, active) {
      reconcile.observe(milliseconds / 1000);
      activeRuns.set(active);
    },
    chatApiError(platform, operation, reason) {
      chatErrors.inc({ platform, operation, reason });
    },
    rateLimitWait(platform, seconds) {
      rateLimitWaits.inc({ platform });
      rateLimitSeconds.inc({ platform }, Math.max(0, seconds));
    },
    summaryPosted(late) {
      summaries.inc({ late: String(late) });
    },
    reconcileLease(holder) {
      leaseHolder.set(holder ? 1 : 0);
    },
  };
}
