import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { upsertCheckpoints, upsertEpochs } from '../db/repositories/metrics.js';
import { insertRun, type Run } from '../db/repositories/runs.js';
import { runEvents, runs } from '../db/schema.js';
import type { ResultsScan } from './scan-results.js';

/**
 * Stores an imported results folder as a finished training run with its epochs and checkpoints, so history
 * feeds suggestions and summaries. Importing the same folder again updates that run instead of adding one.
 */
export async function storeScan(
  db: Db,
  scan: ResultsScan,
  options: { model: string; requestedBy: string },
): Promise<{ run: Run; created: boolean }> {
  const [existing] = await db
    .select()
    .from(runs)
    .where(and(eq(runs.kind, 'train'), sql`${runs.params}->>'importedFrom' = ${scan.dir}`));
  const state = scan.finished === false ? ('failed' as const) : ('succeeded' as const);
  const lastEpoch = scan.epochs[scan.epochs.length - 1]?.epoch ?? null;
  const run =
    existing ??
    (await insertRun(db, {
      kind: 'train',
      model: options.model,
      network: scan.network ?? 'ssd',
      server: 'imported',
      gpus: 1,
      state,
      numEpochs: lastEpoch,
      params: { importedFrom: scan.dir, classes: scan.classes },
      simulated: scan.simulated,
      requestedBy: options.requestedBy,
      platform: 'shell',
      channelId: 'import',
      resultsDir: scan.dir,
      error: scan.error,
      finishedAt: new Date(),
    }));
  if (existing)
    await db.insert(runEvents).values({ runId: run.id, type: 'reimported', data: { dir: scan.dir } });
  await upsertEpochs(
    db,
    scan.epochs.map((e) => ({ runId: run.id, ...e, ap: e.ap ?? {} })),
  );
  await upsertCheckpoints(
    db,
    scan.checkpoints.map((c) => ({ runId: run.id, ...c })),
  );
  return { run, created: !existing };
}
