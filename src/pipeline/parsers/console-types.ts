/**
 * Events read from TAO's console output (TLT 2, TAO 3/4 and TAO 5). Every event carries the log level of
 * its line when the line had a logging prefix (`[INFO]`, `[TAO Toolkit] [WARNING]`), else null.
 */

interface Leveled {
  readonly level: string | null;
}

/** `Epoch 79/80`: Keras starts an epoch (1-indexed). */
export interface EpochStartEvent extends Leveled {
  readonly kind: 'epoch-start';
  readonly epoch: number;
  readonly maxEpoch: number;
}

/** A Keras `- ETA:` frame: how far the current epoch has got, for a live status. */
export interface ProgressEvent extends Leveled {
  readonly kind: 'progress';
  readonly epoch: number | null;
  readonly step: number;
  readonly steps: number;
  readonly etaS: number | null;
  readonly loss: number | null;
}

/** The final Keras frame of an epoch: `85/85 [====] - 18s 210ms/step - loss: 1.7293`. */
export interface EpochEndEvent extends Leveled {
  readonly kind: 'epoch-end';
  readonly epoch: number | null;
  readonly step: number;
  readonly steps: number;
  readonly durationS: number;
  readonly stepTimeMs: number | null;
  readonly loss: number | null;
  /** Every `- name: value` pair of the frame, loss included (nan → null). */
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** DetectNet_v2's one-line epoch summary: `Epoch 0/80: loss: … learning rate: … Time taken: … ETA: …`. */
export interface EpochSummaryEvent extends Leveled {
  readonly kind: 'epoch-summary';
  readonly epoch: number;
  readonly maxEpoch: number;
  readonly loss: number | null;
  readonly lr: number | null;
  readonly timeTakenS: number | null;
  readonly etaS: number | null;
}

/** `Epoch 00080: saving model to …/ssd_resnet18_epoch_080.tlt`. */
export interface CheckpointEvent extends Leveled {
  readonly kind: 'checkpoint';
  readonly epoch: number;
  readonly path: string;
}

/** `Epoch 00012: early stopping` (Keras EarlyStopping). */
export interface EarlyStopEvent extends Leveled {
  readonly kind: 'early-stop';
  readonly epoch: number;
}

/** The AP table between `****` lines, during training validation or a standalone evaluation. */
export interface ApTableEvent extends Leveled {
  readonly kind: 'ap-table';
  /** The epoch of the last `Epoch N/M` line, or null when none came before (a standalone evaluate). */
  readonly epoch: number | null;
  /** Per-class AP in table order, as fractions 0–1 (nan → null). */
  readonly ap: Readonly<Record<string, number | null>>;
  readonly map: number | null;
  /** The most decimals printed: TAO rounds to 5 during training and 3 in a standalone evaluate. */
  readonly decimals: number;
}

/** `Validation loss: 41.868257820344645`. */
export interface ValidationLossEvent extends Leveled {
  readonly kind: 'validation-loss';
  readonly epoch: number | null;
  readonly value: number | null;
}

/** `Number of images in the evaluation dataset: 886` (and the training/validation counts). */
export interface DatasetEvent extends Leveled {
  readonly kind: 'dataset';
  readonly split: 'training' | 'validation' | 'evaluation';
  readonly images: number;
}

/** `Pruning ratio (pruned model / original model): 0.269…`: parameters of the pruned model / the original. */
export interface PruneEvent extends Leveled {
  readonly kind: 'prune';
  readonly ratio: number | null;
}

/** `Saving exported model to <path>`. */
export interface ExportEvent extends Leveled {
  readonly kind: 'export';
  readonly path: string;
}

/** `Execution status: PASS` / `FAIL`, the last line of every TAO 5 TF1 task. */
export interface ExecutionStatusEvent extends Leveled {
  readonly kind: 'execution-status';
  readonly passed: boolean;
}

/** A Python traceback, from `Traceback (most recent call last):` to its `SomeError: message` line. */
export interface TracebackEvent extends Leveled {
  readonly kind: 'traceback';
  readonly lines: readonly string[];
  /** The final `SomeError: message` line; null when the output ended before it. */
  readonly error: string | null;
  readonly errorType: string | null;
  readonly errorMessage: string | null;
}

/** `Using TLT model for inference, …: 16` / `Using TensorRT engine for inference, …`. */
export interface EvaluateStartEvent extends Leveled {
  readonly kind: 'evaluate-start';
  readonly engine: 'model' | 'tensorrt';
  readonly batchSize: number | null;
}

export const CONSOLE_PHASES = [
  'loading-pretrained',
  'loading-pruned',
  'initializing-optimizer',
  'predicting',
  'matching',
  'computing-ap',
  'evaluation-finished',
] as const;
export type ConsolePhase = (typeof CONSOLE_PHASES)[number];

/** A step of a task that has no numbers of its own (`Start to calculate AP for each class`, …). */
export interface PhaseEvent extends Leveled {
  readonly kind: 'phase';
  readonly phase: ConsolePhase;
  /** `Producing predictions: 56/56` progress, when the line has it. */
  readonly step: number | null;
  readonly steps: number | null;
}

/** A prefixed log line at WARNING or above that no other event describes. */
export interface LogEvent extends Leveled {
  readonly kind: 'log';
  readonly level: string;
  readonly logger: string;
  readonly message: string;
}

export type ConsoleEvent =
  | EpochStartEvent
  | ProgressEvent
  | EpochEndEvent
  | EpochSummaryEvent
  | CheckpointEvent
  | EarlyStopEvent
  | ApTableEvent
  | ValidationLossEvent
  | DatasetEvent
  | PruneEvent
  | ExportEvent
  | ExecutionStatusEvent
  | TracebackEvent
  | EvaluateStartEvent
  | PhaseEvent
  | LogEvent;
