import { pruneCard, sweepCard } from '../../bot/cards/pipeline-cards.js';
import { claimNotification } from '../../db/repositories/messages.js';
import {
  getPruneResult,
  listSweepResults,
  pruneHistory,
  savePruneResult,
} from '../../db/repositories/results.js';
import { parseConsole } from '../parsers/console.js';
import { parseStatusJson } from '../parsers/status-json.js';
import { runPaths } from '../runs/launcher.js';
import { isTerminal } from '../runs/run-state.js';
import { prunedModelPath } from '../steps/plan-steps.js';
import type { PruneParams } from '../steps/types.js';
import { suggestThreshold } from '../suggest/threshold.js';
import type { OutcomeHandler } from './types.js';

/** A prune: TAO's parameter ratio, and the sizes of the model before and after, as a prune_results row. */
export const pruneOutcome: OutcomeHandler = {
  async record(context, run, machines) {
    const p = run.params as unknown as PruneParams;
    const executor = context.executorOf(machines, 0);
    const output = prunedModelPath(machines.server, run.id);
    const ratioFromConsole = parseConsole(await context.readStepLog(run, machines, 0)).events.find(
      (e) => e.kind === 'prune',
    );
    const status = await executor.read(
      `${runPaths(machines.server.workdir, run.id).resultsDir}/status.json`,
      0,
      1 << 20,
    );
    const kpi = status
      ? parseStatusJson(status.data.toString('utf8')).events.find((e) => e.kind === 'prune')
      : undefined;
    const sizeOf = async (path: string) => {
      const slash = path.lastIndexOf('/');
      const files = await executor.list(path.slice(0, slash));
      return files.find((f) => f.name === path.slice(slash + 1))?.size ?? null;
    };
    await savePruneResult(context.db, {
      runId: run.id,
      sourceRunId: p.sourceRunId,
      sourceEpoch: p.sourceEpoch,
      threshold: p.threshold,
      normalizer: p.normalizer,
      equalization: p.equalization,
      granularity: p.granularity,
      minFilters: p.minFilters,
      excludedLayers: p.excludedLayers,
      paramRatio:
        (kpi?.kind === 'prune' ? kpi.ratio : null) ??
        (ratioFromConsole?.kind === 'prune' ? ratioFromConsole.ratio : null),
      sizeBytes: await sizeOf(output),
      sourceSizeBytes: await sizeOf(p.checkpoint),
      paramCount:
        kpi?.kind === 'prune' && kpi.paramCountM !== null ? Math.round(kpi.paramCountM * 1e6) : null,
      outputPath: output,
    });
  },
  async announce(context, run) {
    const sweepId = (run.params as { sweepId?: string }).sweepId;
    if (!sweepId) {
      const result = await getPruneResult(context.db, run.id);
      if (result) await context.notifier.post(run, pruneCard(run, result), { mirror: true });
      return;
    }
    await announceSweepIfDone(context, sweepId);
  },
};

/** A sweep ends with one card, posted by whichever prune of it finishes last (once, behind a claim). */
export async function announceSweepIfDone(
  context: Parameters<OutcomeHandler['announce']>[0],
  sweepId: string,
): Promise<void> {
  const rows = await listSweepResults(context.db, sweepId);
  if (rows.length === 0 || !rows.every(({ run }) => isTerminal(run.state) || run.state === 'running')) return;
  // Every prune of the sweep must have ended; one still `running` counts only once its result is recorded.
  const unfinished = rows.filter(({ run, result }) => !isTerminal(run.state) && !result);
  if (unfinished.length > 0) return;
  if (!(await claimNotification(context.db, `sweep:${sweepId}`))) return;
  const first = rows[0]?.run;
  if (!first) return;
  const source = first.params as unknown as PruneParams;
  const history = await pruneHistory(context.db, first.model);
  const suggestion = suggestThreshold(history, context.config.pipeline.maxMapDrop);
  const points = rows.flatMap(({ result }) =>
    result && result.sizeBytes !== null
      ? [
          {
            threshold: result.threshold,
            sizeMb: result.sizeBytes / 2 ** 20,
            paramRatio: result.paramRatio ?? 1,
          },
        ]
      : [],
  );
  const unprunedBytes = rows.find(({ result }) => result?.sourceSizeBytes)?.result?.sourceSizeBytes;
  // The chart is about the pruned run's checkpoint: label it with that run.
  const chart =
    points.length > 0
      ? await context.charts.pruneSweep(
          { ...first, id: source.sourceRunId },
          points,
          unprunedBytes ? unprunedBytes / 2 ** 20 : undefined,
        )
      : null;
  const card = sweepCard(
    first.model,
    { runId: source.sourceRunId, epoch: source.sourceEpoch },
    rows.map(({ run, result }) => ({ run, result })),
    suggestion,
    chart ?? undefined,
  );
  await context.notifier.post(first, card, { mirror: true });
  if (chart?.path)
    await context.notifier.image(first, {
      path: chart.path,
      title: `Prune sweep of run #${source.sourceRunId}: size by threshold`,
    });
}
