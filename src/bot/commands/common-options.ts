import type { OptionSpec } from '../core/options.js';

/** Options several commands share, declared once so they read and validate the same everywhere. */
export const TRAINING_RUN_OPTION: OptionSpec = {
  name: 'run',
  type: 'integer',
  min: 1,
  positional: true,
  required: true,
  description: 'the training run',
};

export const CHECKPOINT_EPOCH_OPTION: OptionSpec = {
  name: 'epoch',
  type: 'integer',
  min: 1,
  positional: true,
  description: 'the checkpoint’s epoch (default: the best)',
};
