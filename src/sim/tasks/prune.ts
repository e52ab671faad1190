import { existsSync, statSync } from 'node:fs';
import type { ParsedArgs } from '../argparse.js';
import { keyCheck, loadModel, resolvePath, type TaskContext } from '../context.js';
import { prunedCurve, qualityAt } from '../curves.js';
import { LOG, taoSourcePath } from '../log-sources.js';
import { type SimulatedModelHeader, writeSimulatedModel } from '../model-file.js';
import { modelFileBytes, type PruneOptions, prunedParamRatio, pruneSeverity, toMiB } from '../model-size.js';
import { PyError, sleep } from '../py-error.js';
import { PyFloat, pyFloat } from '../py-format.js';
import { taskWallMs } from '../timing.js';
import type { TaskOutcome } from './outcome.js';
import { withStatus } from './with-status.js';

const EQUALIZATIONS = ['arithmetic_mean', 'geometric_mean', 'union', 'intersection'];

/**
 * `prune` (`cv/common/magnet_prune.py`): writes the pruned model, logs the parameter ratio and, with
 * `--results_dir`, writes the ratio, size and parameter count to status.json.
 */
export function runPrune(ctx: TaskContext, args: ParsedArgs): Promise<TaskOutcome> {
  return withStatus(ctx, args.str('results_dir'), 'prune', 'Pruning', async (status) => {
    const options: PruneOptions = {
      threshold: args.num('pruning_threshold') ?? 0.1,
      normalizer: args.str('normalizer') ?? 'max',
      equalization: args.str('equalization_criterion') ?? 'union',
      granularity: args.num('pruning_granularity') ?? 8,
      minFilters: args.num('min_num_filters') ?? 16,
      excludedLayers: args.list('excluded_layers').length,
    };
    if (!EQUALIZATIONS.includes(options.equalization)) {
      // TAO's message, with the run of spaces its line continuation leaves inside the string.
      throw assertion(
        ctx,
        'Equalization criterion are [arithmetic_mean, geometric_mean, union,          intersection].',
      );
    }
    if (!['L2', 'max'].includes(options.normalizer))
      throw assertion(ctx, 'normalizer options are [L2, max].');
    const key = args.str('key');
    const model = loadModel(ctx, resolvePath(ctx, args.str('model') ?? ''), key);
    ctx.console.log('INFO', LOG.pruningGraph, 'Exploring graph for retainable indices');
    await sleep(taskWallMs(ctx.settings, 25), ctx.signal);
    if (ctx.settings.failures.prune) {
      throw new PyError(
        'ValueError',
        'Pruning failed while exploring the graph (failure injected by TAOBOT_SIM_FAIL=prune)',
      );
    }
    ctx.console.log('INFO', LOG.pruningAppend, 'Pruning model and appending pruned nodes to new graph');
    const pruned = prunedHeader(ctx, model, options, key);
    const ratio = pruned.paramCount / model.paramCount;
    const ratioMessage = `Pruning ratio (pruned model / original model): ${pyFloat(ratio)}`;
    ctx.console.log('INFO', LOG.pruneRatio, ratioMessage);
    const outputArg = args.str('output_file') ?? '';
    const output = resolvePath(ctx, outputArg);
    const extension = ctx.dialect === 'tao5' ? '.hdf5' : '.tlt';
    if (ctx.dialect === 'tao4' && !output.endsWith('.tlt')) {
      throw new PyError(
        'ValueError',
        `the pruned model must be a .tlt file on TAO 3/4, got ${outputArg}: end -o with .tlt`,
      );
    }
    const saved = output.endsWith(extension) ? output : `${output}${extension}`;
    saveModel(saved, pruned);
    // TAO sizes the file under the name given with -o, which only exists when it already ended in .hdf5.
    if (!existsSync(output))
      throw new PyError('FileNotFoundError', `[Errno 2] No such file or directory: '${outputArg}'`);
    status.kpi = {
      pruning_ratio: new PyFloat(ratio),
      size: new PyFloat(toMiB(statSync(output).size)),
      param_count: new PyFloat(pruned.paramCount / 1e6),
    };
    status.write({ message: ratioMessage });
    status.write({ status: 'SUCCESS', message: 'Pruning finished successfully.' });
    return 'passed';
  });
}

function prunedHeader(
  ctx: TaskContext,
  model: SimulatedModelHeader,
  options: PruneOptions,
  key: string | undefined,
): SimulatedModelHeader {
  const before = model.prunedThreshold ?? 0;
  const keptBefore = model.paramCount / model.unprunedParamCount;
  const keptAfter = prunedParamRatio({ ...options, threshold: Math.max(options.threshold, before) });
  // Pruning again at the same or a lower threshold still finds a few more filters to drop.
  const kept = options.threshold <= before ? keptBefore * 0.985 : Math.min(keptBefore, keptAfter);
  const paramCount = Math.max(1, Math.round(model.unprunedParamCount * kept));
  const curve = prunedCurve(model.mAP, options.threshold, pruneSeverity(options));
  const quality = qualityAt(curve, model.seed, model.classes, 0);
  return {
    ...model,
    kind: 'pruned',
    format: ctx.dialect === 'tao5' ? 'hdf5' : 'tlt',
    epoch: null,
    effectiveEpochs: 0,
    mAP: quality.mAP,
    ap: quality.ap,
    paramCount,
    prunedThreshold: options.threshold,
    parentMap: model.mAP,
    curve,
    keyCheck: ctx.dialect === 'tao4' ? keyCheck(key) : null,
    sizeBytes: modelFileBytes(paramCount, model.qat),
    writtenBy: ctx.command,
  };
}

function saveModel(path: string, header: SimulatedModelHeader): void {
  try {
    writeSimulatedModel(path, header);
  } catch {
    throw new PyError(
      'OSError',
      `Unable to create file (unable to open file: name = '${path}', errno = 2, error message = 'No such file or directory', flags = 13, o_flags = 242)`,
    );
  }
}

function assertion(ctx: TaskContext, message: string): PyError {
  return new PyError('AssertionError', message, [
    {
      file: taoSourcePath(ctx.dialect, 'cv/common/magnet_prune.py'),
      line: 158,
      func: 'run_pruning',
      code: 'assert args.equalization_criterion in \\',
    },
  ]);
}
