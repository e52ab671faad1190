import { getPruneResult } from '../../db/repositories/results.js';
import { getRun, insertRun } from '../../db/repositories/runs.js';
import { requestApproval } from '../../pipeline/approvals/service.js';
import { buildRetrainSpec } from '../../pipeline/runs/plan-retrain.js';
import { identityOf } from '../core/types.js';
import type { Command } from '../services.js';

export const retrainCommand: Command = {
  name: 'retrain',
  description: 'Retrain a pruned model (asks for approval: it costs GPU hours)',
  sideEffects: ['gpu', 'write'],
  options: [
    {
      name: 'prune_run',
      type: 'integer',
      min: 1,
      positional: true,
      required: true,
      description: 'the prune run whose model to retrain',
    },
    {
      name: 'epochs',
      type: 'integer',
      min: 1,
      max: 10_000,
      description: 'epochs (default: the retrain spec’s)',
    },
    { name: 'gpus', type: 'integer', min: 1, max: 64, description: 'GPUs to train on' },
  ],
  async run({ request, options, reply, services }) {
    const { db, config } = services;
    const pruneRunId = options.prune_run as number;
    const pruneRun = await getRun(db, pruneRunId);
    const prune = await getPruneResult(db, pruneRunId);
    if (pruneRun?.kind !== 'prune' || pruneRun.state !== 'succeeded' || !prune) {
      await reply.ephemeral({
        title: `/retrain: #${pruneRunId} is not a finished prune run; see /runs`,
        tone: 'warning',
      });
      return;
    }
    const server = config.servers.find((s) => s.name === pruneRun.server);
    const gpus = (options.gpus as number | undefined) ?? 1;
    if (!server || server.gpus < gpus) {
      await reply.ephemeral({
        title: `/retrain: server ${pruneRun.server} ${server ? `has only ${server.gpus} GPU(s)` : 'is no longer configured'}`,
        tone: 'warning',
      });
      return;
    }
    const spec = buildRetrainSpec(
      config,
      pruneRun.model,
      prune.outputPath,
      options.epochs as number | undefined,
      services.readSpec,
    );
    if (!spec.ok) {
      await reply.ephemeral({
        title: `/retrain: ${spec.error}`,
        tone: 'warning',
        lines: ['Nothing was started.'],
      });
      return;
    }
    const requestedBy = identityOf(request.user);
    const run = await insertRun(db, {
      kind: 'retrain',
      state: 'pending_approval',
      parentRunId: pruneRunId,
      model: pruneRun.model,
      network: pruneRun.network,
      server: pruneRun.server,
      gpus,
      specSnapshot: spec.value.text,
      specHash: spec.value.hash,
      numEpochs: spec.value.numEpochs,
      simulated: pruneRun.simulated,
      params: { startModel: prune.outputPath, pruneRunId, threshold: prune.threshold },
      requestedBy,
      platform: request.platform,
      channelId: request.channelId,
    });
    await requestApproval(
      services.approvals,
      {
        kind: 'retrain',
        run,
        requestedBy,
        subject: {
          sourceRunId: pruneRunId,
          prunedModel: prune.outputPath,
          threshold: prune.threshold,
          spec: spec.value.path,
          specHash: spec.value.hash,
          epochs: spec.value.numEpochs,
          server: pruneRun.server,
        },
      },
      async (card) => {
        const ref = await reply.post(card);
        await services.notifier.adoptStatusMessage(run.id, ref);
        return ref;
      },
    );
  },
};
