import { err, ok } from '../../../shared/result.js';
import type { Network } from '../types.js';
import { option } from './emit.js';
import { type CommandResult, PRECISIONS, type TaoConverterOptions, type TaoTarget } from './types.js';
import {
  checkDistinct,
  checkEnum,
  checkExtension,
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
 * The output node tao-converter must name: SSD and DSSD end in the `NMS` plugin, the YOLO family and RetinaNet in
 * `BatchedNMS` (NVIDIA's deploy docs for each network).
 */
export function outputNodeFor(network: Network): 'NMS' | 'BatchedNMS' {
  return network === 'ssd' || network === 'dssd' ? 'NMS' : 'BatchedNMS';
}

/**
 * `tao-converter … MODEL.etlt` (TAO 3/4): decrypts the `.etlt` with the key and builds an engine on the device.
 * Benchmark the result with `buildTrtexecBenchmark`.
 *
 * @example
 * buildTaoConverter({ version: 4, launcher: ['tao-converter'] }, { network: 'ssd', key, model: 'm.etlt',
 *   engineFile: 'm.engine', channels: 3, height: 300, width: 300, precision: 'fp16', maxBatch: 1 })
 * // ok(['tao-converter', '-k', key, '-d', '3,300,300', '-o', 'NMS', '-t', 'fp16', '-m', '1', '-e', 'm.engine', 'm.etlt'])
 */
export function buildTaoConverter(target: TaoTarget, options: TaoConverterOptions): CommandResult {
  const o = options;
  const found = firstProblem([
    () => checkTarget(target),
    () =>
      target.version >= 5
        ? problem(
            'version',
            'TAO 5 exports .onnx, which tao-converter cannot read; build the engine with trtexec',
          )
        : null,
    () => checkNetwork(o.network),
    () => checkKey(target.version, o.key),
    () => checkPath('model', o.model),
    () =>
      checkExtension('model', o.model, '.etlt', 'tao-converter reads the .etlt written by TAO 3/4 export'),
    () => checkPath('engineFile', o.engineFile),
    () => checkDistinct('engineFile', o.engineFile, 'model', o.model),
    () => checkInteger('channels', o.channels, 1),
    () => checkInteger('height', o.height, 1),
    () => checkInteger('width', o.width, 1),
    () => checkEnum('precision', o.precision, PRECISIONS),
    () => checkInteger('maxBatch', o.maxBatch, 1),
    () => checkOptionalPath('calCacheFile', o.calCacheFile),
    () =>
      o.precision === 'int8'
        ? o.calCacheFile === undefined
          ? problem(
              'calCacheFile',
              'int8 needs calCacheFile, the calibration cache written by TAO 3/4 export',
            )
          : null
        : o.calCacheFile === undefined
          ? null
          : problem('calCacheFile', 'calCacheFile applies to precision int8 only'),
    () => checkOptionalInteger('workspace', o.workspace, 1, 'it is in bytes'),
  ]);
  if (found) return err(found);
  return ok([
    ...target.launcher,
    ...['-k', o.key, '-d', `${o.channels},${o.height},${o.width}`],
    ...[
      '-o',
      outputNodeFor(o.network as Network),
      '-t',
      o.precision,
      '-m',
      String(o.maxBatch),
      '-e',
      o.engineFile,
    ],
    ...option('-c', o.calCacheFile),
    ...option('-w', o.workspace),
    o.model,
  ]);
}
