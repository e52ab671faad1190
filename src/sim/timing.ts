import type { SimSettings } from './settings.js';

/** The simulated dataset: 85 steps per epoch at batch 16 on one GPU, as in the reference console logs. */
export const TRAIN_IMAGES = 1360;
export const VALIDATION_IMAGES = 340;

/** Seconds per epoch on one RTX A4000 (DESIGN §1): 48 s; two cards together take 40 s. */
const ONE_GPU_EPOCH_SECONDS = 48;
const SPEEDUP_PER_DOUBLING = 48 / 40;

export interface EpochCostFactors {
  readonly gpus: number;
  readonly amp: boolean;
  readonly qat: boolean;
  /** Parameters relative to the unpruned model: pruned models train faster. */
  readonly paramRatio: number;
}

/** Simulated seconds of one training epoch (batches only; validation and saving come on top). */
export function epochSeconds(f: EpochCostFactors): number {
  const gpuScale = f.gpus ** -Math.log2(SPEEDUP_PER_DOUBLING);
  const modelScale = 0.45 + 0.55 * Math.min(1, f.paramRatio);
  return ONE_GPU_EPOCH_SECONDS * gpuScale * (f.amp ? 0.8 : 1) * (f.qat ? 1.3 : 1) * modelScale;
}

/** Wall-clock milliseconds one epoch takes: TAOBOT_SIM_EPOCH_MS, or the simulated time in realistic mode. */
export function epochWallMs(settings: SimSettings, simulatedSeconds: number): number {
  return settings.epochMs ?? simulatedSeconds * 1000;
}

/**
 * Wall-clock milliseconds of another step (evaluate, prune, export, engine build) that would take
 * `simulatedSeconds`: scaled like an epoch in fast mode (and capped at 2 s), real time in realistic mode.
 */
export function taskWallMs(settings: SimSettings, simulatedSeconds: number): number {
  if (settings.epochMs === undefined) return simulatedSeconds * 1000;
  return Math.min(2000, (simulatedSeconds * settings.epochMs) / ONE_GPU_EPOCH_SECONDS);
}
