import { err, ok, type Result } from '../shared/result.js';

/**
 * The simulator's knobs, all from the environment it is started with:
 * - `TAOBOT_SIM_EPOCH_MS`: wall-clock milliseconds per training epoch (default 100);
 * - `TAOBOT_SIM_PROFILE=realistic`: take as long as the simulated hardware would (48 s per epoch on one GPU),
 *   unless `TAOBOT_SIM_EPOCH_MS` is also set, which wins;
 * - `TAOBOT_SIM_SEED`: the seed of the curves, instead of the spec's `random_seed`;
 * - `TAOBOT_SIM_FAIL`: comma-separated failures to inject (`crash@N`, `nan@N`, `disk-full@N`, `prune`,
 *   `export`, `engine`).
 */
export interface SimSettings {
  /** Wall-clock milliseconds per epoch, or undefined to take the simulated time. */
  readonly epochMs: number | undefined;
  readonly seed: number | undefined;
  readonly failures: FailurePlan;
}

export interface FailurePlan {
  /** Epoch at which training crashes with a Python traceback. */
  readonly crashAt?: number;
  /** Epoch at which the loss becomes nan and Keras' TerminateOnNaN stops training. */
  readonly nanAt?: number;
  /** First epoch whose checkpoint save fails with `[Errno 28] No space left on device`. */
  readonly diskFullAt?: number;
  readonly prune: boolean;
  readonly export: boolean;
  readonly engine: boolean;
}

export const DEFAULT_EPOCH_MS = 100;

const FAIL_HELP = 'expected a comma-separated list of crash@N, nan@N, disk-full@N, prune, export, engine';

/** Reads the knobs; a bad value is an error that names the variable and what it accepts. */
export function readSimSettings(
  env: Readonly<Record<string, string | undefined>>,
): Result<SimSettings, string> {
  const profile = env.TAOBOT_SIM_PROFILE?.trim() || 'fast';
  if (profile !== 'fast' && profile !== 'realistic') {
    return err(`TAOBOT_SIM_PROFILE=${profile}: expected "fast" (the default) or "realistic"`);
  }
  let epochMs: number | undefined = profile === 'realistic' ? undefined : DEFAULT_EPOCH_MS;
  const rawEpochMs = env.TAOBOT_SIM_EPOCH_MS?.trim();
  if (rawEpochMs) {
    const value = Number(rawEpochMs);
    if (!Number.isFinite(value) || value < 0) {
      return err(`TAOBOT_SIM_EPOCH_MS=${rawEpochMs}: expected a number of milliseconds >= 0, e.g. 100`);
    }
    epochMs = value;
  }
  let seed: number | undefined;
  const rawSeed = env.TAOBOT_SIM_SEED?.trim();
  if (rawSeed) {
    if (!/^-?\d+$/.test(rawSeed)) return err(`TAOBOT_SIM_SEED=${rawSeed}: expected an integer, e.g. 42`);
    seed = Number(rawSeed);
  }
  const failures = parseFailures(env.TAOBOT_SIM_FAIL?.trim() ?? '');
  if (!failures.ok) return failures;
  return ok({ epochMs, seed, failures: failures.value });
}

function parseFailures(raw: string): Result<FailurePlan, string> {
  const plan: { -readonly [K in keyof FailurePlan]: FailurePlan[K] } = {
    prune: false,
    export: false,
    engine: false,
  };
  for (const item of raw.split(',').map((s) => s.trim())) {
    if (item === '') continue;
    if (item === 'prune' || item === 'export' || item === 'engine') {
      plan[item] = true;
      continue;
    }
    const match = /^(crash|nan|disk-full)@(\d+)$/.exec(item);
    const epoch = Number(match?.[2]);
    if (!match || epoch < 1) return err(`TAOBOT_SIM_FAIL: "${item}" is not a failure; ${FAIL_HELP}`);
    if (match[1] === 'crash') plan.crashAt = epoch;
    else if (match[1] === 'nan') plan.nanAt = epoch;
    else plan.diskFullAt = epoch;
  }
  return ok(plan);
}
