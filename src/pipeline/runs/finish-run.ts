import { bestCheckpointCard, failedCard } from '../../bot/cards/run-cards.js';
import type { Config } from '../../config/index.js';
import type { Db } from '../../db/client.js';
import { claimNotification } from '../../db/repositories/messages.js';
import { listCheckpoints, listEpochs } from '../../db/repositories/metrics.js';
import type { Run } from '../../db/repositories/runs.js';
import type { Notifier } from '../notify/notifier.js';
import { findBestCheckpoint } from '../suggest/best-checkpoint.js';
import type { RunCharts } from './run-charts.js';

/**
 * Says once how a run ended: the best-checkpoint card (in the thread and mirrored to the channel) and the final
 * chart for a success, the log tail for a failure. The claim comes first: however many replicas or restarts get
 * here, one posts.
 */
export async function announceFinish(
  deps: { db: Db; config: Config; notifier: Notifier; charts: RunCharts },
  run: Run,
  outcome: { ok: true } | { ok: false; logTail: string },
): Promise<void> {
  if (!(await claimNotification(deps.db, `final:${run.id}`, run.id))) return;
  if (!outcome.ok) {
    await deps.notifier.post(run, failedCard(run, outcome.logTail), { mirror: true });
    return;
  }
  const epochs = await listEpochs(deps.db, run.id);
  const checkpoints = await listCheckpoints(deps.db, run.id);
  const saved = new Set(checkpoints.map((c) => c.epoch));
  const validated = epochs
    .filter((e) => e.map !== null)
    .map((e) => ({ epoch: e.epoch, map: e.map as number, saved: saved.has(e.epoch) }));
  const best = findBestCheckpoint(validated, checkpoints);
  const disk = checkpoints.reduce((sum, c) => sum + c.bytes, 0);
  const chart = await deps.charts.trainingCurve(run, epochs, best?.best.epoch ?? null);
  const card = bestCheckpointCard(run, best, validated, disk, deps.config.models[run.model]?.targetMap);
  if (chart?.url) card.image = { url: chart.url, alt: 'mAP and loss per epoch' };
  await deps.notifier.post(run, card, { mirror: true });
  if (chart?.path)
    await deps.notifier.image(run, { path: chart.path, title: `Run #${run.id}: mAP and loss per epoch` });
}
