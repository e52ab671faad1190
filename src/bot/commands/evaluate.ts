import { listEpochs } from '../../db/repositories/metrics.js';
import { insertRun } from '../../db/repositories/runs.js';
import { identityOf } from '../core/types.js';
import type { Command } from '../services.js';
import { checkpointOf } from './checkpoint-of.js';
import { CHECKPOINT_EPOCH_OPTION, TRAINING_RUN_OPTION } from './common-options.js';

export const evaluateCommand: Command = {
  name: 'evaluate',
  description: 'Evaluate a checkpoint with TAO (per-class AP and mAP)',
  sideEffects: ['gpu', 'write'],
  options: [TRAINING_RUN_OPTION, CHECKPOINT_EPOCH_OPTION],
  async run({ request, options, reply, services }) {
    const { db } = services;
    const source = await checkpointOf(db, options.run as number, options.epoch as number | undefined);
    if (!source.ok) {
      await reply.ephemeral({ title: `/evaluate: ${source.error}`, tone: 'warning' });
      return;
    }
    const csv =
      (await listEpochs(db, source.value.run.id)).find((e) => e.epoch === source.value.epoch)?.map ?? null;
    const run = await insertRun(db, {
      kind: 'evaluate',
      parentRunId: source.value.run.id,
      model: source.value.run.model,
      network: source.value.run.network,
      server: source.value.run.server,
      gpus: 1,
      specSnapshot: source.value.run.specSnapshot,
      simulated: source.value.run.simulated,
      params: { sourceRunId: source.value.run.id, epoch: source.value.epoch, checkpoint: source.value.path },
      requestedBy: identityOf(request.user),
      platform: request.platform,
      channelId: request.channelId,
    });
    const ref = await reply.post({
      title: `${run.simulated ? '[SIMULATED] ' : ''}Evaluating run #${source.value.run.id}, epoch ${source.value.epoch} (run #${run.id})`,
      tone: 'progress',
      lines:
        csv !== null
          ? [
              `The training CSV already holds this epoch's mAP (${csv.toFixed(4)}): TAO's evaluate gives the same number, so this is only a check.`,
            ]
          : [],
    });
    await services.notifier.adoptStatusMessage(run.id, ref);
    services.kick();
  },
};
