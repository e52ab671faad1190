import type { Precision } from '../pipeline/tao/types.js';

/**
 * Parameter counts and file sizes of simulated models. Anchored on the seed run of DESIGN §1: an unpruned
 * SSD-ResNet18 for 3 KITTI classes is 101.7 MB, pruned at -pth 0.1 it is 22.5 MB and at 0.3 it is 9.8 MB
 * (MB = 2^20 bytes, the unit of TAO's prune `size` kpi).
 */

const MIB = 2 ** 20;

/** Approximate backbone parameters (ImageNet models without their classifier). */
const BACKBONE_PARAMS: Record<string, number> = {
  resnet10: 4_900_000,
  resnet18: 11_200_000,
  resnet34: 21_300_000,
  resnet50: 23_500_000,
  resnet101: 42_500_000,
  vgg16: 14_700_000,
  vgg19: 20_000_000,
  darknet19: 19_800_000,
  darknet53: 40_600_000,
  cspdarknet19: 19_000_000,
  cspdarknet53: 26_600_000,
  cspdarknet_tiny: 2_500_000,
  mobilenet_v1: 3_200_000,
  mobilenet_v2: 2_200_000,
  googlenet: 6_000_000,
  squeezenet: 730_000,
  efficientnet_b0: 4_000_000,
};

/** SSD heads: a fixed part plus the confidence convolutions of each class (background included). */
const HEAD_PARAMS = 1_687_654;
const HEAD_PARAMS_PER_CLASS = 110_592;
/** Checkpoints are saved with `include_optimizer=True`: float32 weights plus SGD momentum. */
const BYTES_PER_PARAM = 8;

/** Parameters of an unpruned model of a backbone (`resnet18`) for a number of output classes. */
export function unprunedParamCount(archName: string, numClasses: number): number {
  const backbone = BACKBONE_PARAMS[archName] ?? BACKBONE_PARAMS.resnet18 ?? 0;
  return backbone + HEAD_PARAMS + HEAD_PARAMS_PER_CLASS * (numClasses + 1);
}

/** Bytes of a saved Keras model (`.hdf5`/`.tlt`) with that many parameters; QAT adds the quantizer nodes. */
export function modelFileBytes(paramCount: number, qat: boolean): number {
  return Math.round(paramCount * BYTES_PER_PARAM * (qat ? 1.002 : 1));
}

/** Bytes of an exported `.onnx`/`.etlt`: close to the model it comes from. */
export function exportFileBytes(modelBytes: number): number {
  return Math.round(modelBytes * 0.985);
}

/** Bytes of a TensorRT engine: weights at the engine's precision plus the builder's tactics and plugins. */
export function engineFileBytes(paramCount: number, precision: Precision): number {
  const bytesPerWeight = precision === 'fp32' ? 4 : precision === 'fp16' ? 2 : 1;
  return Math.round(paramCount * bytesPerWeight * 1.08 + 1.6 * MIB);
}

export const toMiB = (bytes: number): number => bytes / MIB;

/** The MagNet pruning options that shape the result besides the threshold. */
export interface PruneOptions {
  readonly threshold: number;
  readonly normalizer: string;
  readonly equalization: string;
  readonly granularity: number;
  readonly minFilters: number;
  readonly excludedLayers: number;
}

const SIZE_AT_01 = 22.5 / 101.7;
const SIZE_AT_03 = 9.8 / 101.7;
const LOG_SLOPE = (Math.log(SIZE_AT_03) - Math.log(SIZE_AT_01)) / 0.2;

const EQUALIZATION_FACTOR: Record<string, number> = {
  union: 1,
  arithmetic_mean: 0.97,
  geometric_mean: 0.96,
  intersection: 0.94,
};

/**
 * Kept parameters / original parameters after pruning an unpruned model: log-linear through the anchors
 * (1 at pth 0, 0.2212 at 0.1, 0.0964 at 0.3), extrapolated with the same slope above 0.3 and blended into a
 * floor set by the minimum number of filters per layer. The other options nudge it a few percent; TAO's
 * defaults (max, union, 8, 16, no excluded layers) leave the anchors exact.
 */
export function prunedParamRatio(o: PruneOptions): number {
  const t = Math.max(0, o.threshold);
  const logRatio = t <= 0.1 ? (Math.log(SIZE_AT_01) * t) / 0.1 : Math.log(SIZE_AT_01) + LOG_SLOPE * (t - 0.1);
  const nudge =
    (o.normalizer === 'L2' ? 1.05 : 1) *
    (EQUALIZATION_FACTOR[o.equalization] ?? 1) *
    (1 + 0.012 * Math.log2(Math.max(1, o.granularity) / 8)) *
    (1 + 0.015 * Math.log2(Math.max(1, o.minFilters) / 16)) *
    (1 + Math.min(0.1, 0.004 * o.excludedLayers));
  const raw = Math.min(1, Math.exp(logRatio) * nudge);
  const floor = Math.min(0.2, (0.012 * Math.max(1, o.minFilters)) / 16);
  // A smooth, monotone floor: no effect near the anchors, the floor itself at very high thresholds.
  return Math.min(1, raw + floor * Math.exp(-raw / floor));
}

/** How much harder than usual the options prune (about 1): feeds the accuracy lost by retraining. */
export function pruneSeverity(o: PruneOptions): number {
  const defaults = {
    ...o,
    normalizer: 'max',
    equalization: 'union',
    granularity: 8,
    minFilters: 16,
    excludedLayers: 0,
  };
  return Math.max(0.5, Math.min(1.5, prunedParamRatio(defaults) / prunedParamRatio(o)));
}
