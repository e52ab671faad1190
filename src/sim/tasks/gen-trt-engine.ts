import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Precision } from '../../pipeline/tao/types.js';
import type { ParsedArgs } from '../argparse.js';
import { ensureCalibrationTensorfile, writeCalibrationCache } from '../calibration.js';
import { loadModel, resolvePath, type TaskContext } from '../context.js';
import { engineHeader, writeEngineAtomically } from '../engine-file.js';
import { LOG } from '../log-sources.js';
import { markSimulated, type SimulatedModelHeader } from '../model-file.js';
import { Interrupted, PyError, sleep } from '../py-error.js';
import { loadSpec } from '../spec.js';
import { StatusLogger } from '../status-log.js';
import { taskWallMs } from '../timing.js';
import type { TaskOutcome } from './outcome.js';
import { BUILD_FAILURE_LINES } from './trtexec.js';

/**
 * `tao deploy <net> gen_trt_engine` (TAO 5): builds a TensorRT engine from the exported `.onnx`, calibrating INT8
 * from images (writing the cache and tensorfile) or taking a QAT model's `--cal_json_file`. Status lines follow
 * tao_deploy's `monitor_status`: STARTED, then "Gen_trt_engine finished successfully." with status RUNNING.
 */
export async function runGenTrtEngine(ctx: TaskContext, args: ParsedArgs): Promise<TaskOutcome> {
  const resultsDir = args.str('results_dir');
  let status = new StatusLogger(null, ctx.console, ctx.now);
  if (resultsDir !== undefined) {
    const dir = resolvePath(ctx, resultsDir);
    mkdirSync(dir, { recursive: true });
    markSimulated(dir);
    status = new StatusLogger(join(dir, 'status.json'), ctx.console, ctx.now);
  }
  try {
    status.write({ status: 'STARTED', message: `Starting ${ctx.network} gen_trt_engine.` });
    const model = loadModel(ctx, resolvePath(ctx, args.str('model_path') ?? ''), args.str('key'), ['export']);
    const spec = loadSpec(resolvePath(ctx, args.str('experiment_spec') ?? ''), ctx.network);
    if (!spec.ok) throw spec.error;
    const precision = (args.str('data_type') ?? 'fp32') as Precision;
    const engineArg = args.str('engine_file');
    if (engineArg === undefined && precision !== 'int8') {
      status.write({ message: 'Gen_trt_engine finished successfully.' });
      return 'passed';
    }
    ctx.console.log('INFO', LOG.deployBuilder, `Parsing ONNX model`);
    const calibrated = precision === 'int8' && calibrate(ctx, args, model, spec.value.enableQat);
    await sleep(
      taskWallMs(ctx.settings, 60 * (model.paramCount / model.unprunedParamCount) ** 0.5 + 15),
      ctx.signal,
    );
    // Without --engine_file, TAO still builds INT8 engines (to write the calibration cache) into a temporary file.
    const scratch = engineArg === undefined ? mkdtempSync(join(tmpdir(), 'taobot-sim-engine-')) : undefined;
    const path = engineArg === undefined ? join(scratch ?? '', 'engine') : resolvePath(ctx, engineArg);
    const header = engineHeader(model, {
      precision,
      calibrated,
      maxBatchSize: args.num('max_batch_size') ?? 1,
      optBatchSize: args.num('opt_batch_size') ?? 1,
      writtenBy: 'deploy gen_trt_engine',
    });
    const built = writeEngineAtomically(path, header, ctx.settings.failures.engine);
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    if (!built) {
      for (const line of BUILD_FAILURE_LINES) ctx.console.print(`[TRT] [E] ${line}`);
      throw new PyError('RuntimeError', 'Failed to build the TensorRT engine');
    }
    ctx.console.log('INFO', LOG.deployBuilder, `Serializing engine to file: ${engineArg ?? path}`);
    status.write({ message: 'Gen_trt_engine finished successfully.' });
    return 'passed';
  } catch (error) {
    // tao_deploy's decorator reports interruptions and a few error types; others leave only the traceback.
    if (error instanceof Interrupted) {
      status.write({
        status: 'FAILURE',
        message: 'User/System interruption: Gen_trt_engine was interrupted',
      });
    } else if (error instanceof PyError && ['ValueError', 'TypeError'].includes(error.pyType)) {
      status.write({ status: 'FAILURE', message: `Parameter validation error: ${error.message}` });
    } else if (error instanceof PyError && ['OSError', 'FileNotFoundError'].includes(error.pyType)) {
      status.write({ status: 'FAILURE', message: `File system error: ${error.message}` });
    }
    throw error;
  }
}

/** INT8: a QAT model's scales from --cal_json_file, else calibration from images into the cache. */
function calibrate(ctx: TaskContext, args: ParsedArgs, model: SimulatedModelHeader, qat: boolean): boolean {
  const calJson = args.str('cal_json_file');
  if (qat && !args.flag('force_ptq')) {
    if (calJson === undefined || !existsSync(resolvePath(ctx, calJson))) {
      throw new PyError(
        'ValueError',
        'a QAT model needs the --cal_json_file written by export (or --force_ptq)',
      );
    }
    return true;
  }
  const imageDir = args.str('cal_image_dir');
  const dataFile = args.str('cal_data_file');
  const dataPath = dataFile === undefined ? undefined : resolvePath(ctx, dataFile);
  if (imageDir === undefined && (dataPath === undefined || !existsSync(dataPath))) {
    throw new PyError(
      'ValueError',
      'INT8 calibration needs --cal_image_dir, or an existing --cal_data_file tensorfile',
    );
  }
  ctx.console.log('INFO', LOG.deployCalibrator, 'Calibrating the INT8 engine');
  if (dataPath !== undefined) {
    ensureCalibrationTensorfile(dataPath, model, args.num('batches') ?? 10, args.num('batch_size') ?? 1);
  }
  const cache = args.str('cal_cache_file');
  if (cache !== undefined) writeCalibrationCache(resolvePath(ctx, cache), model);
  return true;
}
