import type { Config, DeviceConfig, ServerConfig } from '../../config/index.js';
import type { Run } from '../../db/repositories/runs.js';
import { err, ok, type Result } from '../../shared/result.js';
import { launcherFor, runPaths } from '../runs/launcher.js';
import {
  buildEvaluate,
  buildExport,
  buildGenTrtEngine,
  buildPrune,
  buildTaoConverter,
  buildTrain,
  buildTrtexec,
  buildTrtexecBenchmark,
  type CommandResult,
} from '../tao/commands/index.js';
import { exportExtension } from '../tao/types.js';
import { devicePaths } from './device-paths.js';
import type { DeployParams, EvaluateParams, ProcessStep, PruneParams, Step, TrainParams } from './types.js';

export interface StepContext {
  config: Config;
  run: Run;
  server: ServerConfig;
  /** The run whose checkpoint an evaluate, prune or deploy uses. */
  source?: Run;
  device?: DeviceConfig;
  /** Output size of the network (from the spec), for tao-converter's -d. */
  input?: { channels: number; height: number; width: number };
}

const argvOf = (result: CommandResult, step: string): Result<string[], string> =>
  result.ok ? ok(result.value) : err(`${step}: ${result.error.field}: ${result.error.message}`);

/** The steps of a run, planned from its stored parameters (pure). */
export function planSteps(context: StepContext): Result<Step[], string> {
  const { run, server, config } = context;
  const model = config.models[run.model];
  if (!model) return err(`model ${run.model} is no longer configured`);
  const target = { version: server.taoVersion, launcher: launcherFor(server.tao) };
  const paths = runPaths(server.workdir, run.id);
  const key = model.key || undefined;
  const one = (name: string, result: CommandResult): Result<Step[], string> => {
    const argv = argvOf(result, name);
    return argv.ok ? ok([{ name, where: 'server', argv: argv.value }]) : argv;
  };

  switch (run.kind) {
    case 'train':
    case 'retrain': {
      const params = run.params as TrainParams;
      return one(
        run.kind,
        buildTrain(target, {
          network: run.network,
          gpus: run.gpus,
          // Slurm picks the GPUs (and sets CUDA_VISIBLE_DEVICES); elsewhere taobot's placement says which.
          gpuIndexes: server.executor === 'slurm' ? undefined : (run.gpuIndices ?? undefined),
          spec: paths.spec,
          resultsDir: paths.resultsDir,
          key,
          model: params.startModel ?? (run.kind === 'train' ? model.pretrainedModel : undefined),
          initialEpoch: params.initialEpoch,
        }),
      );
    }
    case 'evaluate': {
      const params = run.params as unknown as EvaluateParams;
      return one(
        'evaluate',
        buildEvaluate(target, {
          network: run.network,
          gpuIndex: run.gpuIndices?.[0],
          spec: paths.spec,
          model: params.checkpoint,
          key,
          ...(server.taoVersion >= 5 ? { resultsDir: paths.resultsDir } : {}),
        }),
      );
    }
    case 'prune': {
      const p = run.params as unknown as PruneParams;
      return one(
        'prune',
        buildPrune(target, {
          network: run.network,
          gpuIndex: run.gpuIndices?.[0],
          model: p.checkpoint,
          output: prunedModelPath(server, run.id),
          key,
          normalizer: p.normalizer,
          equalization: p.equalization,
          granularity: p.granularity,
          threshold: p.threshold,
          minFilters: p.minFilters,
          excludedLayers: p.excludedLayers,
          ...(server.taoVersion >= 5 ? { resultsDir: paths.resultsDir } : {}),
        }),
      );
    }
    case 'deploy':
      return planDeploy(context, run.params as unknown as DeployParams, key);
    case 'export':
      return err('export runs are part of deploy; use /deploy');
  }
}

/** Where a prune run writes its model: `.hdf5` on TAO 5 (TAO crashes without the suffix), `.tlt` on 3/4. */
export const prunedModelPath = (server: ServerConfig, runId: number): string =>
  `${runPaths(server.workdir, runId).root}/${server.taoVersion >= 5 ? 'model_pruned.hdf5' : 'model_pruned.tlt'}`;

export const engineName = (run: Run, params: DeployParams): string =>
  `${run.model}_run${params.sourceRunId}_epoch${String(params.epoch).padStart(3, '0')}_${params.precision}.engine`;

function planDeploy(
  context: StepContext,
  params: DeployParams,
  key: string | undefined,
): Result<Step[], string> {
  const { run, server, device } = context;
  if (!device) return err(`device ${params.device} is no longer configured`);
  const target = { version: server.taoVersion, launcher: launcherFor(server.tao) };
  const paths = runPaths(server.workdir, run.id);
  const exported = `${paths.root}/model${exportExtension(server.taoVersion)}`;
  const calCache = `${paths.root}/cal.bin`;
  const dev = devicePaths(device.workdir, run.id, engineName(run, params));
  const modelFile = exported.split('/').pop() as string;
  const int8 = params.precision === 'int8';
  const steps: Step[] = [];
  const add = (name: string, where: ProcessStep['where'], result: CommandResult): string | null => {
    const argv = argvOf(result, name);
    if (!argv.ok) return argv.error;
    steps.push({ name, where, argv: argv.value });
    return null;
  };
  const tao5 = server.taoVersion >= 5;
  const calibration = context.config.models[run.model]?.calibrationImages;
  if (int8 && !params.qat && !calibration) {
    return err(
      `precision=int8 needs calibration images (models.${run.model}.calibrationImages) or a QAT-trained model`,
    );
  }
  const problem =
    add(
      'export',
      'server',
      buildExport(target, {
        network: run.network,
        model: params.checkpoint,
        output: exported,
        spec: paths.spec,
        key,
        ...(tao5
          ? params.qat
            ? { qat: true, calJsonFile: `${paths.root}/cal.json` }
            : {}
          : {
              dataType: params.precision,
              ...(int8
                ? params.qat
                  ? { qat: true, calCacheFile: calCache }
                  : {
                      calImageDir: calibration,
                      calDataFile: `${paths.root}/cal.tensorfile`,
                      calCacheFile: calCache,
                      batches: 10,
                      batchSize: 8,
                    }
                : {}),
            }),
      }),
    ) ??
    (tao5 && int8
      ? add(
          'calibrate',
          'server',
          buildGenTrtEngine(target, {
            network: run.network,
            model: exported,
            spec: paths.spec,
            engineFile: `${paths.root}/calibration.engine`,
            dataType: 'int8',
            key,
            ...(params.qat
              ? { calJsonFile: `${paths.root}/cal.json` }
              : {
                  calImageDir: calibration,
                  batches: 10,
                  calCacheFile: calCache,
                  calDataFile: `${paths.root}/cal.tensorfile`,
                }),
          }),
        )
      : null);
  if (problem) return err(problem);
  // TAO 5 export of a QAT model writes its scales to cal.json, and no calibration cache is made for the device.
  const withCache = int8 && !(tao5 && params.qat);
  steps.push(
    server.executor === 'local' && !device.host
      ? {
          name: `copy to ${device.name}`,
          where: 'device',
          argv: [
            'sh',
            '-c',
            'mkdir -p "$1" && cp "$2" "$1/" && if [ -n "$3" ]; then cp "$3" "$1/"; fi',
            'copy',
            dev.staging,
            exported,
            withCache ? calCache : '',
          ],
        }
      : {
          // The two machines need not see each other: taobot reads from one and writes to the other.
          kind: 'transfer',
          name: `copy to ${device.name}`,
          where: 'device',
          from: 'server',
          to: 'device',
          files: [
            { source: exported, target: dev.stagedModel(modelFile) },
            ...(withCache ? [{ source: calCache, target: dev.stagedModel('cal.bin') }] : []),
          ],
        },
  );
  const staged = dev.stagedModel(modelFile);
  const stagedCal = withCache ? dev.stagedModel('cal.bin') : undefined;
  const deviceProblem = tao5
    ? add(
        'build engine',
        'device',
        buildTrtexec(
          { version: 5, launcher: launcherFor(device.trtexec, 'trtexec') },
          { onnx: staged, saveEngine: dev.stagedEngine, precision: params.precision, calib: stagedCal },
        ),
      )
    : (add(
        'build engine',
        'device',
        buildTaoConverter(
          { version: server.taoVersion, launcher: launcherFor(device.taoConverter, 'tao-converter') },
          {
            network: run.network,
            key: key ?? '',
            model: staged,
            engineFile: dev.stagedEngine,
            channels: context.input?.channels ?? 3,
            height: context.input?.height ?? 300,
            width: context.input?.width ?? 300,
            precision: params.precision,
            maxBatch: 16,
            calCacheFile: stagedCal,
          },
        ),
      ) ??
      add(
        'benchmark',
        'device',
        buildTrtexecBenchmark(
          { version: server.taoVersion, launcher: launcherFor(device.trtexec, 'trtexec') },
          { loadEngine: dev.stagedEngine },
        ),
      ));
  if (deviceProblem) return err(deviceProblem);
  // Only a complete engine is moved into place, so a failed deploy leaves the device as it was.
  steps.push({ name: 'install engine', where: 'device', argv: ['mv', '-f', dev.stagedEngine, dev.engine] });
  return ok(steps);
}
