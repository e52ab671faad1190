import { type Comparison, comparisonCard } from '../../bot/cards/pipeline-cards.js';
import { listEpochs, type StoredEpoch } from '../../db/repositories/metrics.js';
import { getPruneResult } from '../../db/repositories/results.js';
import { getRun } from '../../db/repositories/runs.js';
import type { TrainParams } from '../steps/types.js';
import { announceBestCheckpoint } from './train.js';
import type { OutcomeHandler } from './types.js';

const bestOf = (epochs: readonly StoredEpoch[]) =>
  epochs
    .filter((e) => e.map !== null)
    .sort((a, b) => (b.map as number) - (a.map as number) || a.epoch - b.epoch)[0];
const meanSeconds = (epochs: readonly StoredEpoch[]) => {
  const timed = epochs.map((e) => e.epochSeconds).filter((s): s is number => s !== null);
  return timed.length > 0 ? timed.reduce((a, b) => a + b, 0) / timed.length : null;
};

/** A retrained pruned model: its best checkpoint, then side by side with the unpruned model it came from. */
export const retrainOutcome: OutcomeHandler = {
  async record() {},
  async announce(context, run) {
    await announceBestCheckpoint(context, run);
    const pruneRunId = (run.params as TrainParams).pruneRunId;
    const prune = pruneRunId ? await getPruneResult(context.db, pruneRunId) : undefined;
    if (!prune) return;
    const unprunedRun = await getRun(context.db, prune.sourceRunId);
    const unprunedEpochs = await listEpochs(context.db, prune.sourceRunId);
    const retrainedEpochs = await listEpochs(context.db, run.id);
    const before = bestOf(unprunedEpochs);
    const after = bestOf(retrainedEpochs);
    if (!before || !after || !unprunedRun) return;
    const comparison: Comparison = {
      unpruned: {
        runId: prune.sourceRunId,
        epoch: before.epoch,
        map: before.map as number,
        ap: before.ap,
        sizeBytes: prune.sourceSizeBytes,
        epochSeconds: meanSeconds(unprunedEpochs),
      },
      retrained: {
        runId: run.id,
        epoch: after.epoch,
        map: after.map as number,
        ap: after.ap,
        sizeBytes: prune.sizeBytes,
        epochSeconds: meanSeconds(retrainedEpochs),
      },
      paramRatio: prune.paramRatio,
      threshold: prune.threshold,
      maxMapDrop: context.config.pipeline.maxMapDrop,
    };
    const card = comparisonCard(
      run,
      comparison,
      context.config.devices.map((d) => d.name),
    );
    const chart = await context.charts.compare(
      [
        { run: unprunedRun, epochs: unprunedEpochs },
        { run, epochs: retrainedEpochs },
      ],
      `compare-${prune.sourceRunId}-${run.id}`,
    );
    if (chart?.url) card.image = { url: chart.url, alt: 'mAP per epoch, unpruned and retrained' };
    await context.notifier.post(run, card, { mirror: true });
    if (chart?.path)
      await context.notifier.image(run, {
        path: chart.path,
        title: `Run #${run.id} vs #${prune.sourceRunId}: mAP per epoch`,
      });
  },
};
