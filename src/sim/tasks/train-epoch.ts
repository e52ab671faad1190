import { truncateSync, writeFileSync } from 'node:fs';
import { posix } from 'node:path';
import { checkpointFileName } from '../../pipeline/tao/paths.js';
import { keyCheck, type TaskContext } from '../context.js';
import { apTable, Progbar, tqdmDone } from '../keras-output.js';
import { taoSourcePath } from '../log-sources.js';
import { type SimulatedModelHeader, writeSimulatedModel } from '../model-file.js';
import { modelFileBytes } from '../model-size.js';
import { PyError, sleep } from '../py-error.js';
import { PyFloat, pyFloat, pyRound, pyTimedelta } from '../py-format.js';
import { specArchName } from '../spec.js';
import type { StatusLogger } from '../status-log.js';
import { epochWallMs, VALIDATION_IMAGES } from '../timing.js';
import { epochLogs, type KerasCsvLog, statusMetrics } from './train-files.js';
import { type EpochMetrics, epochMetrics, runningLoss } from './train-metrics.js';
import type { TrainPlan } from './train-plan.js';

/** A training run in progress: where it writes and its two status loggers (see StatusLogger). */
export interface TrainRun {
  readonly ctx: TaskContext;
  readonly plan: TrainPlan;
  /** `-r` as given (TAO prints paths built from it) and resolved. */
  readonly resultsDirArg: string;
  readonly resultsDir: string;
  readonly key: string | undefined;
  readonly csv: KerasCsvLog;
  /** The status logger train.py installs; the metric callback and the final lines write through it. */
  readonly globalStatus: StatusLogger;
  /** The second logger TAOStatusLogger opens on the same file for its per-epoch lines. */
  readonly taoStatus: StatusLogger;
}

/**
 * One epoch in TAO's order: `Epoch N/M`, the progress frames, then the callbacks at epoch end: checkpoint
 * (`KerasModelSaver`), validation and its status line (`DetectionMetricCallbackBG`), the CSV row (`CSVLogger`)
 * and the epoch's status line (`TAOStatusLogger`). Returns false when Keras stops training after this epoch.
 */
export async function runEpoch(run: TrainRun, epoch: number, firstOfProcess: boolean): Promise<boolean> {
  const { ctx, plan } = run;
  const m = epochMetrics(plan, epoch, ctx.settings.failures, firstOfProcess);
  const totalSeconds = m.trainSeconds + m.validationSeconds + m.saveSeconds;
  const wallMs = epochWallMs(ctx.settings, totalSeconds);
  ctx.console.print(`Epoch ${epoch}/${plan.spec.numEpochs}`);
  await runBatches(run, m, (wallMs * m.trainSeconds) / totalSeconds);
  await sleep((wallMs * (m.validationSeconds + m.saveSeconds)) / totalSeconds, ctx.signal);
  if (m.saved) saveCheckpoint(run, m);
  if (m.validated) reportValidation(run, m);
  const logs = epochLogs(m, plan.spec.classes);
  run.csv.append(epoch, logs);
  const { graphical, kpi } = statusMetrics(logs);
  run.taoStatus.graphical = graphical;
  run.taoStatus.kpi = kpi;
  run.taoStatus.write({
    data: {
      epoch,
      max_epoch: plan.spec.numEpochs,
      time_per_epoch: pyTimedelta(totalSeconds),
      eta: pyTimedelta((plan.spec.numEpochs - epoch) * totalSeconds),
    },
    message: 'Training loop in progress',
  });
  return m.nanBatch === undefined;
}

/** Progress frames paced over the epoch's wall time, in a few bursts when epochs are short. */
async function runBatches(run: TrainRun, m: EpochMetrics, wallMs: number): Promise<void> {
  const { ctx, plan } = run;
  const steps = plan.stepsPerEpoch;
  const bar = new Progbar(steps);
  const ticks = Math.max(1, Math.min(steps, Math.floor(wallMs / 20)));
  let step = 0;
  for (let tick = 1; tick <= ticks; tick += 1) {
    await sleep(wallMs / ticks, ctx.signal);
    const until = Math.ceil((steps * tick) / ticks);
    for (step += 1; step <= until; step += 1) {
      if (step === m.nanBatch) ctx.console.print(`Batch ${step - 1}: Invalid loss, terminating training`);
      ctx.console.write(
        bar.frame(step, (m.trainSeconds * step) / steps, runningLoss(m, plan.seed, step, steps)),
      );
      if (step === m.nanBatch) return;
      if (step === m.crashBatch) throw crash(run, m.epoch);
    }
    step = until;
  }
}

function crash(run: TrainRun, epoch: number): PyError {
  const keras = '/usr/local/lib/python3.8/dist-packages/keras';
  return new PyError(
    'tensorflow.python.framework.errors_impl.InternalError',
    `GPU sync failed (failure injected by TAOBOT_SIM_FAIL=crash@${epoch})`,
    [
      {
        file: taoSourcePath(run.ctx.dialect, 'cv/ssd/scripts/train.py'),
        line: 534,
        func: 'run_experiment',
        code: 'verbose=verbose)',
      },
      {
        file: `${keras}/engine/training.py`,
        line: 1039,
        func: 'fit',
        code: 'validation_steps=validation_steps)',
      },
      {
        file: `${keras}/engine/training_arrays.py`,
        line: 199,
        func: 'fit_loop',
        code: 'outs = f(ins_batch)',
      },
    ],
  );
}

function saveCheckpoint(run: TrainRun, m: EpochMetrics): void {
  const { ctx, plan } = run;
  const { spec } = plan;
  const name = checkpointFileName(
    ctx.network,
    spec.arch,
    spec.nlayers,
    m.epoch,
    ctx.dialect === 'tao5' ? 5 : 4,
  );
  const path = posix.join(run.resultsDir, 'weights', name);
  const header: SimulatedModelHeader = {
    simulated: true,
    kind: 'checkpoint',
    format: ctx.dialect === 'tao5' ? 'hdf5' : 'tlt',
    network: ctx.network,
    arch: specArchName(spec),
    classes: spec.classes,
    input: { channels: 3, height: spec.height, width: spec.width },
    epoch: m.epoch,
    effectiveEpochs: m.x,
    mAP: m.quality.mAP,
    ap: m.quality.ap,
    paramCount: plan.paramCount,
    unprunedParamCount: plan.unprunedParamCount,
    prunedThreshold: plan.parent?.prunedThreshold ?? null,
    parentMap: plan.parent?.parentMap ?? null,
    seed: plan.seed,
    qat: spec.enableQat,
    curve: plan.curve,
    precision: null,
    maxBatchSize: null,
    optBatchSize: null,
    keyCheck: ctx.dialect === 'tao4' ? keyCheck(run.key) : null,
    sizeBytes: modelFileBytes(plan.paramCount, spec.enableQat),
    writtenBy: ctx.command,
  };
  const diskFullAt = ctx.settings.failures.diskFullAt;
  if (diskFullAt !== undefined && m.epoch >= diskFullAt) {
    // The disk filled up mid-write: a truncated file with no readable header is left behind.
    writeFileSync(path, '');
    truncateSync(path, Math.floor(header.sizeBytes * 0.37));
    throw new PyError('OSError', '[Errno 28] No space left on device', [
      {
        file: taoSourcePath(ctx.dialect, 'cv/common/callbacks/enc_model_saver_callback.py'),
        line: 21,
        func: '_save_model',
        code: 'keras_model.save(model_path, overwrite=True, include_optimizer=True)',
      },
      {
        file: '/usr/local/lib/python3.8/dist-packages/h5py/_hl/files.py',
        line: 108,
        func: 'make_fid',
        code: 'fid = h5f.create(name, h5f.ACC_TRUNC, fapl=fapl, fcpl=fcpl)',
      },
    ]);
  }
  writeSimulatedModel(path, header);
  ctx.console.write(
    `\nEpoch ${String(m.epoch).padStart(5, '0')}: saving model to ${posix.join(run.resultsDirArg, 'weights', name)}\n`,
  );
}

function reportValidation(run: TrainRun, m: EpochMetrics): void {
  const { ctx, plan } = run;
  const batches = Math.ceil(VALIDATION_IMAGES / plan.spec.evalBatchSize);
  ctx.console.print(tqdmDone('Producing predictions', batches, m.validationSeconds));
  ctx.console.print('Start to calculate AP for each class');
  for (const line of apTable(plan.spec.classes, m.quality.ap, m.quality.mAP, 5)) ctx.console.print(line);
  ctx.console.print('Validation loss:', pyFloat(m.validationLoss));
  run.globalStatus.graphical = {
    'validation loss': new PyFloat(pyRound(m.validationLoss, 8)),
    'mean average precision': new PyFloat(pyRound(m.quality.mAP, 5)),
  };
  run.globalStatus.write({ status: 'RUNNING', message: 'Evaluation metrics generated.' });
}
