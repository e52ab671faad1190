/**
 * Events read from TAO's `status.json`: one JSON object per line, appended by TAO's status loggers
 * (train, evaluate, prune, export, and `tao deploy`).
 */

export const STATUS_VALUES = ['STARTED', 'RUNNING', 'SUCCESS', 'FAILURE', 'SKIPPED'] as const;
export type StatusValue = (typeof STATUS_VALUES)[number];

export const VERBOSITIES = ['DISABLE', 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'] as const;
export type Verbosity = (typeof VERBOSITIES)[number];

/** What every status line carries. */
export interface StatusMeta {
  readonly status: StatusValue;
  readonly verbosity: Verbosity | null;
  /** As written: `month/day/year`, not zero-padded (`1/5/2024`). */
  readonly date: string | null;
  /** As written: `hour:minute:second`, not zero-padded (`9:3:7`). */
  readonly time: string | null;
  /**
   * Milliseconds since the Unix epoch for `date` + `time`. TAO writes the GPU host's local wall clock with no
   * zone, so this reads it as UTC: compare timestamps of one run, do not mix them with this machine's clock.
   */
  readonly timestamp: number | null;
  readonly message: string | null;
  /** `categorical` values (name → category → value), when the line has any. */
  readonly categorical: Readonly<Record<string, Readonly<Record<string, number | null>>>> | null;
}

/** A task started (`Starting Training Loop.`, `Starting SSD evaluation.`, `Starting ssd gen_trt_engine.`). */
export interface StatusStartedEvent {
  readonly kind: 'started';
  readonly meta: StatusMeta;
}

/** The end of a training epoch. Metric values are `null` when absent, nan or inf. */
export interface StatusEpochEvent {
  readonly kind: 'epoch';
  /** As TAO wrote it: 1-based for the Keras detectors, 0-based at the start for DetectNet_v2. */
  readonly epoch: number;
  readonly maxEpoch: number | null;
  readonly timePerEpochS: number | null;
  readonly etaS: number | null;
  readonly loss: number | null;
  readonly lr: number | null;
  readonly validationLoss: number | null;
  /** Always null for ssd, dssd, retinanet and the YOLOs: their epoch lines can repeat a stale mAP. */
  readonly map: number | null;
  readonly meta: StatusMeta;
}

/** Validation metrics (`Evaluation metrics generated.`), written just before the epoch line they belong to. */
export interface StatusValidationEvent {
  readonly kind: 'validation';
  /** The epoch after the last epoch line seen; null when no epoch line came before (a resumed run). */
  readonly epoch: number | null;
  readonly validationLoss: number | null;
  readonly map: number | null;
  readonly meta: StatusMeta;
}

/** The prune result: parameter ratio (pruned / original), size in MB and parameters in millions. */
export interface StatusPruneEvent {
  readonly kind: 'prune';
  readonly ratio: number | null;
  readonly sizeMb: number | null;
  readonly paramCountM: number | null;
  readonly meta: StatusMeta;
}

/** The mAP of a standalone evaluation. */
export interface StatusEvaluateEvent {
  readonly kind: 'evaluate';
  readonly map: number | null;
  readonly meta: StatusMeta;
}

/** A task ended. `tao deploy` reports its success with status RUNNING, which counts here too. */
export interface StatusFinishedEvent {
  readonly kind: 'finished';
  readonly success: boolean;
  readonly meta: StatusMeta;
}

/** Any other line (`Training loop in progress` without an epoch, `Exporting the model.`, …). */
export interface StatusMessageEvent {
  readonly kind: 'message';
  readonly meta: StatusMeta;
}

export type StatusEvent =
  | StatusStartedEvent
  | StatusEpochEvent
  | StatusValidationEvent
  | StatusPruneEvent
  | StatusEvaluateEvent
  | StatusFinishedEvent
  | StatusMessageEvent;
