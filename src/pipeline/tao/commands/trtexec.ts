import { err, ok } from '../../../shared/result.js';
import { assignment } from './emit.js';
import {
  type BenchmarkOptions,
  type CommandResult,
  type EngineShapes,
  PRECISIONS,
  type TaoTarget,
  type TrtexecBuildOptions,
  type TrtexecLoadOptions,
} from './types.js';
import {
  checkDistinct,
  checkEnum,
  checkExtension,
  checkInteger,
  checkOptionalInteger,
  checkOptionalPath,
  checkPath,
  checkTarget,
  firstProblem,
  type Problem,
  problem,
} from './validate.js';

/** TAO's detectors name their ONNX input `Input`. */
const INPUT_NAME = 'Input';

/**
 * `trtexec --onnx=… --saveEngine=…` (TAO 5 / ONNX): builds the engine on the device, then benchmarks it. The
 * launcher is the trtexec path, e.g. `['/usr/src/tensorrt/bin/trtexec']`.
 *
 * @example
 * buildTrtexec({ version: 5, launcher: ['trtexec'] }, { onnx: 'm.onnx', saveEngine: 'm.engine', precision: 'fp16' })
 * // ok(['trtexec', '--onnx=m.onnx', '--saveEngine=m.engine', '--fp16'])
 */
export function buildTrtexec(target: TaoTarget, options: TrtexecBuildOptions): CommandResult {
  const o = options;
  const found = firstProblem([
    () => checkTarget(target),
    () =>
      target.version < 5
        ? problem(
            'version',
            `TAO ${target.version} exports .etlt, which trtexec cannot read; build the engine with tao-converter`,
          )
        : null,
    () => checkPath('onnx', o.onnx),
    () => checkExtension('onnx', o.onnx, '.onnx', 'trtexec builds from the .onnx written by TAO 5 export'),
    () => checkPath('saveEngine', o.saveEngine),
    () => checkDistinct('saveEngine', o.saveEngine, 'onnx', o.onnx),
    () => checkEnum('precision', o.precision, PRECISIONS),
    () => checkOptionalPath('calib', o.calib),
    () =>
      o.precision === 'int8'
        ? o.calib === undefined
          ? problem(
              'calib',
              'int8 needs calib, the INT8 calibration cache; without it trtexec uses placeholder scales',
            )
          : null
        : o.calib === undefined
          ? null
          : problem('calib', 'calib applies to precision int8 only'),
    () => (o.shapes === undefined ? null : checkShapes(o.shapes)),
    () => checkBenchmark(o),
  ]);
  if (found) return err(found);
  // INT8 builds also enable FP16 so layers without INT8 kernels fall back to FP16 rather than FP32.
  const fp16 = o.precision === 'fp16' || o.precision === 'int8';
  return ok([
    ...target.launcher,
    `--onnx=${o.onnx}`,
    `--saveEngine=${o.saveEngine}`,
    ...(fp16 ? ['--fp16'] : []),
    ...(o.precision === 'int8' ? ['--int8'] : []),
    ...assignment('calib', o.calib),
    ...(o.shapes === undefined ? [] : shapeArgs(o.shapes)),
    ...benchmarkArgs(o),
  ]);
}

/**
 * `trtexec --loadEngine=…`: benchmarks an engine that exists already, e.g. one tao-converter built (any TAO version).
 *
 * @example
 * buildTrtexecBenchmark({ version: 4, launcher: ['trtexec'] }, { loadEngine: 'm.engine', iterations: 100 })
 * // ok(['trtexec', '--loadEngine=m.engine', '--iterations=100'])
 */
export function buildTrtexecBenchmark(target: TaoTarget, options: TrtexecLoadOptions): CommandResult {
  const found = firstProblem([
    () => checkTarget(target),
    () => checkPath('loadEngine', options.loadEngine),
    () => checkBenchmark(options),
  ]);
  if (found) return err(found);
  return ok([...target.launcher, `--loadEngine=${options.loadEngine}`, ...benchmarkArgs(options)]);
}

function checkShapes(shapes: EngineShapes): Problem {
  const min = shapes.minBatch ?? 1;
  return firstProblem([
    () => checkInteger('channels', shapes.channels, 1),
    () => checkInteger('height', shapes.height, 1),
    () => checkInteger('width', shapes.width, 1),
    () => checkInteger('minBatch', min, 1),
    () => checkInteger('optBatch', shapes.optBatch, min, 'optBatch lies between minBatch and maxBatch'),
    () => checkInteger('maxBatch', shapes.maxBatch, shapes.optBatch, 'maxBatch is at least optBatch'),
  ]);
}

function shapeArgs(shapes: EngineShapes): string[] {
  const dims = (batch: number) =>
    `${INPUT_NAME}:${batch}x${shapes.channels}x${shapes.height}x${shapes.width}`;
  return [
    `--minShapes=${dims(shapes.minBatch ?? 1)}`,
    `--optShapes=${dims(shapes.optBatch)}`,
    `--maxShapes=${dims(shapes.maxBatch)}`,
  ];
}

function checkBenchmark(o: BenchmarkOptions): Problem {
  return firstProblem([
    () => checkOptionalInteger('iterations', o.iterations, 1),
    () => checkOptionalInteger('avgRuns', o.avgRuns, 1),
    () => checkOptionalInteger('duration', o.duration, 1, 'it is in whole seconds'),
  ]);
}

function benchmarkArgs(o: BenchmarkOptions): string[] {
  return [
    ...assignment('iterations', o.iterations),
    ...assignment('avgRuns', o.avgRuns),
    ...assignment('duration', o.duration),
  ];
}
