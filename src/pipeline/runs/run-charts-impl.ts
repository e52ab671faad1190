import type { StoredEpoch } from '../../db/repositories/metrics.js';
import { buildCompareRuns } from '../charts/compare-runs.js';
import { buildPruneSweep } from '../charts/prune-sweep.js';
import type { ChartRenderer } from '../charts/render.js';
import { buildTrainingCurve } from '../charts/training-curve.js';
import type { ChartSpec } from '../charts/types.js';
import type { ChartRef, RunCharts } from './run-charts.js';

const points = (epochs: readonly StoredEpoch[]) =>
  epochs.map((e) => ({
    epoch: e.epoch,
    loss: e.loss,
    map: e.map,
    validationLoss: e.validationLoss,
    epochSeconds: e.epochSeconds,
  }));

/** The run charts over the chart builders and one renderer (a PNG file, or a QuickChart URL). */
export function createRunCharts(renderer: ChartRenderer): RunCharts {
  const render = async (
    spec: { ok: true; value: ChartSpec } | { ok: false },
    stem: string,
  ): Promise<ChartRef | null> => {
    if (!spec.ok) return null;
    const rendered = await renderer.render(spec.value, stem);
    return rendered.kind === 'file' ? { path: rendered.path } : { url: rendered.url };
  };
  return {
    async trainingCurve(run, epochs, bestEpoch) {
      if (epochs.length === 0) return null;
      const last = epochs[epochs.length - 1]?.epoch ?? 0;
      return render(
        buildTrainingCurve({
          runId: run.id,
          model: run.model,
          simulated: run.simulated,
          totalEpochs: run.numEpochs ?? epochs.length,
          points: points(epochs),
          bestEpoch: bestEpoch ?? undefined,
        }),
        `run-${run.id}-epoch-${String(last).padStart(4, '0')}`,
      );
    },
    async pruneSweep(run, sweep, unprunedSizeMb) {
      return render(
        buildPruneSweep({
          runId: run.id,
          model: run.model,
          simulated: run.simulated,
          unprunedSizeMb,
          points: sweep,
        }),
        `sweep-run-${run.id}`,
      );
    },
    async compare(runs, fileStem) {
      return render(
        buildCompareRuns({
          runs: runs.map(({ run, epochs }) => ({
            runId: run.id,
            model: run.model,
            simulated: run.simulated,
            points: points(epochs),
          })),
        }),
        fileStem,
      );
    },
  };
}
