import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  type BestMapRow,
  bestMapsSql,
  type DiskRow,
  diskSql,
  type FailedRunRow,
  failuresSql,
  loadBestMaps,
  loadDisk,
  loadFailures,
  loadPendingApprovals,
  loadUsage,
  type PendingApprovalRow,
  type PeriodBounds,
  pendingApprovalsSql,
  type UsageRow,
  usageSql,
} from '../db/repositories/analytics.js';
import {
  type DeploymentRow,
  deploymentsSql,
  loadDeployments,
  loadPrunes,
  loadRetrains,
  type PruneRow,
  prunesSql,
  type RetrainRow,
  retrainsSql,
} from '../db/repositories/analytics-results.js';
import type { SummaryPeriod } from './summary-period.js';

/** Everything a summary shows, as loaded from the database for one period. */
export interface SummaryData {
  readonly usage: readonly UsageRow[];
  readonly best: readonly BestMapRow[];
  readonly failures: readonly FailedRunRow[];
  readonly approvals: readonly PendingApprovalRow[];
  readonly disk: readonly DiskRow[];
  readonly prunes: readonly PruneRow[];
  readonly retrains: readonly RetrainRow[];
  readonly deployments: readonly DeploymentRow[];
}

/**
 * Loads a period's summary. The queries are independent, so on PostgreSQL they run side by side on the pool
 * (PGlite has one connection and runs them in turn).
 */
export async function loadSummaryData(db: Db, period: SummaryPeriod, now: number): Promise<SummaryData> {
  const bounds: PeriodBounds = { from: period.from, to: period.to, now };
  const [usage, best, failures, approvals, disk, prunes, retrains, deployments] = await Promise.all([
    loadUsage(db, bounds),
    loadBestMaps(db, bounds),
    loadFailures(db, bounds),
    loadPendingApprovals(db, bounds),
    loadDisk(db, bounds),
    loadPrunes(db, bounds),
    loadRetrains(db, bounds),
    loadDeployments(db, bounds),
  ]);
  return { usage, best, failures, approvals, disk, prunes, retrains, deployments };
}

/** The statements `loadSummaryData` runs, by name, for the benchmark to time and explain one by one. */
export function summaryQueries(period: SummaryPeriod, now: number): Array<[string, SQL]> {
  const bounds: PeriodBounds = { from: period.from, to: period.to, now };
  return [
    ['usage', usageSql(bounds)],
    ['best maps', bestMapsSql(bounds)],
    ['failures', failuresSql(bounds)],
    ['approvals', pendingApprovalsSql(bounds)],
    ['disk', diskSql(bounds)],
    ['prunes', prunesSql(bounds)],
    ['retrains', retrainsSql(bounds)],
    ['deployments', deploymentsSql(bounds)],
  ];
}

/** The headline numbers of a summary, summed over servers and kinds. */
export interface SummaryTotals {
  started: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  running: number;
  gpuHours: number;
  /** GPU-hours per server, largest first; `simulated` when any of it was simulated. */
  gpuHoursByServer: Array<{ server: string; hours: number; simulated: boolean }>;
  diskBytes: number;
  diskAddedBytes: number;
  diskFreedBytes: number;
  checkpoints: number;
  simulated: boolean;
}

/** Sums the per-server rows into the figures a card shows (pure). */
export function summaryTotals(data: SummaryData): SummaryTotals {
  const totals: SummaryTotals = {
    started: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    running: 0,
    gpuHours: 0,
    gpuHoursByServer: [],
    diskBytes: 0,
    diskAddedBytes: 0,
    diskFreedBytes: 0,
    checkpoints: 0,
    simulated: false,
  };
  const servers = new Map<string, { server: string; hours: number; simulated: boolean }>();
  for (const row of data.usage) {
    totals.started += row.started;
    totals.succeeded += row.succeeded;
    totals.failed += row.failed;
    totals.cancelled += row.cancelled;
    totals.running += row.running;
    totals.gpuHours += row.gpuHours;
    const entry = servers.get(row.server) ?? { server: row.server, hours: 0, simulated: false };
    entry.hours += row.gpuHours;
    entry.simulated ||= row.simulated && row.gpuHours > 0;
    servers.set(row.server, entry);
    totals.simulated ||= row.simulated;
  }
  totals.gpuHoursByServer = [...servers.values()]
    .filter((entry) => entry.hours > 0)
    .sort((a, b) => b.hours - a.hours || a.server.localeCompare(b.server));
  for (const row of data.disk) {
    totals.diskBytes += row.bytes;
    totals.diskAddedBytes += row.addedBytes;
    totals.diskFreedBytes += row.freedBytes;
    totals.checkpoints += row.checkpoints;
  }
  totals.simulated ||= [...data.best, ...data.prunes, ...data.retrains, ...data.deployments].some(
    (row) => row.simulated,
  );
  return totals;
}
