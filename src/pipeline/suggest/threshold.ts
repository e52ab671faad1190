import { interpolate, isotonicFit } from './monotone-fit.js';

/**
 * The pruning threshold to suggest for a model (design §5): from its history of (threshold → parameter ratio,
 * size, mAP drop after retraining), the largest threshold whose predicted drop stays within the accepted loss
 * and whose size fits the device where that is known. The evidence comes with the number.
 */
export interface PruneHistoryPoint {
  threshold: number;
  /** Pruned / original parameter count (TAO's pruning ratio). */
  paramRatio: number | null;
  sizeBytes: number | null;
  /** Unpruned best mAP minus retrained best mAP; null when the prune was never retrained. */
  mapDrop: number | null;
}

export interface ThresholdSuggestion {
  threshold: number;
  /** How it was chosen, in one sentence. */
  reason: string;
  basis: 'default' | 'history';
  predictedDrop: number | null;
  predictedSizeBytes: number | null;
  /** The fitted curve at the thresholds seen: the table people are shown. */
  evidence: Array<{
    threshold: number;
    observedDrops: number[];
    fittedDrop: number | null;
    sizeBytes: number | null;
    paramRatio: number | null;
  }>;
  /** Thresholds worth a sweep to learn more. */
  sweep: number[];
}

export const TAO_DEFAULT_THRESHOLD = 0.1;

export function suggestThreshold(
  history: readonly PruneHistoryPoint[],
  maxMapDrop: number,
  options: { maxSizeBytes?: number } = {},
): ThresholdSuggestion {
  const retrained = history.filter((p) => p.mapDrop !== null && Number.isFinite(p.threshold));
  const evidence = evidenceTable(history, retrained);
  if (retrained.length === 0) {
    return {
      threshold: TAO_DEFAULT_THRESHOLD,
      reason: `no retrained prune of this model yet: TAO's default ${TAO_DEFAULT_THRESHOLD}, and a sweep to learn the curve`,
      basis: 'default',
      predictedDrop: null,
      predictedSizeBytes: null,
      evidence,
      sweep: [0.1, 0.2, 0.3],
    };
  }
  const dropCurve = isotonicFit(retrained.map((p) => ({ x: p.threshold, y: p.mapDrop as number })));
  // Size only shrinks as the threshold rises: fit the negated sizes with the same non-decreasing fit.
  const sized = history.filter((p) => p.sizeBytes !== null);
  const sizeCurve = isotonicFit(sized.map((p) => ({ x: p.threshold, y: -(p.sizeBytes as number) })));
  const sizeAt = (t: number) => {
    const value = interpolate(sizeCurve, t);
    return value === null ? null : -value;
  };
  const withinDrop = dropCurve
    .map((point) => point.x)
    .filter((t) => (interpolate(dropCurve, t) as number) <= maxMapDrop);
  const candidates = withinDrop.filter(
    (t) =>
      options.maxSizeBytes === undefined || (sizeAt(t) ?? Number.POSITIVE_INFINITY) <= options.maxSizeBytes,
  );
  const highestTried = dropCurve[dropCurve.length - 1]?.x ?? TAO_DEFAULT_THRESHOLD;
  if (candidates.length === 0 && withinDrop.length > 0) {
    const highest = Math.max(...withinDrop);
    return {
      threshold: highest,
      reason: `no threshold that keeps the drop within ${maxMapDrop} makes the model small enough for the device (${fmtMb(options.maxSizeBytes)}): a higher threshold costs accuracy`,
      basis: 'history',
      predictedDrop: interpolate(dropCurve, highest),
      predictedSizeBytes: sizeAt(highest),
      evidence,
      sweep: [round(highest + 0.05), round(highest + 0.1)].filter((t) => t <= 1),
    };
  }
  if (candidates.length === 0) {
    const lowest = dropCurve[0]?.x ?? TAO_DEFAULT_THRESHOLD;
    const lower = Math.max(0.01, round(lowest / 2));
    return {
      threshold: lower,
      reason: `every threshold tried (from ${lowest}) lost more than ${maxMapDrop} mAP after retraining: try a lower one`,
      basis: 'history',
      predictedDrop: null,
      predictedSizeBytes: sizeAt(lower),
      evidence,
      sweep: [round(lower / 2), lower, round((lower + lowest) / 2)].filter(
        (t, i, all) => t > 0 && all.indexOf(t) === i,
      ),
    };
  }
  const best = Math.max(...candidates);
  const predicted = interpolate(dropCurve, best);
  const explored = best >= highestTried;
  return {
    threshold: best,
    reason: explored
      ? `the highest threshold tried (${best}) kept the drop within ${maxMapDrop}; higher ones are untested`
      : `the largest threshold whose fitted mAP drop (${fmt(predicted)}) stays within ${maxMapDrop}`,
    basis: 'history',
    predictedDrop: predicted,
    predictedSizeBytes: sizeAt(best),
    evidence,
    sweep: explored ? [round(best + 0.05), round(best + 0.1), round(best + 0.2)].filter((t) => t <= 1) : [],
  };
}

function evidenceTable(history: readonly PruneHistoryPoint[], retrained: readonly PruneHistoryPoint[]) {
  const curve = isotonicFit(retrained.map((p) => ({ x: p.threshold, y: p.mapDrop as number })));
  const thresholds = [...new Set(history.map((p) => p.threshold))].sort((a, b) => a - b);
  return thresholds.map((threshold) => {
    const at = history.filter((p) => p.threshold === threshold);
    const sizes = at.map((p) => p.sizeBytes).filter((s): s is number => s !== null);
    const ratios = at.map((p) => p.paramRatio).filter((r): r is number => r !== null);
    return {
      threshold,
      observedDrops: at.map((p) => p.mapDrop).filter((d): d is number => d !== null),
      fittedDrop: curve.length > 0 ? interpolate(curve, threshold) : null,
      sizeBytes: sizes.length > 0 ? sizes.reduce((a, b) => a + b, 0) / sizes.length : null,
      paramRatio: ratios.length > 0 ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null,
    };
  });
}

const round = (n: number) => Math.round(n * 100) / 100;
const fmt = (n: number | null) => (n === null ? '—' : n.toFixed(4));
const fmtMb = (bytes: number | undefined) =>
  bytes === undefined ? '—' : `at most ${(bytes / 2 ** 20).toFixed(1)} MB`;
