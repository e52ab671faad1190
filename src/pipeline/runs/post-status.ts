import { statusCard } from '../../bot/cards/run-cards.js';
import type { Card } from '../../bot/core/types.js';
import type { Db } from '../../db/client.js';
import { type Approval, approvalOfRun } from '../../db/repositories/approvals.js';
import { listEpochs, type StoredEpoch } from '../../db/repositories/metrics.js';
import { getRun, type Run } from '../../db/repositories/runs.js';
import type { Notifier } from '../notify/notifier.js';
import { summarizeProgress } from './progress.js';
import type { RunMachines, StepHandle } from './start-run.js';

/**
 * A run's live status card (pure): epochs and timings for a training, the step it is at for a multi-step run,
 * and who approved it where an approval started it.
 */
export function runStatusCard(
  run: Run,
  epochs: readonly StoredEpoch[],
  machines: RunMachines | undefined,
  approval: Approval | undefined,
): Card {
  const card = statusCard(run, summarizeProgress(epochs, run.numEpochs ?? epochs.length));
  const steps = machines?.steps ?? [];
  if (steps.length > 1) {
    const step = (run.processHandle as StepHandle | null)?.step ?? 0;
    card.progress = { current: run.state === 'succeeded' ? steps.length : step, total: steps.length };
    card.lines = [
      `step ${Math.min(step + 1, steps.length)}/${steps.length}: ${steps[step]?.name ?? '—'}`,
      `steps: ${steps.map((s) => s.name).join(' → ')}`,
    ];
    card.fields = card.fields?.filter((f) => f.label === 'Server');
  }
  // The approval card often becomes the run's status card: keep who decided on it for everyone to see.
  if (approval?.decidedBy) {
    card.fields?.push({ label: 'Approved by', value: `${approval.decidedBy} (request #${approval.id})` });
  }
  return card;
}

/** Posts or edits a run's status card; prunes and evaluations have none (their result card says it all). */
export async function postRunStatus(
  deps: { db: Db; notifier: Notifier },
  runId: number,
  machines: RunMachines | undefined,
): Promise<void> {
  const run = await getRun(deps.db, runId);
  if (!run || run.kind === 'prune' || run.kind === 'evaluate') return;
  const epochs = await listEpochs(deps.db, runId);
  const approval =
    run.kind === 'retrain' || run.kind === 'deploy' ? await approvalOfRun(deps.db, run.id) : undefined;
  await deps.notifier.status(run, runStatusCard(run, epochs, machines, approval));
}
