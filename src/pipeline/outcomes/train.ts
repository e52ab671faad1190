import { bestCheckpointCard } from '../../bot/cards/run-cards.js';
import { listCheckpoints, listEpochs } from '../../db/repositories/metrics.js';
import type { Run } from '../../db/repositories/runs.js';
import { findBestCheckpoint } from '../suggest/best-checkpoint.js';
import type { OutcomeContext, OutcomeHandler } from './types.js';

/** The best checkpoint of a finished training run, its chart and the next step (design §5). */
export async function announceBestCheckpoint(context: OutcomeContext, run: Run): Promise<void> {
  const epochs = await listEpochs(context.db, run.id);
  const checkpoints = await listCheckpoints(context.db, run.id);
  const saved = new Set(checkpoints.map((c) => c.epoch));
  const validated = epochs
    .filter((e) => e.map !== null)
    .map((e) => ({ epoch: e.epoch, map: e.map as number, saved: saved.has(e.epoch) }));
  const best = findBestCheckpoint(validated, checkpoints);
  const disk = checkpoints.reduce((sum, c) => sum + c.bytes, 0);
  const chart = await context.charts.trainingCurve(run, epochs, best?.best.epoch ?? null);
  const card = bestCheckpointCard(run, best, validated, disk, context.config.models[run.model]?.targetMap);
  if (chart?.url) card.image = { url: chart.url, alt: 'mAP and loss per epoch' };
  await context.notifier.post(run, card, { mirror: true });
  if (chart?.path)
    await context.notifier.image(run, { path: chart.path, title: `Run #${run.id}: mAP and loss per epoch` });
}

/** Epochs and checkpoints were stored while the run went: nothing more to record. */
export const trainOutcome: OutcomeHandler = {
  async record() {},
  async announce(context, run) {
    await announceBestCheckpoint(context, run);
  },
};
