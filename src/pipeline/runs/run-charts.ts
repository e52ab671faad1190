import type { StoredEpoch } from '../../db/repositories/metrics.js';
import type { Run } from '../../db/repositories/runs.js';

export type ChartRef = { path?: string; url?: string };

/** The charts a run posts, as a port: the composition root wires the chart builders and the renderer. */
export interface RunCharts {
  /** mAP and loss per epoch; null when there is nothing to draw yet. */
  trainingCurve(run: Run, epochs: readonly StoredEpoch[], bestEpoch: number | null): Promise<ChartRef | null>;
  /** Size and parameter ratio by pruning threshold, for a sweep. */
  pruneSweep(
    run: Run,
    points: ReadonlyArray<{ threshold: number; sizeMb: number; paramRatio: number }>,
    unprunedSizeMb?: number,
  ): Promise<ChartRef | null>;
  /** mAP curves of several runs overlaid (retrained vs unpruned). */
  compare(
    runs: ReadonlyArray<{ run: Run; epochs: readonly StoredEpoch[] }>,
    fileStem: string,
  ): Promise<ChartRef | null>;
}
