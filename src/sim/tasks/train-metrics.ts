import {
  gauss,
  type ModelQuality,
  qualityAt,
  softStartAnnealingLr,
  trainingLossAt,
  unit,
  validationLossAt,
} from '../curves.js';
import type { FailurePlan } from '../settings.js';
import { epochSeconds, VALIDATION_IMAGES } from '../timing.js';
import type { TrainPlan } from './train-plan.js';

/** Everything one epoch of a simulated run reports; a pure function of the plan and the epoch. */
export interface EpochMetrics {
  readonly epoch: number;
  /** Effective epochs of the weights at the end of this epoch. */
  readonly x: number;
  /** Mean training loss of the epoch; NaN when the loss blew up. */
  readonly loss: number;
  /** The loss the epoch was heading for before any blow-up: the level of the progress frames. */
  readonly lossLevel: number;
  readonly lr: number;
  /** What evaluating these weights gives, validated or not (checkpoints carry it). */
  readonly quality: ModelQuality;
  readonly validated: boolean;
  readonly validationLoss: number;
  readonly saved: boolean;
  /** Simulated seconds: batches, then validation and saving on top. */
  readonly trainSeconds: number;
  readonly validationSeconds: number;
  readonly saveSeconds: number;
  /** Step at which the loss became nan (Keras' TerminateOnNaN), if it did in this epoch. */
  readonly nanBatch: number | undefined;
  /** Step after which an injected crash happens, if it does in this epoch. */
  readonly crashBatch: number | undefined;
}

export function epochMetrics(
  plan: TrainPlan,
  epoch: number,
  failures: FailurePlan,
  firstOfProcess: boolean,
): EpochMetrics {
  const { spec, seed, curve } = plan;
  const x = plan.offset + epoch;
  const steps = plan.stepsPerEpoch;
  const nanBatch =
    failures.nanAt === epoch ? 1 + Math.floor(unit(seed, 'nan-batch', x) * steps * 0.8) : undefined;
  const crashBatch =
    failures.crashAt === epoch ? 1 + Math.floor(steps * (0.3 + 0.4 * unit(seed, 'crash', x))) : undefined;
  const validated = epoch % spec.validationPeriod === 0;
  let quality = qualityAt(curve, seed, spec.classes, x);
  let validationLoss = validationLossAt(curve, seed, x);
  if (nanBatch !== undefined) {
    // nan weights make no detections: every AP is 0 and the validation loss is nan.
    quality = { ap: Object.fromEntries(spec.classes.map((c) => [c, 0])), mAP: 0 };
    validationLoss = Number.NaN;
  }
  const base = epochSeconds({
    gpus: plan.gpus,
    amp: plan.amp,
    qat: spec.enableQat,
    paramRatio: plan.paramCount / plan.unprunedParamCount,
  });
  // The first epoch of a process also builds the graph and warms up the input pipeline.
  const trainSeconds = base * (1 + 0.015 * gauss(seed, 'epoch-time', x)) * (firstOfProcess ? 1.12 : 1);
  const evalBatches = Math.ceil(VALIDATION_IMAGES / spec.evalBatchSize);
  const lossLevel = trainingLossAt(curve, seed, x);
  return {
    epoch,
    x,
    loss: nanBatch === undefined ? lossLevel : Number.NaN,
    lossLevel,
    lr: softStartAnnealingLr(spec.lr, plan.gpus, Math.min(1, (epoch * steps) / plan.maxIterations)),
    quality,
    validated,
    validationLoss,
    saved: epoch % spec.checkpointInterval === 0,
    trainSeconds,
    validationSeconds: validated ? evalBatches * 0.25 * (1 + 0.05 * unit(seed, 'val-time', x)) : 0,
    saveSeconds: epoch % spec.checkpointInterval === 0 ? 0.35 + 0.1 * unit(seed, 'save-time', x) : 0,
    nanBatch,
    crashBatch,
  };
}

/** The running mean loss Keras shows after `step` of `steps` batches: a little above the epoch mean early on. */
export function runningLoss(m: EpochMetrics, seed: number, step: number, steps: number): number {
  if (m.nanBatch !== undefined && step >= m.nanBatch) return Number.NaN;
  if (step >= steps) return m.loss;
  return m.lossLevel * (1 + 0.05 * (1 - step / steps)) * (1 + 0.004 * gauss(seed, 'step', m.x, step));
}
