import { err, ok } from '../../../shared/result.js';
import { option, taskWords } from './emit.js';
import type { CommandResult, EvaluateOptions, TaoTarget } from './types.js';
import {
  checkAbsentOn,
  checkGpuIndex,
  checkKey,
  checkNetwork,
  checkOptionalPath,
  checkPath,
  checkTarget,
  firstProblem,
} from './validate.js';

/**
 * `tao model <net> evaluate` (TAO 5) or `tao <net> evaluate` (TAO 3/4). The model may be a checkpoint or a
 * TensorRT engine, so its extension is not checked.
 *
 * @example
 * buildEvaluate({ version: 5, launcher: ['tao'] }, { network: 'ssd', gpuIndex: 0, spec, model })
 * // ok(['tao', 'model', 'ssd', 'evaluate', '--gpu_index', '0', '-e', spec, '-m', model])
 */
export function buildEvaluate(target: TaoTarget, options: EvaluateOptions): CommandResult {
  const o = options;
  const tao5 = target.version >= 5;
  const found = firstProblem([
    () => checkTarget(target),
    () => checkNetwork(o.network),
    () => checkGpuIndex(o.gpuIndex),
    () => checkPath('spec', o.spec),
    () => checkPath('model', o.model),
    () =>
      tao5
        ? checkOptionalPath('resultsDir', o.resultsDir)
        : checkAbsentOn(
            target.version,
            'evaluate',
            'resultsDir',
            o.resultsDir,
            'it writes next to the model',
          ),
    () => checkKey(target.version, o.key),
  ]);
  if (found) return err(found);
  return ok([
    ...target.launcher,
    ...taskWords(target.version, o.network, 'evaluate'),
    ...option('--gpu_index', o.gpuIndex),
    '-e',
    o.spec,
    '-m',
    o.model,
    ...option('-r', o.resultsDir),
    ...option('-k', o.key),
  ]);
}
