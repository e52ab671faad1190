import type { Command } from '../services.js';
import { checkpointOf } from './checkpoint-of.js';
import { TRAINING_RUN_OPTION } from './common-options.js';
import { startTraining } from './train.js';

export const continueCommand: Command = {
  name: 'continue',
  description: 'Train more epochs from a run’s best checkpoint (when its mAP is below the target)',
  sideEffects: ['gpu', 'write'],
  options: [
    TRAINING_RUN_OPTION,
    { name: 'epochs', type: 'integer', min: 1, max: 10_000, description: 'number of epochs' },
    { name: 'gpus', type: 'integer', min: 1, max: 64, description: 'GPUs to train on' },
    { name: 'dry_run', type: 'flag', description: 'show what would run, start nothing' },
  ],
  async run({ request, options, reply, services }) {
    const source = await checkpointOf(services.db, options.run as number);
    if (!source.ok) {
      await reply.ephemeral({ title: `/continue: ${source.error}`, tone: 'warning' });
      return;
    }
    const previous = source.value.run.params as { checkpointInterval?: number; validationPeriod?: number };
    await startTraining(services, request, reply, {
      model: source.value.run.model,
      epochs: options.epochs as number | undefined,
      gpus: options.gpus as number | undefined,
      server: source.value.run.server,
      checkpointInterval: previous.checkpointInterval,
      validationPeriod: previous.validationPeriod,
      dryRun: options.dry_run === true,
      startModel: source.value.path,
      continuedFrom: { runId: source.value.run.id, epoch: source.value.epoch },
    });
  },
};
