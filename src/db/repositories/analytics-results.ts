import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { at, type PeriodBounds, rowsOf } from './analytics.js';

/**
 * What the prune → retrain → deploy pipeline finished in a period, with the numbers a summary shows: threshold
 * and sizes of each prune, retrained against unpruned mAP, and what each deployment measured on its device.
 */

export interface PruneRow {
  runId: number;
  model: string;
  simulated: boolean;
  sourceRunId: number;
  sourceEpoch: number;
  threshold: number;
  paramRatio: number | null;
  sizeBytes: number | null;
  sourceSizeBytes: number | null;
}

export interface RetrainRow {
  runId: number;
  model: string;
  simulated: boolean;
  pruneRunId: number | null;
  threshold: number | null;
  /** The retrained model's size: its best checkpoint, else the pruned model it started from. */
  sizeBytes: number | null;
  sourceRunId: number | null;
  /** The unpruned model's mAP at the epoch that was pruned. */
  sourceMap: number | null;
  /** The retrained model's best mAP (saved checkpoints first) and its epoch. */
  map: number | null;
  epoch: number | null;
}

export interface DeploymentRow {
  runId: number;
  model: string;
  simulated: boolean;
  sourceRunId: number;
  epoch: number;
  device: string;
  precision: string;
  throughputQps: number | null;
  latencyMeanMs: number | null;
  latencyP99Ms: number | null;
  engineBytes: number | null;
}

const endedIn = (bounds: PeriodBounds) =>
  sql`r.state = 'succeeded' and r.finished_at >= ${at(bounds.from)} and r.finished_at < ${at(bounds.to)}`;

/** The SQL of `loadPrunes` (the benchmark explains it). */
export function prunesSql(bounds: PeriodBounds): SQL {
  return sql`
    select r.id as "runId", r.model, r.simulated, p.source_run_id as "sourceRunId",
      p.source_epoch as "sourceEpoch", p.threshold, p.param_ratio as "paramRatio",
      p.size_bytes::float8 as "sizeBytes", p.source_size_bytes::float8 as "sourceSizeBytes"
    from runs r join prune_results p on p.run_id = r.id
    where r.kind = 'prune' and ${endedIn(bounds)}
    order by r.id`;
}

/** Prune runs that succeeded in the period. */
export function loadPrunes(db: Db, bounds: PeriodBounds): Promise<PruneRow[]> {
  return rowsOf<PruneRow>(db, prunesSql(bounds));
}

/** The SQL of `loadRetrains` (the benchmark explains it). */
export function retrainsSql(bounds: PeriodBounds): SQL {
  return sql`
    select r.id as "runId", r.model, r.simulated, p.run_id as "pruneRunId", p.threshold,
      coalesce(best.bytes, p.size_bytes)::float8 as "sizeBytes",
      p.source_run_id as "sourceRunId", src.map as "sourceMap", best.map, best.epoch
    from runs r
    left join prune_results p on p.run_id = r.parent_run_id
    left join epochs src on src.run_id = p.source_run_id and src.epoch = p.source_epoch
    left join lateral (
      select e.epoch, e.map, c.bytes from epochs e
      left join checkpoints c on c.run_id = e.run_id and c.epoch = e.epoch and c.deleted_at is null
      where e.run_id = r.id and e.map is not null
      order by (c.run_id is null), e.map desc, e.epoch
      limit 1
    ) best on true
    where r.kind = 'retrain' and ${endedIn(bounds)}
    order by r.id`;
}

/** Retrain runs that succeeded in the period, against the unpruned model they were pruned from. */
export function loadRetrains(db: Db, bounds: PeriodBounds): Promise<RetrainRow[]> {
  return rowsOf<RetrainRow>(db, retrainsSql(bounds));
}

/** The SQL of `loadDeployments` (the benchmark explains it). */
export function deploymentsSql(bounds: PeriodBounds): SQL {
  return sql`
    select r.id as "runId", r.model, r.simulated, d.source_run_id as "sourceRunId", d.epoch, d.device,
      d.precision, d.throughput_qps as "throughputQps", d.latency_mean_ms as "latencyMeanMs",
      d.latency_p99_ms as "latencyP99Ms", d.engine_bytes::float8 as "engineBytes"
    from runs r join deployments d on d.run_id = r.id
    where r.kind = 'deploy' and ${endedIn(bounds)}
    order by r.id`;
}

/** Deploy runs that succeeded in the period, with their device benchmark. */
export function loadDeployments(db: Db, bounds: PeriodBounds): Promise<DeploymentRow[]> {
  return rowsOf<DeploymentRow>(db, deploymentsSql(bounds));
}
