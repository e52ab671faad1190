import type { Result } from '../../../shared/result.js';
import type { TaoVersion } from '../types.js';

/**
 * Where a command runs: the TAO version (which picks the dialect) and the launcher, the argv prefix that stands for
 * TAO's `tao` command (`['tao']`), a device tool (`['/usr/src/tensorrt/bin/trtexec']`) or taobot's simulator
 * (`[node, 'bin/taobot.js', 'tao-sim']`).
 */
export interface TaoTarget {
  readonly version: TaoVersion;
  readonly launcher: readonly string[];
}

/** Why a command could not be built; `field` names the option to fix. */
export interface CommandError {
  readonly message: string;
  readonly field: string;
}

/** A complete argv (`[...launcher, ...args]`), or the first problem found in the options. */
export type CommandResult = Result<string[], CommandError>;

export const NORMALIZERS = ['max', 'L2'] as const;
export const EQUALIZATIONS = ['union', 'intersection', 'arithmetic_mean', 'geometric_mean'] as const;
export const PRECISIONS = ['fp32', 'fp16', 'int8'] as const;

/*
 * Networks and enums are typed as plain strings on purpose: the values come from chat input, and the builders'
 * checks are what turn a typo into a message that says what to type instead.
 */

export interface TrainOptions {
  readonly network: string;
  readonly gpus: number;
  /** One index per GPU, distinct; TAO picks GPUs 0..gpus-1 when absent. */
  readonly gpuIndexes?: readonly number[];
  readonly spec: string;
  readonly resultsDir: string;
  /** Required on TAO 3/4 (models are encrypted with it); optional on TAO 5. */
  readonly key?: string;
  /** Pretrained weights, a pruned model, or the checkpoint to resume from. */
  readonly model?: string;
  /** 1-based epoch to resume at; needs `model`. */
  readonly initialEpoch?: number;
  readonly useAmp?: boolean;
}

export interface EvaluateOptions {
  readonly network: string;
  readonly gpuIndex?: number;
  readonly spec: string;
  readonly model: string;
  /** TAO 5 only. */
  readonly resultsDir?: string;
  readonly key?: string;
}

export interface PruneOptions {
  readonly network: string;
  readonly gpuIndex?: number;
  readonly model: string;
  /** `.hdf5` on TAO 5, `.tlt` on TAO 3/4. */
  readonly output: string;
  /** TAO 5 only. */
  readonly resultsDir?: string;
  readonly key?: string;
  /** `-n`: `max` or `L2`. */
  readonly normalizer?: string;
  /** `-eq`: `union`, `intersection`, `arithmetic_mean` or `geometric_mean`. */
  readonly equalization?: string;
  /** `-pg`. */
  readonly granularity?: number;
  /** `-pth`, in (0, 1]. */
  readonly threshold?: number;
  /** `-nf`. */
  readonly minFilters?: number;
  /** `-el`. */
  readonly excludedLayers?: readonly string[];
}

/** INT8 calibration inputs shared by TAO 3/4 export and TAO 5 gen_trt_engine. */
export interface CalibrationOptions {
  readonly calImageDir?: string;
  readonly calDataFile?: string;
  readonly calCacheFile?: string;
  readonly batches?: number;
}

export interface ExportOptions extends CalibrationOptions {
  readonly network: string;
  readonly gpuIndex?: number;
  readonly model: string;
  /** `.onnx` on TAO 5 (must not exist yet: TAO 5 asserts on it), `.etlt` on TAO 3/4. */
  readonly output: string;
  readonly spec: string;
  readonly key?: string;
  /** The model was trained with QAT: TAO 5 then needs `calJsonFile`; TAO 3/4 INT8 needs only `calCacheFile`. */
  readonly qat?: boolean;
  /** TAO 3/4 only (TAO 5 chooses the precision in gen_trt_engine). */
  readonly dataType?: string;
  readonly batchSize?: number;
  /** TAO 3/4 only. */
  readonly engineFile?: string;
  /** TAO 5 only. */
  readonly resultsDir?: string;
  /** TAO 5 only. */
  readonly calJsonFile?: string;
  /** TAO 5 only. */
  readonly genDsConfig?: boolean;
}

export interface InferenceOptions {
  readonly network: string;
  readonly gpuIndex?: number;
  readonly images: string;
  readonly spec: string;
  readonly model: string;
  readonly resultsDir: string;
  readonly key?: string;
}

export interface GenTrtEngineOptions extends CalibrationOptions {
  readonly network: string;
  readonly gpuIndex?: number;
  /** The `.onnx` written by TAO 5 export. */
  readonly model: string;
  readonly spec: string;
  readonly engineFile: string;
  readonly dataType: string;
  readonly maxBatchSize?: number;
  readonly batchSize?: number;
  /** A QAT model's calibration json, instead of the image-based calibration options. */
  readonly calJsonFile?: string;
  readonly resultsDir?: string;
  readonly key?: string;
}

/** Batch sizes of a dynamic-shape engine for an NCHW input named `Input` (TAO's detectors). */
export interface EngineShapes {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** Defaults to 1. */
  readonly minBatch?: number;
  readonly optBatch: number;
  readonly maxBatch: number;
}

export interface BenchmarkOptions {
  readonly iterations?: number;
  readonly avgRuns?: number;
  /** Seconds. */
  readonly duration?: number;
}

/** `trtexec --onnx=…`: build an engine from a TAO 5 `.onnx`, then benchmark it. */
export interface TrtexecBuildOptions extends BenchmarkOptions {
  readonly onnx: string;
  readonly saveEngine: string;
  readonly precision: string;
  /** INT8 calibration cache; required for int8. */
  readonly calib?: string;
  readonly shapes?: EngineShapes;
}

/** `trtexec --loadEngine=…`: benchmark an engine that already exists (any TAO version). */
export interface TrtexecLoadOptions extends BenchmarkOptions {
  readonly loadEngine: string;
}

export interface TaoConverterOptions {
  readonly network: string;
  readonly key: string;
  /** The `.etlt` written by TAO 3/4 export. */
  readonly model: string;
  readonly engineFile: string;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly precision: string;
  readonly maxBatch: number;
  /** INT8 calibration cache; required for int8. */
  readonly calCacheFile?: string;
  /** Workspace size in bytes. */
  readonly workspace?: number;
}
