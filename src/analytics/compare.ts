import type { CompareFacts } from '../db/repositories/analytics-lineage.js';
import type { EpochPoint } from '../pipeline/charts/types.js';
import type { RunKind, RunState } from '../pipeline/runs/run-state.js';
import { findBestCheckpoint } from '../pipeline/suggest/best-checkpoint.js';

/** One run as `/compare` tabulates it. */
export interface ComparedRun {
  runId: number;
  kind: RunKind;
  model: string;
  state: RunState;
  simulated: boolean;
  /** The best checkpoint (validated and saved), else the best validated epoch (`saved: false`). */
  best: { epoch: number; map: number; saved: boolean } | null;
  /** Model size: the best checkpoint's file, else the pruned model's (prune and retrain runs). */
  sizeBytes: number | null;
  /** Prune threshold behind the run (its own prune, or its parent's for a retrain). */
  threshold: number | null;
  meanEpochSeconds: number | null;
  epochs: number;
  /** Per-class AP at the best epoch: from the training log, else from an evaluation of that checkpoint. */
  classAp: Record<string, number>;
  /** mAP per validated epoch, for the overlay chart. */
  points: EpochPoint[];
}

const finite = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

const nonEmpty = (ap: Record<string, number> | null | undefined): ap is Record<string, number> =>
  ap !== null && ap !== undefined && Object.keys(ap).length > 0;

/**
 * The runs of `/compare <run> <run>…` in the order asked, from what the database holds (pure). Ids with no
 * run come back in `missing`.
 */
export function compareRuns(
  facts: CompareFacts,
  ids: readonly number[],
): { runs: ComparedRun[]; missing: number[] } {
  const missing: number[] = [];
  const compared: ComparedRun[] = [];
  for (const id of [...new Set(ids)]) {
    const run = facts.runs.find((r) => r.id === id);
    if (!run) {
      missing.push(id);
      continue;
    }
    const epochs = facts.epochs.filter((e) => e.runId === id);
    const saved = facts.checkpoints.filter((c) => c.runId === id);
    const validated = epochs
      .filter((e) => finite(e.map))
      .map((e) => ({ epoch: e.epoch, map: e.map as number }));
    const bestSaved = findBestCheckpoint(validated, saved);
    const bestAny = [...validated].sort((a, b) => b.map - a.map || a.epoch - b.epoch)[0];
    const best = bestSaved
      ? { epoch: bestSaved.best.epoch, map: bestSaved.best.map, saved: true }
      : bestAny
        ? { ...bestAny, saved: false }
        : null;
    const prune = facts.prunes.find((p) => p.runId === (run.kind === 'prune' ? run.id : run.parentRunId));
    const timed = epochs.map((e) => e.epochSeconds).filter((s): s is number => finite(s) && s > 0);
    const atBest = best ? epochs.find((e) => e.epoch === best.epoch) : undefined;
    const evaluation =
      facts.evaluations.find((v) => v.sourceRunId === id && v.epoch === best?.epoch && nonEmpty(v.ap)) ??
      facts.evaluations
        .filter((v) => v.sourceRunId === id && nonEmpty(v.ap))
        .sort((a, b) => b.runId - a.runId)[0];
    compared.push({
      runId: id,
      kind: run.kind,
      model: run.model,
      state: run.state,
      simulated: run.simulated,
      best,
      sizeBytes: bestSaved?.best.bytes ?? prune?.sizeBytes ?? null,
      threshold: prune?.threshold ?? null,
      meanEpochSeconds: timed.length > 0 ? timed.reduce((sum, s) => sum + s, 0) / timed.length : null,
      epochs: epochs.length,
      classAp: nonEmpty(atBest?.ap) ? { ...atBest.ap } : evaluation ? { ...evaluation.ap } : {},
      points: epochs.map((e) => ({ epoch: e.epoch, map: e.map })),
    });
  }
  return { runs: compared, missing };
}

/** The classes to show as columns: every class any run has an AP for, in name order, at most `limit`. */
export function classColumns(runs: readonly ComparedRun[], limit = 6): string[] {
  return [...new Set(runs.flatMap((run) => Object.keys(run.classAp)))].sort().slice(0, limit);
}
