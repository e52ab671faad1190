import { evaluationCard } from '../../bot/cards/pipeline-cards.js';
import { listEpochs } from '../../db/repositories/metrics.js';
import { getEvaluation, saveEvaluation } from '../../db/repositories/results.js';
import { parseConsole } from '../parsers/console.js';
import type { EvaluateParams } from '../steps/types.js';
import type { OutcomeHandler } from './types.js';

/** A standalone evaluation: the AP table TAO printed (3 decimals) becomes an evaluations row. */
export const evaluateOutcome: OutcomeHandler = {
  async record(context, run, machines) {
    const params = run.params as unknown as EvaluateParams;
    const events = parseConsole(await context.readStepLog(run, machines, 0)).events;
    const table = [...events].reverse().find((e) => e.kind === 'ap-table');
    const ap: Record<string, number> = {};
    if (table?.kind === 'ap-table')
      for (const [name, value] of Object.entries(table.ap)) if (value !== null) ap[name] = value;
    await saveEvaluation(context.db, {
      runId: run.id,
      sourceRunId: params.sourceRunId,
      epoch: params.epoch,
      map: table?.kind === 'ap-table' ? table.map : null,
      ap,
    });
  },
  async announce(context, run) {
    const evaluation = await getEvaluation(context.db, run.id);
    if (!evaluation) return;
    const epochs = await listEpochs(context.db, evaluation.sourceRunId);
    const csvMap = epochs.find((e) => e.epoch === evaluation.epoch)?.map ?? null;
    await context.notifier.post(run, evaluationCard(run, evaluation, csvMap), { mirror: true });
  },
};
