import type { StoredEpoch } from '../../db/repositories/metrics.js';
import type { Run } from '../../db/repositories/runs.js';
import type { ChartRenderer } from '../charts/render.js';
import { buildTrainingCurve } from '../charts/training-curve.js';
import type { RunCharts } from './run-charts.js';

/** The run charts over the chart builders and one renderer (a PNG file, or a QuickChart URL). */
export function createRunCharts(renderer: ChartRenderer): RunCharts {
  return {
    async trainingCurve(run: Run, epochs: readonly StoredEpoch[], bestEpoch: number | null) {
      if (epochs.length === 0) return null;
      const spec = buildTrainingCurve({
        runId: run.id,
        model: run.model,
        simulated: run.simulated,
        totalEpochs: run.numEpochs ?? epochs.length,
        points: epochs.map((e) => ({
          epoch: e.epoch,
          loss: e.loss,
          map: e.map,
          validationLoss: e.validationLoss,
        })),
        bestEpoch: bestEpoch ?? undefined,
      });
      if (!spec.ok) return null;
      const last = epochs[epochs.length - 1]?.epoch ?? 0;
      const rendered = await renderer.render(
        spec.value,
        `run-${run.id}-epoch-${String(last).padStart(4, '0')}`,
      );
      return rendered.kind === 'file' ? { path: rendered.path } : { url: rendered.url };
    },
  };
}
