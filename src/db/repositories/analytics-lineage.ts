import { asc, inArray, type SQL, sql } from 'drizzle-orm';
import type { RunKind } from '../../pipeline/runs/run-state.js';
import type { Db } from '../client.js';
import { checkpoints, epochs, evaluations, pruneResults, runs } from '../schema.js';
import { rowsOf } from './analytics.js';

/**
 * Models and their descendants: what `/compare` needs of a few runs, and what `/frontier` needs of every
 * unpruned, pruned and retrained model of one model. A retrain run's parent is its prune run, whose
 * `prune_results.source_run_id` is the model it pruned (a training run, or a retrain when pruning again).
 */

export type CompareRun = typeof runs.$inferSelect;
export type CompareEpoch = Pick<
  typeof epochs.$inferSelect,
  'runId' | 'epoch' | 'map' | 'ap' | 'epochSeconds'
>;
export type CompareCheckpoint = Pick<typeof checkpoints.$inferSelect, 'runId' | 'epoch' | 'bytes' | 'path'>;
export type ComparePrune = typeof pruneResults.$inferSelect;
export type CompareEvaluation = typeof evaluations.$inferSelect;

export interface CompareFacts {
  runs: CompareRun[];
  epochs: CompareEpoch[];
  checkpoints: CompareCheckpoint[];
  /** The prune behind each run: its own (a prune run) or its parent's (a retrain run). */
  prunes: ComparePrune[];
  /** Standalone evaluations of the runs' checkpoints (per-class AP when the epochs lack it). */
  evaluations: CompareEvaluation[];
}

/** Everything `/compare` tabulates and draws for the given runs (missing ids are simply absent). */
export async function loadCompareFacts(db: Db, runIds: readonly number[]): Promise<CompareFacts> {
  const ids = [...new Set(runIds)];
  if (ids.length === 0) return { runs: [], epochs: [], checkpoints: [], prunes: [], evaluations: [] };
  const found = await db.select().from(runs).where(inArray(runs.id, ids));
  const pruneIds = [
    ...new Set(
      found.flatMap((run) => (run.kind === 'prune' ? [run.id] : run.parentRunId ? [run.parentRunId] : [])),
    ),
  ];
  const [epochRows, checkpointRows, pruneRows, evaluationRows] = await Promise.all([
    db
      .select({
        runId: epochs.runId,
        epoch: epochs.epoch,
        map: epochs.map,
        ap: epochs.ap,
        epochSeconds: epochs.epochSeconds,
      })
      .from(epochs)
      .where(inArray(epochs.runId, ids))
      .orderBy(asc(epochs.runId), asc(epochs.epoch)),
    db
      .select({
        runId: checkpoints.runId,
        epoch: checkpoints.epoch,
        bytes: checkpoints.bytes,
        path: checkpoints.path,
      })
      .from(checkpoints)
      .where(sql`${inArray(checkpoints.runId, ids)} and ${checkpoints.deletedAt} is null`)
      .orderBy(asc(checkpoints.runId), asc(checkpoints.epoch)),
    pruneIds.length > 0 ? db.select().from(pruneResults).where(inArray(pruneResults.runId, pruneIds)) : [],
    db.select().from(evaluations).where(inArray(evaluations.sourceRunId, ids)),
  ]);
  return {
    runs: found,
    epochs: epochRows,
    checkpoints: checkpointRows,
    prunes: pruneRows,
    evaluations: evaluationRows,
  };
}

/** One model on the frontier: an unpruned training run, a retrained pruned model, or an evaluated pruned model. */
export interface FrontierRow {
  runId: number;
  kind: RunKind;
  simulated: boolean;
  /** The prune this model came from (retrained or evaluated), null for an unpruned model. */
  pruneRunId: number | null;
  threshold: number | null;
  paramRatio: number | null;
  /** The model it was pruned from. */
  sourceRunId: number | null;
  epoch: number;
  map: number;
  sizeBytes: number;
}

/** Which model each device runs now: its latest successful deployment. */
export interface CurrentDeploymentRow {
  device: string;
  sourceRunId: number;
  epoch: number;
  precision: string;
  throughputQps: number | null;
  latencyMeanMs: number | null;
  deployRunId: number;
}

/** The SQL of `loadFrontierRows` (the benchmark explains it). */
export function frontierRowsSql(model: string): SQL {
  return sql`
    with recursive lineage(run_id, prune_run_id) as (
      select r.id, case when r.kind = 'retrain' then r.parent_run_id end
      from runs r where r.model = ${model} and r.kind in ('train', 'retrain')
      union
      select t.id, p.run_id from lineage l
      join prune_results p on p.source_run_id = l.run_id
      join runs t on t.parent_run_id = p.run_id and t.kind = 'retrain'
    ),
    variants as (select distinct on (run_id) run_id, prune_run_id from lineage order by run_id, prune_run_id)
    select l.run_id as "runId", r.kind::text as kind, r.simulated, p.run_id as "pruneRunId", p.threshold,
      p.param_ratio as "paramRatio", p.source_run_id as "sourceRunId", b.epoch, b.map, b.bytes::float8 as "sizeBytes"
    from variants l
    join runs r on r.id = l.run_id and r.state = 'succeeded'
    cross join lateral (
      select e.epoch, e.map, c.bytes from epochs e
      join checkpoints c on c.run_id = e.run_id and c.epoch = e.epoch and c.deleted_at is null
      where e.run_id = l.run_id and e.map is not null
      order by e.map desc, e.epoch
      limit 1
    ) b
    left join prune_results p on p.run_id = l.prune_run_id
    union all
    select pr.id, 'prune', pr.simulated, p.run_id, p.threshold, p.param_ratio, p.source_run_id, ev.epoch, ev.map,
      p.size_bytes::float8
    from prune_results p
    join runs pr on pr.id = p.run_id and pr.state = 'succeeded'
    join lateral (
      select v.epoch, v.map from evaluations v where v.source_run_id = p.run_id and v.map is not null
      order by v.map desc limit 1
    ) ev on true
    where p.source_run_id in (select run_id from lineage) and p.size_bytes is not null
    order by 1`;
}

/**
 * Every succeeded model of `model`'s lineage with its best checkpoint (validated and saved; ties to the earlier
 * epoch) and size, plus pruned models that were evaluated without retraining.
 */
export function loadFrontierRows(db: Db, model: string): Promise<FrontierRow[]> {
  return rowsOf<FrontierRow>(db, frontierRowsSql(model));
}

/** The SQL of `loadCurrentDeployments` (the benchmark explains it). */
export function currentDeploymentsSql(): SQL {
  return sql`
    select distinct on (d.device) d.device, d.source_run_id as "sourceRunId", d.epoch, d.precision,
      d.throughput_qps as "throughputQps", d.latency_mean_ms as "latencyMeanMs", d.run_id as "deployRunId"
    from deployments d join runs r on r.id = d.run_id
    where r.state = 'succeeded'
    order by d.device, r.finished_at desc nulls last, d.run_id desc`;
}

/** The latest successful deployment on every device. */
export function loadCurrentDeployments(db: Db): Promise<CurrentDeploymentRow[]> {
  return rowsOf<CurrentDeploymentRow>(db, currentDeploymentsSql());
}
