import type { Db } from '../../db/client.js';
import { listCheckpoints, listEpochs } from '../../db/repositories/metrics.js';
import { getRun, type Run } from '../../db/repositories/runs.js';
import { findBestCheckpoint } from '../../pipeline/suggest/best-checkpoint.js';
import { err, ok, type Result } from '../../shared/result.js';

/** A run's checkpoint to work from: the epoch asked for, or the best one (highest mAP among validated and saved). */
export async function checkpointOf(
  db: Db,
  runId: number,
  epoch?: number,
): Promise<Result<{ run: Run; epoch: number; path: string; bytes: number; map: number | null }, string>> {
  const run = await getRun(db, runId);
  if (!run) return err(`there is no run #${runId}; see /runs`);
  if (run.kind !== 'train' && run.kind !== 'retrain')
    return err(`run #${runId} is a ${run.kind} run: give a training run`);
  if (run.state !== 'succeeded') return err(`run #${runId} is ${run.state}: wait until it has succeeded`);
  const checkpoints = await listCheckpoints(db, runId);
  const epochs = await listEpochs(db, runId);
  if (epoch !== undefined) {
    const checkpoint = checkpoints.find((c) => c.epoch === epoch);
    if (!checkpoint) {
      return err(
        `run #${runId} kept no checkpoint of epoch ${epoch}; saved epochs: ${checkpoints.map((c) => c.epoch).join(', ') || 'none'}`,
      );
    }
    return ok({
      run,
      epoch,
      path: checkpoint.path,
      bytes: checkpoint.bytes,
      map: epochs.find((e) => e.epoch === epoch)?.map ?? null,
    });
  }
  const best = findBestCheckpoint(
    epochs.filter((e) => e.map !== null).map((e) => ({ epoch: e.epoch, map: e.map as number })),
    checkpoints,
  );
  if (!best) return err(`run #${runId} has no checkpoint that was both validated and saved: give an epoch`);
  return ok({
    run,
    epoch: best.best.epoch,
    path: best.best.path,
    bytes: best.best.bytes,
    map: best.best.map,
  });
}
