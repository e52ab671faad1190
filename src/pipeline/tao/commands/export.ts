import { err, ok } from '../../../shared/result.js';
import { exportExtension } from '../types.js';
import {
  type CalibrationField,
  checkCalibrationAbsent,
  checkCalibrationPresent,
  checkCalibrationValues,
} from './calibration.js';
import { flag, option, taskWords } from './emit.js';
import { type CommandResult, type ExportOptions, PRECISIONS, type TaoTarget } from './types.js';
import {
  checkAbsentOn,
  checkDistinct,
  checkEnum,
  checkExtension,
  checkGpuIndex,
  checkKey,
  checkNetwork,
  checkOptionalPath,
  checkPath,
  checkTarget,
  firstProblem,
  type Problem,
  problem,
} from './validate.js';

const TAO4_CALIBRATION: readonly CalibrationField[] = [
  'calImageDir',
  'calDataFile',
  'calCacheFile',
  'batches',
  'batchSize',
];
const TAO5_ELSEWHERE = 'choose the precision and calibration in gen_trt_engine';

/**
 * `tao model <net> export` to `.onnx` (TAO 5) or `tao <net> export` to `.etlt` with `--data_type` (TAO 3/4).
 * On TAO 5 the output must not exist yet (TAO asserts on it): the caller removes it first, as NVIDIA's notebook does.
 *
 * @example
 * buildExport({ version: 4, launcher: ['tao'] }, { network: 'ssd', model, output: 'm.etlt', spec, key, dataType: 'fp16' })
 * // ok(['tao', 'ssd', 'export', '-m', model, '-k', key, '-o', 'm.etlt', '-e', spec, '--data_type', 'fp16'])
 */
export function buildExport(target: TaoTarget, options: ExportOptions): CommandResult {
  const o = options;
  const tao5 = target.version >= 5;
  const found = firstProblem([
    () => checkTarget(target),
    () => checkNetwork(o.network),
    () => checkGpuIndex(o.gpuIndex),
    () => checkPath('model', o.model),
    () => checkPath('output', o.output),
    () =>
      checkExtension(
        'output',
        o.output,
        exportExtension(target.version),
        `TAO ${target.version} exports that format`,
      ),
    () => checkDistinct('output', o.output, 'model', o.model),
    () => checkPath('spec', o.spec),
    () => checkKey(target.version, o.key),
    () => checkCalibrationValues(o),
    () => (tao5 ? checkTao5(target, o) : checkTao4(target, o)),
  ]);
  if (found) return err(found);
  const head = [
    ...target.launcher,
    ...taskWords(target.version, o.network, 'export'),
    ...option('--gpu_index', o.gpuIndex),
  ];
  if (tao5) {
    return ok([
      ...head,
      ...['-m', o.model, '-o', o.output, '-e', o.spec],
      ...option('-k', o.key),
      ...option('--results_dir', o.resultsDir),
      ...option('--cal_json_file', o.calJsonFile),
      ...flag('--gen_ds_config', o.genDsConfig),
      ...option('--batch_size', o.batchSize),
    ]);
  }
  return ok([
    ...head,
    ...['-m', o.model, '-k', o.key as string, '-o', o.output, '-e', o.spec],
    ...['--data_type', o.dataType ?? 'fp32'],
    ...option('--cal_image_dir', o.calImageDir),
    ...option('--cal_data_file', o.calDataFile),
    ...option('--cal_cache_file', o.calCacheFile),
    ...option('--batches', o.batches),
    ...option('--batch_size', o.batchSize),
    ...option('--engine_file', o.engineFile),
  ]);
}

/** TAO 5 export writes ONNX only; precision and calibration belong to gen_trt_engine. */
function checkTao5(target: TaoTarget, o: ExportOptions): Problem {
  const absent = (field: keyof ExportOptions, instead: string) => () =>
    checkAbsentOn(target.version, 'export', field, o[field], instead);
  return firstProblem([
    absent('dataType', TAO5_ELSEWHERE),
    absent('calImageDir', TAO5_ELSEWHERE),
    absent('calDataFile', TAO5_ELSEWHERE),
    absent('calCacheFile', TAO5_ELSEWHERE),
    absent('batches', TAO5_ELSEWHERE),
    absent('engineFile', 'build the engine with gen_trt_engine or trtexec'),
    () => checkOptionalPath('resultsDir', o.resultsDir),
    () =>
      o.qat === true && o.calJsonFile === undefined
        ? problem('calJsonFile', 'a QAT model needs calJsonFile on TAO 5 export: it carries the INT8 scales')
        : null,
  ]);
}

/** TAO 3/4 export calibrates INT8 itself: from images, or from a QAT model's own ranges into the cache file. */
function checkTao4(target: TaoTarget, o: ExportOptions): Problem {
  const absent = (field: keyof ExportOptions, instead: string) => () =>
    checkAbsentOn(target.version, 'export', field, o[field], instead);
  const dataType = o.dataType ?? 'fp32';
  return firstProblem([
    absent('resultsDir', 'leave it out'),
    absent('calJsonFile', 'TAO 3/4 writes the INT8 scales to calCacheFile'),
    absent('genDsConfig', 'leave it out'),
    () => checkEnum('dataType', dataType, PRECISIONS, "TAO's default is fp32"),
    () => checkOptionalPath('engineFile', o.engineFile),
    () =>
      dataType !== 'int8'
        ? checkCalibrationAbsent(o, TAO4_CALIBRATION, 'applies to dataType int8 only')
        : o.qat === true
          ? checkCalibrationPresent(o, ['calCacheFile'], 'export of a QAT model')
          : checkCalibrationPresent(o, ['calImageDir', 'batches', 'calCacheFile'], 'export'),
  ]);
}
