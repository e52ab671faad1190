import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type RunEvent, type RunKind, type RunState, transition } from '../../pipeline/runs/run-state.js';
import { err, ok, type Result } from '../../shared/result.js';
import type { Db } from '../client.js';
import { runEvents, runs } from '../schema.js';

export type Run = typeof runs.$inferSelect;
export type NewRun = typeof runs.$inferInsert;

export async function insertRun(db: Db, run: NewRun): Promise<Run> {
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(runs).values(run).returning();
    if (!created) throw new Error('insert into runs returned no row');
    await tx
      .insert(runEvents)
      .values({ runId: created.id, type: 'created', toState: created.state, data: {} });
    return created;
  });
}

export async function getRun(db: Db, id: number): Promise<Run | undefined> {
  const [run] = await db.select().from(runs).where(eq(runs.id, id));
  return run;
}

export async function listRuns(
  db: Db,
  options: { limit?: number; states?: RunState[]; kind?: RunKind } = {},
) {
  const filters = [
    options.states ? inArray(runs.state, options.states) : undefined,
    options.kind ? eq(runs.kind, options.kind) : undefined,
  ].filter((f) => f !== undefined);
  return db
    .select()
    .from(runs)
    .where(filters.length > 0 ? and(...filters) : undefined)
    .orderBy(desc(runs.id))
    .limit(options.limit ?? 20);
}

export async function listRunsInStates(db: Db, states: readonly RunState[]): Promise<Run[]> {
  return db
    .select()
    .from(runs)
    .where(inArray(runs.state, [...states]))
    .orderBy(runs.id);
}

export type TransitionPatch = Partial<
  Pick<
    Run,
    | 'processHandle'
    | 'exitCode'
    | 'error'
    | 'logTail'
    | 'startedAt'
    | 'finishedAt'
    | 'resultsDir'
    | 'argv'
    | 'gpuIndices'
    | 'result'
    | 'specSnapshot'
    | 'specHash'
  >
>;

/**
 * Moves a run on by an event with a state-guarded update (`where state = <the state we read>`) and appends the
 * event, in one transaction: two replicas or two clicks racing on the same run cannot both move it.
 */
export async function transitionRun(
  db: Db,
  id: number,
  event: RunEvent,
  patch: TransitionPatch = {},
  data: Record<string, unknown> = {},
): Promise<Result<Run, string>> {
  const current = await getRun(db, id);
  if (!current) return err(`there is no run #${id}`);
  const next = transition(current.state, event);
  if (!next.ok) return err(`run #${id}: ${next.error.message}`);
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(runs)
      .set({ ...patch, state: next.value, updatedAt: sql`now()` })
      .where(and(eq(runs.id, id), eq(runs.state, current.state)))
      .returning();
    if (!updated) return err(`run #${id} changed while it was being updated; try again`);
    await tx.insert(runEvents).values({
      runId: id,
      type: event,
      fromState: current.state,
      toState: next.value,
      data,
    });
    return ok(updated);
  });
}

/** Updates fields that are not the state (handles, results), without touching the lifecycle. */
export async function patchRun(db: Db, id: number, patch: TransitionPatch): Promise<void> {
  await db
    .update(runs)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(runs.id, id));
}

export async function appendRunEvent(
  db: Db,
  runId: number,
  type: string,
  data: Record<string, unknown> = {},
) {
  await db.insert(runEvents).values({ runId, type, data });
}

export async function listRunEvents(db: Db, runId: number) {
  return db.select().from(runEvents).where(eq(runEvents.runId, runId)).orderBy(runEvents.id);
}
