import { err, ok } from '../../../shared/result.js';
import {
  type CalibrationField,
  checkCalibrationAbsent,
  checkCalibrationPresent,
  checkCalibrationValues,
} from './calibration.js';
import { option, taskWords } from './emit.js';
import { type CommandResult, type GenTrtEngineOptions, PRECISIONS, type TaoTarget } from './types.js';
import {
  checkDistinct,
  checkEnum,
  checkExtension,
  checkGpuIndex,
  checkKey,
  checkNetwork,
  checkOptionalInteger,
  checkOptionalPath,
  checkPath,
  checkTarget,
  firstProblem,
  type Problem,
  problem,
} from './validate.js';

const IMAGE_CALIBRATION: readonly CalibrationField[] = [
  'calImageDir',
  'batches',
  'calCacheFile',
  'calDataFile',
];

/**
 * `tao deploy <net> gen_trt_engine` (TAO 5): builds a TensorRT engine from the exported `.onnx`. INT8 needs either
 * image calibration (`calImageDir`, `batches`, `calCacheFile`, `calDataFile`) or a QAT model's `calJsonFile`.
 *
 * @example
 * buildGenTrtEngine({ version: 5, launcher: ['tao'] },
 *   { network: 'ssd', model: 'm.onnx', spec, engineFile: 'trt.engine', dataType: 'fp16' })
 * // ok(['tao', 'deploy', 'ssd', 'gen_trt_engine', '-m', 'm.onnx', '-e', spec,
 * //     '--engine_file', 'trt.engine', '--data_type', 'fp16'])
 */
export function buildGenTrtEngine(target: TaoTarget, options: GenTrtEngineOptions): CommandResult {
  const o = options;
  const found = firstProblem([
    () => checkTarget(target),
    () =>
      target.version < 5
        ? problem(
            'version',
            `gen_trt_engine is TAO 5's engine builder (got TAO ${target.version}); on TAO 3/4 export with a dataType and build the engine with tao-converter`,
          )
        : null,
    () => checkNetwork(o.network),
    () => checkGpuIndex(o.gpuIndex),
    () => checkPath('model', o.model),
    () => checkExtension('model', o.model, '.onnx', 'gen_trt_engine reads the .onnx written by TAO 5 export'),
    () => checkPath('spec', o.spec),
    () => checkPath('engineFile', o.engineFile),
    () => checkDistinct('engineFile', o.engineFile, 'model', o.model),
    () => checkEnum('dataType', o.dataType, PRECISIONS),
    () => checkOptionalInteger('maxBatchSize', o.maxBatchSize, 1),
    () => checkOptionalInteger('batchSize', o.batchSize, 1),
    () => checkCalibrationValues(o),
    () => checkCalibrationChoice(o),
    () => checkOptionalPath('resultsDir', o.resultsDir),
    () => checkKey(target.version, o.key),
  ]);
  if (found) return err(found);
  return ok([
    ...target.launcher,
    ...taskWords(target.version, o.network, 'gen_trt_engine', 'deploy'),
    ...option('--gpu_index', o.gpuIndex),
    ...['-m', o.model, '-e', o.spec, '--engine_file', o.engineFile, '--data_type', o.dataType],
    ...option('--max_batch_size', o.maxBatchSize),
    ...option('--batch_size', o.batchSize),
    ...option('--cal_image_dir', o.calImageDir),
    ...option('--batches', o.batches),
    ...option('--cal_cache_file', o.calCacheFile),
    ...option('--cal_data_file', o.calDataFile),
    ...option('--cal_json_file', o.calJsonFile),
    ...option('--results_dir', o.resultsDir),
    ...option('-k', o.key),
  ]);
}

/** Exactly one INT8 calibration source, and none for fp32/fp16. */
function checkCalibrationChoice(o: GenTrtEngineOptions): Problem {
  if (o.dataType !== 'int8') {
    return checkCalibrationAbsent(o, [...IMAGE_CALIBRATION, 'calJsonFile'], 'applies to dataType int8 only');
  }
  if (o.calJsonFile !== undefined) {
    return checkCalibrationAbsent(
      o,
      IMAGE_CALIBRATION,
      'cannot be combined with calJsonFile: calibrate a QAT model from its json or any model from images, not both',
    );
  }
  return checkCalibrationPresent(o, IMAGE_CALIBRATION, 'gen_trt_engine', 'calJsonFile for a QAT model');
}
