import { err, ok } from '../../../shared/result.js';
import { flag, listOption, option, taskWords } from './emit.js';
import type { CommandResult, TaoTarget, TrainOptions } from './types.js';
import {
  checkGpuIndexes,
  checkInteger,
  checkKey,
  checkNetwork,
  checkOptionalInteger,
  checkOptionalPath,
  checkPath,
  checkTarget,
  firstProblem,
  problem,
} from './validate.js';

/**
 * `tao model <net> train` (TAO 5) or `tao <net> train` (TAO 3/4).
 *
 * @example
 * buildTrain({ version: 5, launcher: ['tao'] }, { network: 'ssd', gpus: 1, gpuIndexes: [0], spec, resultsDir })
 * // ok(['tao', 'model', 'ssd', 'train', '--gpus', '1', '--gpu_index', '0', '-e', spec, '-r', resultsDir])
 */
export function buildTrain(target: TaoTarget, options: TrainOptions): CommandResult {
  const o = options;
  const found = firstProblem([
    () => checkTarget(target),
    () => checkNetwork(o.network),
    () => checkInteger('gpus', o.gpus, 1),
    () => checkGpuIndexes(o.gpus, o.gpuIndexes),
    () => checkPath('spec', o.spec),
    () => checkPath('resultsDir', o.resultsDir),
    () => checkKey(target.version, o.key),
    () => checkOptionalPath('model', o.model),
    () => checkOptionalInteger('initialEpoch', o.initialEpoch, 1, "TAO's default is 1"),
    () =>
      // Resuming at epoch N means loading the checkpoint of epoch N-1; without it TAO starts from scratch.
      o.initialEpoch !== undefined && o.initialEpoch > 1 && o.model === undefined
        ? problem(
            'model',
            `initialEpoch ${o.initialEpoch} resumes training: give the checkpoint to resume from as model`,
          )
        : null,
  ]);
  if (found) return err(found);
  return ok([
    ...target.launcher,
    ...taskWords(target.version, o.network, 'train'),
    '--gpus',
    String(o.gpus),
    ...listOption('--gpu_index', o.gpuIndexes),
    '-e',
    o.spec,
    '-r',
    o.resultsDir,
    ...option('-k', o.key),
    ...option('-m', o.model),
    ...option('--initial_epoch', o.initialEpoch),
    ...flag('--use_amp', o.useAmp),
  ]);
}
