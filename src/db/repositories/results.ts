import { and, desc, eq, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../client.js';
import { deployments, evaluations, pruneResults, runs } from '../schema.js';

export type PruneResult = typeof pruneResults.$inferSelect;
export type Deployment = typeof deployments.$inferSelect;
export type Evaluation = typeof evaluations.$inferSelect;

/** Results are keyed by their run: recording one again after a restart replaces it, never duplicates it. */
export async function savePruneResult(db: Db, row: typeof pruneResults.$inferInsert): Promise<void> {
  await db.insert(pruneResults).values(row).onConflictDoUpdate({ target: pruneResults.runId, set: row });
}

export async function saveEvaluation(db: Db, row: typeof evaluations.$inferInsert): Promise<void> {
  await db.insert(evaluations).values(row).onConflictDoUpdate({ target: evaluations.runId, set: row });
}

export async function saveDeployment(db: Db, row: typeof deployments.$inferInsert): Promise<void> {
  await db.insert(deployments).values(row).onConflictDoUpdate({ target: deployments.runId, set: row });
}

export async function getPruneResult(db: Db, runId: number): Promise<PruneResult | undefined> {
  const [row] = await db.select().from(pruneResults).where(eq(pruneResults.runId, runId));
  return row;
}

export async function getEvaluation(db: Db, runId: number): Promise<Evaluation | undefined> {
  const [row] = await db.select().from(evaluations).where(eq(evaluations.runId, runId));
  return row;
}

export async function getDeployment(db: Db, runId: number): Promise<Deployment | undefined> {
  const [row] = await db.select().from(deployments).where(eq(deployments.runId, runId));
  return row;
}

/** The prune results of the runs of one sweep, in threshold order. */
export async function listSweepResults(db: Db, sweepId: string) {
  return db
    .select({ result: pruneResults, run: runs })
    .from(runs)
    .leftJoin(pruneResults, eq(pruneResults.runId, runs.id))
    .where(and(eq(runs.kind, 'prune'), sql`${runs.params}->>'sweepId' = ${sweepId}`))
    .orderBy(pruneResults.threshold, runs.id);
}

/**
 * A model's pruning history for the threshold suggestion: every prune result, with the best mAP of the unpruned
 * run it came from and of the best retrain made from it (null when it was never retrained).
 */
export async function pruneHistory(db: Db, model: string) {
  const result = await db.execute(sql`
    select p.threshold, p.param_ratio, p.size_bytes,
           (select max(e.map) from epochs e where e.run_id = p.source_run_id) as source_map,
           (select max(e.map) from runs r join epochs e on e.run_id = r.id
             where r.kind = 'retrain' and r.parent_run_id = p.run_id and r.state = 'succeeded') as retrained_map
    from prune_results p join runs pr on pr.id = p.run_id
    where pr.model = ${model} and pr.state = 'succeeded'
    order by p.threshold`);
  const rows = rowsOf<{
    threshold: number;
    param_ratio: number | null;
    size_bytes: number | null;
    source_map: number | null;
    retrained_map: number | null;
  }>(result);
  return rows.map((row) => ({
    threshold: Number(row.threshold),
    paramRatio: row.param_ratio === null ? null : Number(row.param_ratio),
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    mapDrop:
      row.source_map !== null && row.retrained_map !== null
        ? Number(row.source_map) - Number(row.retrained_map)
        : null,
  }));
}

export async function latestDeployments(db: Db, limit = 20) {
  return db.select().from(deployments).orderBy(desc(deployments.createdAt)).limit(limit);
}
