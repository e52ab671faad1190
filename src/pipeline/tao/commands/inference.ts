import { err, ok } from '../../../shared/result.js';
import { option, taskWords } from './emit.js';
import type { CommandResult, InferenceOptions, TaoTarget } from './types.js';
import {
  checkGpuIndex,
  checkKey,
  checkNetwork,
  checkPath,
  checkTarget,
  firstProblem,
  problem,
} from './validate.js';

/**
 * `tao model <net> inference` (TAO 5). Annotated images go to `<results>/images_annotated/`, KITTI labels to
 * `<results>/labels/`. TAO 3/4's inference takes other flags (`-o`, `-l`) that taobot does not drive yet.
 *
 * @example
 * buildInference({ version: 5, launcher: ['tao'] }, { network: 'ssd', images, spec, model, resultsDir })
 * // ok(['tao', 'model', 'ssd', 'inference', '-i', images, '-e', spec, '-m', model, '-r', resultsDir])
 */
export function buildInference(target: TaoTarget, options: InferenceOptions): CommandResult {
  const o = options;
  const found = firstProblem([
    () => checkTarget(target),
    () =>
      target.version < 5
        ? problem(
            'version',
            `inference is built for TAO 5 only (got TAO ${target.version}); evaluate the model instead`,
          )
        : null,
    () => checkNetwork(o.network),
    () => checkGpuIndex(o.gpuIndex),
    () => checkPath('images', o.images),
    () => checkPath('spec', o.spec),
    () => checkPath('model', o.model),
    () => checkPath('resultsDir', o.resultsDir),
    () => checkKey(target.version, o.key),
  ]);
  if (found) return err(found);
  return ok([
    ...target.launcher,
    ...taskWords(target.version, o.network, 'inference'),
    ...option('--gpu_index', o.gpuIndex),
    ...['-i', o.images, '-e', o.spec, '-m', o.model, '-r', o.resultsDir],
    ...option('-k', o.key),
  ]);
}
