import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { checkpoints, epochs, fileOffsets } from '../schema.js';

export type EpochRow = typeof epochs.$inferInsert;
export type StoredEpoch = typeof epochs.$inferSelect;
export type CheckpointRow = typeof checkpoints.$inferInsert;

/**
 * Stores epochs in one statement. (run, epoch) is the key: a row seen again (a restart re-reading a file, the
 * CSV and status.json both reporting the epoch) fills in what was missing and never adds a second row.
 */
export async function upsertEpochs(db: Db, rows: readonly EpochRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(epochs)
    .values([...rows])
    .onConflictDoUpdate({
      target: [epochs.runId, epochs.epoch],
      set: {
        loss: sql`coalesce(excluded.loss, ${epochs.loss})`,
        lr: sql`coalesce(excluded.lr, ${epochs.lr})`,
        map: sql`coalesce(excluded.map, ${epochs.map})`,
        validationLoss: sql`coalesce(excluded.validation_loss, ${epochs.validationLoss})`,
        ap: sql`${epochs.ap} || excluded.ap`,
        epochSeconds: sql`coalesce(excluded.epoch_seconds, ${epochs.epochSeconds})`,
      },
    });
}

export async function listEpochs(db: Db, runId: number): Promise<StoredEpoch[]> {
  return db.select().from(epochs).where(eq(epochs.runId, runId)).orderBy(asc(epochs.epoch));
}

export async function upsertCheckpoints(db: Db, rows: readonly CheckpointRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(checkpoints)
    .values([...rows])
    .onConflictDoUpdate({
      target: [checkpoints.runId, checkpoints.epoch],
      set: { path: sql`excluded.path`, bytes: sql`excluded.bytes` },
    });
}

export async function listCheckpoints(db: Db, runId: number, options: { includeDeleted?: boolean } = {}) {
  return db
    .select()
    .from(checkpoints)
    .where(
      and(eq(checkpoints.runId, runId), options.includeDeleted ? undefined : isNull(checkpoints.deletedAt)),
    )
    .orderBy(asc(checkpoints.epoch));
}

export async function getOffsets(db: Db, runId: number): Promise<Map<string, number>> {
  const rows = await db.select().from(fileOffsets).where(eq(fileOffsets.runId, runId));
  return new Map(rows.map((row) => [row.file, row.offset]));
}

export async function saveOffsets(
  db: Db,
  runId: number,
  offsets: ReadonlyMap<string, number>,
): Promise<void> {
  if (offsets.size === 0) return;
  await db
    .insert(fileOffsets)
    .values([...offsets].map(([file, offset]) => ({ runId, file, offset })))
    .onConflictDoUpdate({
      target: [fileOffsets.runId, fileOffsets.file],
      set: { offset: sql`excluded.offset`, updatedAt: sql`now()` },
    });
}
