/**
 * A run is one or more steps run one after another by the reconciler (train is one step; deploy is export, copy,
 * engine build and benchmark, install). Most steps are a process on the GPU server or on the device; a transfer
 * is taobot itself copying files from the server to the device. Steps are planned again from the run's stored
 * parameters whenever they are needed, so no argv (and no key) is stored.
 */
export type Step = ProcessStep | TransferStep;

/** A command started detached on the server or the device, followed through its exit file. */
export interface ProcessStep {
  kind?: 'process';
  /** Shown to people: 'export', 'copy to nano', 'build engine'. */
  name: string;
  where: 'server' | 'device';
  argv: string[];
}

/**
 * Files taobot copies from the server to the device itself (read from one executor, written to the other), for
 * machines that cannot see each other's files. Its log and exit files are on the device, like a process step's.
 */
export interface TransferStep {
  kind: 'transfer';
  name: string;
  where: 'device';
  from: 'server';
  to: 'device';
  /** Absolute paths on the server and where each goes on the device. */
  files: Array<{ source: string; target: string }>;
}

export interface DeployParams {
  sourceRunId: number;
  epoch: number;
  checkpoint: string;
  device: string;
  precision: 'fp32' | 'fp16' | 'int8';
  qat: boolean;
}

export interface PruneParams {
  sourceRunId: number;
  sourceEpoch: number;
  checkpoint: string;
  threshold: number;
  normalizer: string;
  equalization: string;
  granularity: number;
  minFilters: number;
  excludedLayers: string[];
}

export interface EvaluateParams {
  sourceRunId: number;
  epoch: number;
  checkpoint: string;
}

export interface TrainParams {
  /** `-m`: pretrained weights, a pruned model (retrain) or a checkpoint to continue from. */
  startModel?: string;
  initialEpoch?: number;
  pruneRunId?: number;
}
