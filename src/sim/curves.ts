/**
 * The simulated training curves. Everything here is a pure function of the seed and the effective epoch (epochs of
 * training behind the weights), so a run resumed from a checkpoint continues the very same curve and the same seed
 * gives identical files.
 */

/** Latent model quality (mAP without noise) over effective epochs: start → target with time constant tau. */
export interface Curve {
  readonly start: number;
  readonly target: number;
  readonly tau: number;
}

export interface ModelQuality {
  /** Average precision per class, 0–1. */
  readonly ap: Readonly<Record<string, number>>;
  /** Mean of the per-class APs, as TAO computes it (`np.mean(ap[1:])`). */
  readonly mAP: number;
}

/** TAO's `soft_start_annealing_schedule`. */
export interface LrSchedule {
  readonly minLearningRate: number;
  readonly maxLearningRate: number;
  readonly softStart: number;
  readonly annealing: number;
}

/** A deterministic number in [0, 1) from a seed and labels: FNV-1a over the text, then a murmur3 finaliser. */
export function unit(seed: number, ...parts: readonly (string | number)[]): number {
  const text = `${seed}|${parts.join('|')}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}

/** Roughly standard-normal noise (Irwin–Hall with four terms), deterministic like `unit`. */
export function gauss(seed: number, ...parts: readonly (string | number)[]): number {
  let sum = 0;
  for (let k = 0; k < 4; k += 1) sum += unit(seed, ...parts, k);
  return (sum - 2) * Math.sqrt(3);
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * The curve of a run trained from scratch or from pretrained backbone weights: mAP saturating between 0.64 and
 * 0.76 (KITTI-like); slower and lower without pretrained weights, slightly lower with QAT.
 */
export function freshCurve(seed: number, options: { pretrained: boolean; qat: boolean }): Curve {
  const target =
    0.64 + 0.12 * unit(seed, 'target') - (options.pretrained ? 0 : 0.05) - (options.qat ? 0.006 : 0);
  return { start: 0, target, tau: options.pretrained ? 12 : 20 };
}

/**
 * The curve of retraining a pruned model: it starts at the accuracy left right after pruning (little lost at
 * low thresholds, much at high ones) and recovers to a little below the parent, more so for higher thresholds.
 * `severity` (about 1) carries the pruning options' small effect.
 */
export function prunedCurve(parentMap: number, threshold: number, severity: number): Curve {
  const t = Math.max(0, threshold);
  const drop = (0.003 + 0.2 * t * t) * severity;
  const start = parentMap * Math.exp(-((t / 0.45) ** 3) * severity);
  return { start, target: Math.max(0, parentMap - drop), tau: 6 };
}

/** The noiseless quality at an effective epoch. */
export function latentQuality(curve: Curve, x: number): number {
  return curve.start + (curve.target - curve.start) * (1 - Math.exp(-Math.max(0, x) / curve.tau));
}

/** Per-class offsets from the mean, centred so they do not move the mAP. */
function classOffsets(seed: number, classes: readonly string[]): number[] {
  const raw = classes.map((c) => (unit(seed, 'class', c) - 0.5) * 0.26);
  const mean = raw.reduce((a, b) => a + b, 0) / Math.max(1, raw.length);
  return raw.map((r) => r - mean);
}

/** What validation would measure at an effective epoch: per-class APs with noise, and their mean. */
export function qualityAt(curve: Curve, seed: number, classes: readonly string[], x: number): ModelQuality {
  const latent = latentQuality(curve, x) + 0.006 * gauss(seed, 'map', curve.target, x);
  const spread = clamp(latent / 0.6, 0, 1);
  const offsets = classOffsets(seed, classes);
  const ap: Record<string, number> = {};
  let sum = 0;
  for (const [i, c] of classes.entries()) {
    const value = clamp(
      latent + (offsets[i] ?? 0) * spread + 0.01 * gauss(seed, 'ap', c, curve.target, x),
      0,
      1,
    );
    ap[c] = value;
    sum += value;
  }
  return { ap, mAP: classes.length === 0 ? 0 : sum / classes.length };
}

/** How far the weights are from where the curve saturates, 0–1: drives the losses. */
function gap(curve: Curve, x: number): number {
  return curve.target <= 0 ? 1 : clamp((curve.target - latentQuality(curve, x)) / curve.target, 0, 1);
}

function lossLevel(curve: Curve, seed: number, x: number): number {
  const floor = 2 + 0.4 * unit(seed, 'loss-floor');
  return floor * (1 + 4.2 * gap(curve, x) ** 1.1);
}

/** The epoch's mean training loss: high at first, decreasing with noise. */
export function trainingLossAt(curve: Curve, seed: number, x: number): number {
  return lossLevel(curve, seed, x) * (1 + 0.02 * gauss(seed, 'loss', curve.target, x));
}

/** The validation loss measured at an effective epoch. */
export function validationLossAt(curve: Curve, seed: number, x: number): number {
  return lossLevel(curve, seed, x) * 1.15 * (1 + 0.03 * gauss(seed, 'val-loss', curve.target, x));
}

/**
 * TAO's SoftStartAnnealingLearningRateScheduler (`cv/common/utils.py`) at a training progress in [0, 1]:
 * exponential ramp from min to base, plateau, exponential decay back to min. TAO multiplies both rates by the
 * number of GPUs.
 */
export function softStartAnnealingLr(schedule: LrSchedule, gpus: number, progress: number): number {
  const baseLr = schedule.maxLearningRate * gpus;
  const minLr = schedule.minLearningRate * gpus;
  if (!baseLr) return baseLr;
  const p = clamp(progress, 0, 1);
  const softStart = schedule.softStart > 0 ? p / schedule.softStart : 1;
  const annealing = schedule.annealing < 1 ? (1 - p) / (1 - schedule.annealing) : 1;
  let t = p < schedule.softStart ? softStart : 1;
  if (p > schedule.annealing) t = annealing;
  return Math.exp(Math.log(minLr) + t * (Math.log(baseLr) - Math.log(minLr)));
}
