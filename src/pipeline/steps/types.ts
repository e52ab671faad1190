/**
 * A run is one or more steps, each a process on the GPU server or on the device, run one after another by the
 * reconciler (train is one step; deploy is export, copy, engine build and benchmark, install). Steps are planned
 * again from the run's stored parameters whenever they are needed, so no argv (and no key) is stored.
 */
export interface Step {
  /** Shown to people: 'export', 'copy to nano', 'build engine'. */
  name: string;
  where: 'server' | 'device';
  argv: string[];
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
