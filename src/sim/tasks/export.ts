import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Precision } from '../../pipeline/tao/types.js';
import type { ParsedArgs } from '../argparse.js';
import {
  ensureCalibrationTensorfile,
  writeCalibrationCache,
  writeQatCalibrationJson,
} from '../calibration.js';
import { keyCheck, loadModel, resolvePath, type TaskContext } from '../context.js';
import { engineHeader, writeEngineAtomically } from '../engine-file.js';
import { LOG, taoSourcePath } from '../log-sources.js';
import { type SimulatedModelHeader, writeSimulatedModel } from '../model-file.js';
import { exportFileBytes } from '../model-size.js';
import { PyError, sleep } from '../py-error.js';
import { taskWallMs } from '../timing.js';
import type { TaskOutcome } from './outcome.js';
import { withStatus } from './with-status.js';

/**
 * `export` (`cv/common/export/app.py`): `.onnx` on TAO 5 (INT8 moved to `tao deploy`; a QAT model's scales go to
 * `--cal_json_file`), `.etlt` on TAO 3/4 with `--data_type`, the INT8 calibration cache and an optional engine.
 * Like TAO, it refuses to overwrite an existing output.
 */
export function runExport(ctx: TaskContext, args: ParsedArgs): Promise<TaskOutcome> {
  return withStatus(ctx, args.str('results_dir'), 'export', 'Export', async (status) => {
    const backend = ctx.dialect === 'tao5' ? 'onnx' : 'etlt';
    const modelArg = args.str('model') ?? '';
    let outputArg = args.str('output_file') ?? `${modelArg.replace(/\.[^./]*$/, '')}.${backend}`;
    if (!outputArg.includes(backend)) outputArg = `${outputArg}.${backend}`;
    ctx.console.log('INFO', LOG.exportSaving, `Saving exported model to ${outputArg}`);
    const output = resolvePath(ctx, outputArg);
    if (existsSync(output)) {
      throw new PyError('AssertionError', `Default output file ${outputArg} already exists`, [
        {
          file: taoSourcePath(ctx.dialect, 'cv/common/export/app.py'),
          line: 267,
          func: 'run_export',
          code: 'assert not os.path.exists(output_file), "Default output file {} already "\\',
        },
      ]);
    }
    mkdirSync(dirname(output), { recursive: true });
    status.write({ message: 'Building exporter object.' });
    const key = args.str('key');
    const model = loadModel(ctx, resolvePath(ctx, modelArg), key);
    status.write({ message: 'Exporting the model.' });
    const node = ctx.network === 'ssd' || ctx.network === 'dssd' ? 'NMS' : 'BatchedNMS';
    ctx.console.log('INFO', LOG.exportExporter, "Using input nodes: ['Input']");
    ctx.console.log('INFO', LOG.exportExporter, `Using output nodes: ['${node}']`);
    await sleep(taskWallMs(ctx.settings, 35), ctx.signal);
    if (ctx.settings.failures.export) {
      throw new PyError(
        'RuntimeError',
        'Failed to convert the model to ONNX (failure injected by TAOBOT_SIM_FAIL=export)',
      );
    }
    const exported: SimulatedModelHeader = {
      ...model,
      kind: 'export',
      format: backend,
      keyCheck: ctx.dialect === 'tao4' ? keyCheck(key) : null,
      sizeBytes: exportFileBytes(model.sizeBytes),
      writtenBy: ctx.command,
    };
    writeSimulatedModel(output, exported);
    if (ctx.dialect === 'tao5') {
      const calJson = args.str('cal_json_file');
      if (calJson !== undefined && model.qat) writeQatCalibrationJson(resolvePath(ctx, calJson), model);
    } else {
      exportTensorRt(ctx, args, exported);
    }
    if (args.flag('gen_ds_config')) writeDeepStreamConfig(ctx, dirname(output), exported, node);
    status.write({ status: 'SUCCESS', message: 'Export finished successfully.' });
    return 'passed';
  });
}

/** TAO 3/4: the INT8 calibration cache (and tensorfile), and the engine when `--engine_file` is given. */
function exportTensorRt(ctx: TaskContext, args: ParsedArgs, exported: SimulatedModelHeader): void {
  const precision = (args.str('data_type') ?? 'fp32') as Precision;
  if (precision === 'int8') {
    const imageDir = args.str('cal_image_dir');
    const dataFile = args.str('cal_data_file');
    const dataPath = dataFile === undefined ? undefined : resolvePath(ctx, dataFile);
    if (!exported.qat && imageDir === undefined && (dataPath === undefined || !existsSync(dataPath))) {
      throw new PyError(
        'ValueError',
        'INT8 calibration needs images: pass --cal_image_dir, or --cal_data_file pointing to an existing tensorfile',
      );
    }
    if (dataPath !== undefined && imageDir !== undefined) {
      ensureCalibrationTensorfile(
        dataPath,
        exported,
        args.num('batches') ?? 10,
        args.num('batch_size') ?? 16,
      );
    }
    writeCalibrationCache(resolvePath(ctx, args.str('cal_cache_file') ?? './cal.bin'), exported);
  }
  const engineFile = args.str('engine_file');
  if (engineFile !== undefined) {
    const header = engineHeader(exported, {
      precision,
      calibrated: precision === 'int8',
      maxBatchSize: args.num('max_batch_size') ?? 1,
      optBatchSize: 1,
      writtenBy: ctx.command,
    });
    if (!writeEngineAtomically(resolvePath(ctx, engineFile), header, ctx.settings.failures.engine)) {
      throw new PyError(
        'RuntimeError',
        'Failed to build the TensorRT engine (failure injected by TAOBOT_SIM_FAIL=engine)',
      );
    }
  }
}

/** `--gen_ds_config`: DeepStream's nvinfer settings and the labels, next to the exported model. */
function writeDeepStreamConfig(
  ctx: TaskContext,
  dir: string,
  model: SimulatedModelHeader,
  node: string,
): void {
  const lines = [
    'net-scale-factor=1.0',
    'offsets=103.939;116.779;123.68',
    `infer-dims=${model.input.channels};${model.input.height};${model.input.width}`,
    ...(ctx.dialect === 'tao4' ? ['tlt-model-key=<the key given with -k>'] : []),
    'network-type=0',
    `num-detected-classes=${model.classes.length}`,
    `output-blob-names=${node}`,
    'model-color-format=1',
    'maintain-aspect-ratio=0',
    'output-tensor-meta=0',
  ];
  writeFileSync(join(dir, 'nvinfer_config.txt'), `${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'labels.txt'), `${model.classes.join('\n')}\n`);
}
