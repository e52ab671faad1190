import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { trainingCsvFileName } from '../../pipeline/tao/paths.js';
import type { ParsedArgs } from '../argparse.js';
import { resolvePath, type TaskContext } from '../context.js';
import { LOG } from '../log-sources.js';
import { markSimulated } from '../model-file.js';
import { Interrupted, PyError } from '../py-error.js';
import { loadSpec } from '../spec.js';
import { StatusLogger } from '../status-log.js';
import type { TaskOutcome } from './outcome.js';
import { runEpoch, type TrainRun } from './train-epoch.js';
import { KerasCsvLog } from './train-files.js';
import { planTraining } from './train-plan.js';
import { printTrainPreamble } from './train-preamble.js';

/**
 * `train`: the results directory, status.json, the training CSV and the checkpoints, epoch by epoch, as TAO 5's
 * `cv/ssd/scripts/train.py` writes them. Failures end in a FAILURE status line, interruptions in
 * "Training was interrupted".
 */
export async function runTrain(ctx: TaskContext, args: ParsedArgs): Promise<TaskOutcome> {
  const resultsDirArg = args.str('results_dir') ?? '.';
  const resultsDir = resolvePath(ctx, resultsDirArg);
  mkdirSync(resultsDir, { recursive: true });
  markSimulated(resultsDir);
  const statusPath = join(resultsDir, 'status.json');
  const globalStatus = new StatusLogger(statusPath, ctx.console, ctx.now);
  try {
    const spec = loadSpec(resolvePath(ctx, args.str('experiment_spec_file') ?? ''), ctx.network);
    if (!spec.ok) throw spec.error;
    const initialEpoch = args.num('initial_epoch');
    if (initialEpoch !== undefined && initialEpoch < 1) {
      throw new PyError(
        'ValueError',
        `--initial_epoch must be 1 or more (epochs are 1-indexed), got ${initialEpoch}`,
      );
    }
    const plan = planTraining(ctx, args, spec.value);
    printTrainPreamble(ctx, plan);
    mkdirSync(join(resultsDir, 'weights'), { recursive: true });
    const taoStatus = new StatusLogger(statusPath, ctx.console, ctx.now);
    // Every network the simulator accepts writes a Keras CSV; DetectNet_v2, which does not, is not simulated.
    const csvName =
      trainingCsvFileName(ctx.network, spec.value.arch, spec.value.nlayers) ??
      `${ctx.network}_training_log.csv`;
    const csv = new KerasCsvLog(join(resultsDir, csvName));
    const run: TrainRun = {
      ctx,
      plan,
      resultsDirArg,
      resultsDir,
      key: args.str('key'),
      csv,
      globalStatus,
      taoStatus,
    };
    taoStatus.write({ status: 'STARTED', message: 'Starting Training Loop.' });
    let stoppedAt: number | undefined;
    for (let epoch = plan.initialEpoch; epoch <= spec.value.numEpochs; epoch += 1) {
      if (!(await runEpoch(run, epoch, epoch === plan.initialEpoch))) {
        stoppedAt = epoch;
        break;
      }
    }
    taoStatus.write({ status: 'RUNNING', message: 'Training loop complete.' });
    if (stoppedAt !== undefined) {
      // Keras' TerminateOnNaN ends fit() quietly; the run is reported failed so the nan does not pass unnoticed.
      globalStatus.write({
        status: 'FAILURE',
        message: `Invalid loss, terminating training: the loss became nan at epoch ${stoppedAt}`,
      });
      return 'failed';
    }
    globalStatus.write({ status: 'SUCCESS', message: 'Training finished successfully.' });
    ctx.console.log('INFO', LOG.trainFinished, 'Training finished successfully.');
    return 'passed';
  } catch (error) {
    if (error instanceof Interrupted) {
      globalStatus.write({ status: 'FAILURE', verbosity: 'INFO', message: 'Training was interrupted' });
      ctx.console.log('INFO', LOG.trainInterrupted, 'Training was interrupted.');
    } else if (error instanceof PyError) {
      globalStatus.write({ status: 'FAILURE', message: error.message });
    }
    throw error;
  }
}
