/**
 * The best checkpoint of a run (design §5): the highest mAP among epochs that were both validated and saved
 * (checkpoint_interval and the validation period need not agree); ties go to the earlier epoch. The runner-up
 * and the flatness of the curve come with it, so the suggestion is explained, not asserted.
 */
export interface ValidatedEpoch {
  epoch: number;
  map: number;
}

export interface BestCheckpoint {
  best: { epoch: number; map: number; path: string; bytes: number };
  runnerUp: { epoch: number; map: number; path: string } | null;
  /** Validated epochs whose checkpoint was not kept: their mAP cannot be had back. */
  unsavedBetter: ValidatedEpoch[];
  /** mAP spread over the last three validations: small means the curve has flattened. */
  recentSpread: number | null;
  validatedCount: number;
}

export function findBestCheckpoint(
  validated: readonly ValidatedEpoch[],
  saved: ReadonlyArray<{ epoch: number; path: string; bytes: number }>,
): BestCheckpoint | null {
  const byEpoch = new Map(saved.map((c) => [c.epoch, c]));
  const candidates = validated
    .filter((v) => Number.isFinite(v.map) && byEpoch.has(v.epoch))
    .sort((a, b) => b.map - a.map || a.epoch - b.epoch);
  const top = candidates[0];
  if (!top) return null;
  const second = candidates[1];
  const checkpoint = byEpoch.get(top.epoch) as { path: string; bytes: number };
  const ordered = [...validated].sort((a, b) => a.epoch - b.epoch);
  const recent = ordered.slice(-3).map((v) => v.map);
  return {
    best: { epoch: top.epoch, map: top.map, path: checkpoint.path, bytes: checkpoint.bytes },
    runnerUp: second
      ? { epoch: second.epoch, map: second.map, path: byEpoch.get(second.epoch)?.path ?? '' }
      : null,
    unsavedBetter: validated.filter((v) => v.map > top.map && !byEpoch.has(v.epoch)),
    recentSpread: recent.length >= 3 ? Math.max(...recent) - Math.min(...recent) : null,
    validatedCount: validated.length,
  };
}
