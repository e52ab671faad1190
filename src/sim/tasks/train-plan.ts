import { existsSync } from 'node:fs';
import type { ParsedArgs } from '../argparse.js';
import { loadModel, resolvePath, type TaskContext } from '../context.js';
import { type Curve, freshCurve } from '../curves.js';
import { readSimulatedModelHeaderSync, type SimulatedModelHeader } from '../model-file.js';
import { unprunedParamCount } from '../model-size.js';
import { type SimSpec, specArchName } from '../spec.js';
import { TRAIN_IMAGES } from '../timing.js';

/** What a training run starts from, decided before the first epoch. */
export interface TrainPlan {
  readonly spec: SimSpec;
  readonly seed: number;
  readonly gpus: number;
  readonly amp: boolean;
  readonly initialEpoch: number;
  readonly start: 'scratch' | 'pretrained' | 'continue' | 'pruned' | 'resume';
  readonly modelPath: string | undefined;
  readonly parent: SimulatedModelHeader | null;
  readonly curve: Curve;
  /** Effective epochs of the weights at epoch e of this run: `offset + e`. */
  readonly offset: number;
  readonly paramCount: number;
  readonly unprunedParamCount: number;
  readonly stepsPerEpoch: number;
  readonly maxIterations: number;
}

/**
 * Plans the run: the model given with `-m` (or, as YOLO does, the spec's pretrain/pruned/resume path), how far
 * along the curve its weights are, and TAO's iteration counts (`ceil(images / batch / gpus)` per epoch).
 */
export function planTraining(ctx: TaskContext, args: ParsedArgs, spec: SimSpec): TrainPlan {
  const seed = ctx.settings.seed ?? spec.randomSeed;
  const gpus = Math.max(1, args.num('gpus') ?? 1);
  const fromSpec = spec.resumeModelPath ?? spec.prunedModelPath ?? spec.pretrainModelPath;
  const modelArg = args.str('resume_model_weights') ?? fromSpec;
  const modelPath = modelArg === undefined ? undefined : resolvePath(ctx, modelArg);
  const key = args.str('key');
  const fresh = unprunedParamCount(specArchName(spec), spec.classes.length);
  const stepsPerEpoch = Math.ceil(TRAIN_IMAGES / spec.batchSizePerGpu / gpus);
  const base = { spec, seed, gpus, amp: args.flag('use_amp'), modelPath, stepsPerEpoch };
  const maxIterations = spec.numEpochs * stepsPerEpoch;

  let parent: SimulatedModelHeader | null = null;
  // An existing file that is not a simulated model stands for pretrained backbone weights (NGC's resnet_18.hdf5).
  const foreign =
    modelPath !== undefined && existsSync(modelPath) && readSimulatedModelHeaderSync(modelPath) === null;
  if (modelPath !== undefined && !foreign) parent = loadModel(ctx, modelPath, key);
  const resumingFromSpec =
    args.str('resume_model_weights') === undefined && spec.resumeModelPath !== undefined;
  const initialEpoch =
    args.num('initial_epoch') ?? (resumingFromSpec && parent?.epoch ? parent.epoch + 1 : 1);

  if (parent === null) {
    const pretrained = modelPath !== undefined;
    return {
      ...base,
      initialEpoch,
      maxIterations,
      start: pretrained ? 'pretrained' : 'scratch',
      parent,
      curve: freshCurve(seed, { pretrained, qat: spec.enableQat }),
      offset: 0,
      paramCount: fresh,
      unprunedParamCount: fresh,
    };
  }
  const resume = initialEpoch > 1;
  const start = resume ? 'resume' : parent.prunedThreshold !== null ? 'pruned' : 'continue';
  // Turning QAT on costs a little accuracy; the curve of a QAT model already includes it.
  const qatCost = spec.enableQat && !parent.qat ? 0.006 : 0;
  return {
    ...base,
    initialEpoch,
    maxIterations,
    start,
    parent,
    curve: { ...parent.curve, target: parent.curve.target - qatCost },
    offset: resume ? parent.effectiveEpochs - (initialEpoch - 1) : parent.effectiveEpochs,
    paramCount: parent.paramCount,
    unprunedParamCount: parent.unprunedParamCount,
  };
}
