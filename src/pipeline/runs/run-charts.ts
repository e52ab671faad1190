import type { StoredEpoch } from '../../db/repositories/metrics.js';
import type { Run } from '../../db/repositories/runs.js';

/** The charts a run posts, as a port: the composition root wires the chart builders and the renderer. */
export interface RunCharts {
  /** mAP and loss per epoch; null when there is nothing to draw yet. */
  trainingCurve(
    run: Run,
    epochs: readonly StoredEpoch[],
    bestEpoch: number | null,
  ): Promise<{ path?: string; url?: string } | null>;
}
