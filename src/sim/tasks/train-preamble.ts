import type { TaskContext } from '../context.js';
import { LOG } from '../log-sources.js';
import { pyThousands } from '../py-format.js';
import { TRAIN_IMAGES, VALIDATION_IMAGES } from '../timing.js';
import type { TrainPlan } from './train-plan.js';

/**
 * What TAO 5's `ssd train` prints before the first epoch: how the model given with `-m` was loaded, the optimizer,
 * the model summary (reduced here to its totals) and the dataset sizes.
 */
export function printTrainPreamble(ctx: TaskContext, plan: TrainPlan): void {
  const out = ctx.console;
  if (plan.modelPath !== undefined) {
    out.log('INFO', LOG.trainLoading, 'Loading pretrained weights. This may take a while...');
  }
  if (plan.start === 'pruned') {
    out.print('The shape of this layer does not match original model:', 'conv1');
    out.print('Loading the model as a pruned model.');
  } else if (plan.start === 'pretrained' || plan.start === 'continue') {
    out.print(
      'Layers that load weights from the pretrained model:',
      pythonList(backboneLayers(plan.spec.arch, plan.spec.nlayers)),
    );
  }
  out.print(plan.start === 'resume' ? 'Resume optimizer from pretrained model' : 'Initialize optimizer');
  printSummary(ctx, plan);
  out.log(
    'INFO',
    LOG.trainImages,
    `Number of images in the training dataset:\t${String(TRAIN_IMAGES).padStart(6)}`,
  );
  out.log(
    'INFO',
    LOG.trainImages,
    `Number of images in the validation dataset:\t${String(VALIDATION_IMAGES).padStart(6)}`,
  );
}

const RULE = '_'.repeat(98);
const DOUBLE_RULE = '='.repeat(98);
const row = (...cells: string[]): string => {
  const stops = [32, 53, 65, 98];
  return cells.map((cell, i) => cell.padEnd((stops[i] ?? 98) - (stops[i - 1] ?? 0))).join('');
};

/** Keras' `model.summary()` frame with the real totals; the layer rows of a simulated model are not listed. */
function printSummary(ctx: TaskContext, plan: TrainPlan): void {
  const nonTrainable = Math.round(plan.paramCount * 0.0019);
  const lines = [
    RULE,
    row('Layer (type)', 'Output Shape', 'Param #', 'Connected to'),
    DOUBLE_RULE,
    row('Input (InputLayer)', `(None, 3, ${plan.spec.height}, ${plan.spec.width})`, '0', ''),
    RULE,
    '(simulated model: its layers are not listed)',
    DOUBLE_RULE,
    `Total params: ${pyThousands(plan.paramCount)}`,
    `Trainable params: ${pyThousands(plan.paramCount - nonTrainable)}`,
    `Non-trainable params: ${pyThousands(nonTrainable)}`,
    RULE,
  ];
  for (const line of lines) ctx.console.print(line);
}

/** Layer names of TAO's ResNet backbones (`block_1a_conv_1`, …); other backbones get their stem only. */
function backboneLayers(arch: string, nlayers: number | undefined): string[] {
  const names = ['conv1', 'bn_conv1'];
  if (arch !== 'resnet') return names;
  // Residual blocks per stage: ResNet10 1, ResNet18 2, deeper ResNets 3-4-6-3.
  const blocks = nlayers === 10 ? [1, 1, 1, 1] : nlayers === 18 ? [2, 2, 2, 2] : [3, 4, 6, 3];
  for (const [i, count] of blocks.entries()) {
    for (let b = 0; b < count; b += 1) {
      const block = `block_${i + 1}${String.fromCharCode(97 + b)}`;
      names.push(`${block}_conv_1`, `${block}_bn_1`, `${block}_conv_2`, `${block}_bn_2`);
      if (b === 0) names.push(`${block}_conv_shortcut`, `${block}_bn_shortcut`);
    }
  }
  return names;
}

const pythonList = (items: readonly string[]): string => `[${items.map((i) => `'${i}'`).join(', ')}]`;
