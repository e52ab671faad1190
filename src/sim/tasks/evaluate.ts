import { mkdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { Network } from '../../pipeline/tao/types.js';
import type { ParsedArgs } from '../argparse.js';
import { loadModel, resolvePath, type TaskContext } from '../context.js';
import { apTable, tqdmDone } from '../keras-output.js';
import { markSimulated, type SimulatedModelHeader } from '../model-file.js';
import { Interrupted, PyError, sleep } from '../py-error.js';
import { PyFloat } from '../py-format.js';
import { loadSpec } from '../spec.js';
import { StatusLogger } from '../status-log.js';
import { taskWallMs, VALIDATION_IMAGES } from '../timing.js';
import type { TaskOutcome } from './outcome.js';

/** How TAO's evaluate scripts name their network in status messages. */
export const NETWORK_LABEL: Record<Network, string> = {
  ssd: 'SSD',
  dssd: 'DSSD',
  retinanet: 'RetinaNet',
  yolo_v3: 'YOLOv3',
  yolo_v4: 'YOLOv4',
  yolo_v4_tiny: 'YOLOv4-tiny',
};

/**
 * `evaluate` (`cv/ssd/scripts/evaluate.py`): the AP table of the model to 3 decimals and status.json lines in `-r`,
 * or next to the model when `-r` is absent. The mAP is the one the training CSV recorded for that checkpoint.
 */
export async function runEvaluate(ctx: TaskContext, args: ParsedArgs): Promise<TaskOutcome> {
  const spec = loadSpec(resolvePath(ctx, args.str('experiment_spec') ?? ''), ctx.network);
  if (!spec.ok) throw spec.error;
  const modelPath = resolvePath(ctx, args.str('model_path') ?? '');
  const resultsDir = args.str('results_dir');
  const logDir = resultsDir === undefined ? dirname(modelPath) : resolvePath(ctx, resultsDir);
  mkdirSync(logDir, { recursive: true });
  markSimulated(logDir);
  const status = new StatusLogger(join(logDir, 'status.json'), ctx.console, ctx.now);
  try {
    status.write({ status: 'STARTED', message: `Starting ${NETWORK_LABEL[ctx.network]} evaluation.` });
    const model = loadModel(ctx, modelPath, args.str('key'), ['checkpoint', 'pruned', 'engine']);
    const batch = spec.value.evalBatchSize;
    if (model.kind === 'engine') {
      ctx.console.print(
        'Using TensorRT engine for inference, setting batch size to',
        `${batch} from eval_config`,
      );
    } else if (['.h5', '.tlt', '.hdf5'].includes(extname(modelPath))) {
      ctx.console.print(
        'Using TLT model for inference, setting batch size to the one in eval_config:',
        String(batch),
      );
    } else {
      throw new PyError(
        'RuntimeError',
        `Unable to load ${modelPath}: expected a .hdf5/.tlt model or a TensorRT engine`,
      );
    }
    const batches = Math.ceil(VALIDATION_IMAGES / batch);
    const seconds = batches * 0.25;
    await sleep(taskWallMs(ctx.settings, seconds), ctx.signal);
    const { ap, mAP } = evaluatedQuality(model, spec.value.classes);
    ctx.console.print(tqdmDone('Producing predictions', batches, seconds));
    ctx.console.print('Start to calculate AP for each class');
    for (const line of apTable(spec.value.classes, ap, mAP, 3)) ctx.console.print(line);
    status.kpi = { mAP: new PyFloat(mAP) };
    status.write({ status: 'SUCCESS', message: 'Evaluation finished successfully.' });
    return 'passed';
  } catch (error) {
    if (error instanceof Interrupted) {
      status.write({ status: 'FAILURE', verbosity: 'INFO', message: 'Evaluation was interrupted' });
    } else if (error instanceof PyError) {
      status.write({ status: 'FAILURE', message: error.message });
    }
    throw error;
  }
}

/** The model's recorded accuracy over the spec's classes (a class the model never learned scores 0). */
function evaluatedQuality(model: SimulatedModelHeader, classes: readonly string[]) {
  const sameClasses =
    classes.length === model.classes.length && classes.every((c, i) => model.classes[i] === c);
  if (sameClasses) return { ap: model.ap, mAP: model.mAP };
  const ap = Object.fromEntries(classes.map((c) => [c, model.ap[c] ?? 0]));
  const values = Object.values(ap);
  return { ap, mAP: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length) };
}
