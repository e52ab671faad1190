import { err, ok } from '../../../shared/result.js';
import { checkpointExtension } from '../types.js';
import { listOption, option, taskWords } from './emit.js';
import {
  type CommandResult,
  EQUALIZATIONS,
  NORMALIZERS,
  type PruneOptions,
  type TaoTarget,
} from './types.js';
import {
  checkAbsentOn,
  checkDistinct,
  checkEnum,
  checkExtension,
  checkGpuIndex,
  checkInteger,
  checkKey,
  checkNetwork,
  checkOptionalPath,
  checkPath,
  checkTarget,
  firstProblem,
  type Problem,
  problem,
} from './validate.js';

/** TAO's own prune defaults (`magnet_prune.py`); taobot always passes them explicitly so a run records them. */
export const PRUNE_DEFAULTS = Object.freeze({
  normalizer: 'max',
  equalization: 'union',
  granularity: 8,
  threshold: 0.1,
  minFilters: 16,
  excludedLayers: Object.freeze([]) as readonly string[],
});

/** Keras layer names: letters, digits, `_`, and the `.:/-` that scoped names use, not starting with `-`. */
const LAYER_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:/-]*$/;

/**
 * `tao model <net> prune` (TAO 5) or `tao <net> prune` (TAO 3/4). All of `-n -eq -pg -pth -nf` are emitted,
 * with TAO's defaults for the ones not chosen.
 *
 * @example
 * buildPrune({ version: 5, launcher: ['tao'] }, { network: 'ssd', model, output: 'pruned.hdf5', threshold: 0.1 })
 * // ok(['tao', 'model', 'ssd', 'prune', '-m', model, '-o', 'pruned.hdf5',
 * //     '-n', 'max', '-eq', 'union', '-pg', '8', '-pth', '0.1', '-nf', '16'])
 */
export function buildPrune(target: TaoTarget, options: PruneOptions): CommandResult {
  const o = { ...PRUNE_DEFAULTS, ...withoutUndefined(options) };
  const tao5 = target.version >= 5;
  const found = firstProblem([
    () => checkTarget(target),
    () => checkNetwork(o.network),
    () => checkGpuIndex(o.gpuIndex),
    () => checkPath('model', o.model),
    () => checkPath('output', o.output),
    () =>
      checkExtension(
        'output',
        o.output,
        checkpointExtension(target.version),
        tao5 ? 'TAO 5 prune crashes on any other extension' : 'TAO 3/4 writes encrypted .tlt models',
      ),
    () => checkDistinct('output', o.output, 'model', o.model),
    () =>
      tao5
        ? checkOptionalPath('resultsDir', o.resultsDir)
        : checkAbsentOn(target.version, 'prune', 'resultsDir', o.resultsDir, 'leave it out'),
    () => checkKey(target.version, o.key),
    () => checkEnum('normalizer', o.normalizer, NORMALIZERS, "TAO's default is max"),
    () => checkEnum('equalization', o.equalization, EQUALIZATIONS, "TAO's default is union"),
    () => checkInteger('granularity', o.granularity, 1, "TAO's default is 8"),
    () => checkThreshold(o.threshold),
    () => checkInteger('minFilters', o.minFilters, 1, "TAO's default is 16"),
    () => checkLayers(o.excludedLayers),
  ]);
  if (found) return err(found);
  return ok([
    ...target.launcher,
    ...taskWords(target.version, o.network, 'prune'),
    ...option('--gpu_index', o.gpuIndex),
    '-m',
    o.model,
    '-o',
    o.output,
    ...option('--results_dir', o.resultsDir),
    ...option('-k', o.key),
    '-n',
    o.normalizer,
    '-eq',
    o.equalization,
    '-pg',
    String(o.granularity),
    '-pth',
    String(o.threshold),
    '-nf',
    String(o.minFilters),
    ...listOption('-el', o.excludedLayers),
  ]);
}

/** `-pth` is a fraction of the largest filter norm: above 0 (nothing pruned) and at most 1. */
function checkThreshold(value: number): Problem {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1) return null;
  return problem(
    'threshold',
    `pth must be a number between 0 and 1 (got ${value}); TAO's default is ${PRUNE_DEFAULTS.threshold}`,
  );
}

function checkLayers(layers: readonly string[]): Problem {
  if (!Array.isArray(layers))
    return problem('excludedLayers', 'excludedLayers must be a list of layer names');
  for (const layer of layers) {
    if (typeof layer !== 'string' || !LAYER_NAME.test(layer)) {
      return problem(
        'excludedLayers',
        `excludedLayers must be Keras layer names such as ssd_conf_0 (got ${JSON.stringify(layer)})`,
      );
    }
  }
  return null;
}

/** Spreading `{ threshold: undefined }` over the defaults would erase the default; drop such keys first. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
