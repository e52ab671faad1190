import { type SQL, sql } from 'drizzle-orm';
import type { RunKind } from '../../pipeline/runs/run-state.js';
import type { Db } from '../client.js';

/**
 * The daily summary's SQL. Every figure is computed as of a point in time (`asOf`, the end of the period or now),
 * so a summary posted late says what an on-time one would have said. Times come back as epoch milliseconds and
 * numbers as float8/int4, because the two drivers disagree on how they parse timestamps and int8.
 */

/** Raw rows of a query; both drivers return `{ rows }` from `execute`. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A timestamptz parameter; an ISO string with a cast reads the same on both drivers. */
export const at = (instant: number) => sql`${new Date(instant).toISOString()}::timestamptz`;

/**
 * Runs that overlap `[from, to)`: not finished before it, and started (or, never started, finished) before its
 * end. Every way a run ends sets `finished_at`, and the first condition can use its index (unfinished runs are
 * the nulls of that index).
 */
const overlaps = (from: SQL, to: SQL) =>
  sql`(r.finished_at >= ${from} or r.finished_at is null) and (r.started_at < ${to} or r.finished_at < ${to})`;

/** `[from, to)` is the period; `now` is the present (a period may end in the future: "today"). */
export interface PeriodBounds {
  readonly from: number;
  readonly to: number;
  readonly now: number;
}

export interface UsageRow {
  server: string;
  kind: RunKind;
  simulated: boolean;
  started: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Running at the end of the period (or now, for a period not over yet). */
  running: number;
  gpuHours: number;
}

export interface BestMapRow {
  model: string;
  runId: number;
  kind: RunKind;
  simulated: boolean;
  epoch: number;
  map: number;
  checkpointPath: string;
  checkpointBytes: number;
}

export interface FailedRunRow {
  runId: number;
  kind: RunKind;
  model: string;
  server: string;
  simulated: boolean;
  error: string | null;
}

export interface PendingApprovalRow {
  id: number;
  kind: string;
  runId: number;
  model: string;
  requestedBy: string;
  createdAt: number;
  expiresAt: number;
}

export interface DiskRow {
  server: string;
  bytes: number;
  checkpoints: number;
  addedBytes: number;
  freedBytes: number;
}

const asOf = (bounds: PeriodBounds) => Math.min(bounds.to, bounds.now);

/** The SQL of `loadUsage` (the benchmark explains it). */
export function usageSql(bounds: PeriodBounds): SQL {
  const from = at(bounds.from);
  const to = at(bounds.to);
  const end = at(asOf(bounds));
  const now = at(bounds.now);
  return sql`
    select server, kind::text as kind, simulated,
      count(*) filter (where started_at >= ${from} and started_at < ${to})::int as started,
      count(*) filter (where state = 'succeeded' and finished_at >= ${from} and finished_at < ${to})::int as succeeded,
      count(*) filter (where state = 'failed' and finished_at >= ${from} and finished_at < ${to})::int as failed,
      count(*) filter (where state = 'cancelled' and finished_at >= ${from} and finished_at < ${to})::int as cancelled,
      count(*) filter (where started_at < ${end} and coalesce(finished_at, 'infinity') >= ${end})::int as running,
      coalesce(sum(gpus * greatest(0, extract(epoch from
        least(coalesce(finished_at, ${now}), ${end}) - greatest(started_at, ${from}))))
        filter (where started_at is not null), 0)::float8 / 3600 as "gpuHours"
    from runs r
    -- An imported results folder is history, not the period's activity (its finish time is the import's).
    where ${overlaps(from, to)} and r.params->>'importedFrom' is null
    group by server, kind, simulated
    order by server, kind, simulated`;
}

/** Runs started, ended and running, and GPU-hours inside the period, per server, kind and simulated-ness. */
export function loadUsage(db: Db, bounds: PeriodBounds): Promise<UsageRow[]> {
  return rowsOf<UsageRow>(db, usageSql(bounds));
}

/** The SQL of `loadBestMaps` (the benchmark explains it). */
export function bestMapsSql(bounds: PeriodBounds): SQL {
  const from = at(bounds.from);
  const to = at(bounds.to);
  const end = at(asOf(bounds));
  return sql`
    with active as (
      select r.id, r.model, r.kind, r.simulated from runs r
      where r.kind in ('train', 'retrain') and ${overlaps(from, to)} and r.started_at < ${to}
    )
    select distinct on (a.model) a.model, a.id as "runId", a.kind::text as kind, a.simulated, e.epoch, e.map,
      c.path as "checkpointPath", c.bytes::float8 as "checkpointBytes"
    from active a
    join epochs e on e.run_id = a.id and e.map is not null and e.recorded_at < ${end}
    join checkpoints c on c.run_id = e.run_id and c.epoch = e.epoch and c.created_at < ${end}
      and (c.deleted_at is null or c.deleted_at >= ${end})
    order by a.model, e.map desc, a.id, e.epoch`;
}

/**
 * Per model, the best checkpoint of the training and retraining runs active in the period: the highest mAP
 * among epochs validated and saved by the end of it (ties: earlier run, then earlier epoch), as in design §5.
 */
export function loadBestMaps(db: Db, bounds: PeriodBounds): Promise<BestMapRow[]> {
  return rowsOf<BestMapRow>(db, bestMapsSql(bounds));
}

/** The SQL of `loadFailures` (the benchmark explains it). */
export function failuresSql(bounds: PeriodBounds, limit = 10): SQL {
  return sql`
    select r.id as "runId", r.kind::text as kind, r.model, r.server, r.simulated,
      left(split_part(r.error, E'\n', 1), 160) as error
    from runs r
    where r.state = 'failed' and r.finished_at >= ${at(bounds.from)} and r.finished_at < ${at(bounds.to)}
    order by r.id desc limit ${limit}`;
}

/** Runs that failed in the period, newest first, with the first line of their error. */
export function loadFailures(db: Db, bounds: PeriodBounds, limit = 10): Promise<FailedRunRow[]> {
  return rowsOf<FailedRunRow>(db, failuresSql(bounds, limit));
}

/** The SQL of `loadPendingApprovals` (the benchmark explains it). */
export function pendingApprovalsSql(bounds: PeriodBounds, limit = 20): SQL {
  const end = at(asOf(bounds));
  return sql`
    select a.id, a.kind, a.run_id as "runId", r.model, a.requested_by as "requestedBy",
      (extract(epoch from a.created_at) * 1000)::float8 as "createdAt",
      (extract(epoch from a.expires_at) * 1000)::float8 as "expiresAt"
    from approvals a join runs r on r.id = a.run_id
    where a.created_at < ${end} and a.expires_at > ${end}
      and (a.state = 'pending' or a.decided_at >= ${end})
    order by a.created_at, a.id limit ${limit}`;
}

/** Approvals waiting for a decision at the end of the period, oldest first. */
export function loadPendingApprovals(
  db: Db,
  bounds: PeriodBounds,
  limit = 20,
): Promise<PendingApprovalRow[]> {
  return rowsOf<PendingApprovalRow>(db, pendingApprovalsSql(bounds, limit));
}

/** The SQL of `loadDisk` (the benchmark explains it). */
export function diskSql(bounds: PeriodBounds): SQL {
  const from = at(bounds.from);
  const to = at(bounds.to);
  const end = at(asOf(bounds));
  // Per run first, from two small index scans: checkpoints still on disk (an index-only scan), and those deleted
  // since the period began. Checkpoints deleted before it count for nothing here, and are most rows once
  // cleaned up. Then one row per run meets its server.
  return sql`
    with per_run as (
      select c.run_id, sum(c.bytes) filter (where c.created_at < ${end}) as bytes,
        count(*) filter (where c.created_at < ${end}) as files,
        sum(c.bytes) filter (where c.created_at >= ${from} and c.created_at < ${to}) as added, 0 as freed
      from checkpoints c where c.deleted_at is null
      group by c.run_id
      union all
      select c.run_id, sum(c.bytes) filter (where c.created_at < ${end} and c.deleted_at >= ${end}),
        count(*) filter (where c.created_at < ${end} and c.deleted_at >= ${end}),
        sum(c.bytes) filter (where c.created_at >= ${from} and c.created_at < ${to}),
        sum(c.bytes) filter (where c.deleted_at < ${to})
      from checkpoints c where c.deleted_at >= ${from}
      group by c.run_id
    )
    select r.server, coalesce(sum(d.bytes), 0)::float8 as bytes, coalesce(sum(d.files), 0)::int as checkpoints,
      coalesce(sum(d.added), 0)::float8 as "addedBytes", coalesce(sum(d.freed), 0)::float8 as "freedBytes"
    from per_run d join runs r on r.id = d.run_id
    group by r.server
    order by r.server`;
}

/** Checkpoint bytes on disk at the end of the period per server, and what the period added and freed. */
export function loadDisk(db: Db, bounds: PeriodBounds): Promise<DiskRow[]> {
  return rowsOf<DiskRow>(db, diskSql(bounds));
}

/** Runs per state and kind, for the metrics endpoint. */
export function countRunsByState(db: Db): Promise<Array<{ state: string; kind: string; runs: number }>> {
  return rowsOf(
    db,
    sql`select state::text as state, kind::text as kind, count(*)::int as runs from runs group by 1, 2`,
  );
}

/** Epoch rows stored: each (run, epoch) is ingested once, however often its files are read again. */
export async function countEpochs(db: Db): Promise<number> {
  const [row] = await rowsOf<{ epochs: number }>(db, sql`select count(*)::float8 as epochs from epochs`);
  return row?.epochs ?? 0;
}
