import { createHash } from 'node:crypto';
import type { Config, ModelConfig, ServerConfig } from '../../config/index.js';
import { err, ok, type Result } from '../../shared/result.js';
import { buildTrain, formatArgv } from '../tao/commands/index.js';
import {
  applyTrainingOverrides,
  diffSpecs,
  parseSpec,
  readTrainingSettings,
  type SpecChange,
  type TrainingOverrides,
} from '../tao/spec/index.js';
import { isSimulator, launcherFor } from './launcher.js';

/** What `/train` asked for, after option validation. */
export interface TrainRequest {
  model: string;
  epochs?: number;
  gpus?: number;
  server?: string;
  checkpointInterval?: number;
  validationPeriod?: number;
  batchSize?: number;
  qat?: boolean;
}

export interface TrainPlan {
  model: string;
  modelConfig: ModelConfig;
  server: ServerConfig;
  gpus: number;
  simulated: boolean;
  specText: string;
  specHash: string;
  changes: SpecChange[];
  numEpochs: number;
  checkpointInterval: number;
  validationPeriod: number;
  classes: string[];
  /** Things taobot decided on the person's behalf, said out loud. */
  notes: string[];
  /** The TAO command, secrets redacted, with the run's folder still a placeholder. */
  argvPreview: string;
  /** GPUs are busy on the chosen server: the run will wait in the queue. */
  waitsForGpus: boolean;
}

/**
 * Plans a training run without starting anything: picks the server, reads and edits the spec, and checks that
 * the run can produce a best checkpoint. Pure apart from the spec reader it is given.
 */
export function planTrain(
  config: Config,
  request: TrainRequest,
  busyGpus: ReadonlyMap<string, number>,
  readSpec: (path: string) => string,
): Result<TrainPlan, string> {
  const modelConfig = config.models[request.model];
  if (!modelConfig) {
    return err(
      `unknown model "${request.model}"; configured models: ${Object.keys(config.models).join(', ')}`,
    );
  }
  const gpus = request.gpus ?? 1;
  const server = pickServer(config.servers, request.server, gpus, busyGpus);
  if (!server.ok) return server;

  let text: string;
  try {
    text = readSpec(modelConfig.spec);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : String(error);
    return err(
      `the spec of ${request.model} (${modelConfig.spec}) ${reason}; fix models.${request.model}.spec`,
    );
  }
  const parsed = parseSpec(text);
  if (!parsed.ok) {
    const e = parsed.error;
    return err(
      `the spec ${modelConfig.spec} is malformed at line ${e.line}, column ${e.column}: ${e.message}`,
    );
  }
  const original = readTrainingSettings(parsed.value);
  if (!original.ok) return err(`the spec ${modelConfig.spec} cannot be trained: ${original.error.message}`);

  const notes: string[] = [];
  const numEpochs = request.epochs ?? original.value.numEpochs;
  const checkpointInterval = request.checkpointInterval ?? original.value.checkpointInterval;
  const validation = fitValidationPeriod(
    numEpochs,
    request.validationPeriod ?? original.value.validationPeriod,
    checkpointInterval,
  );
  const validationPeriod = validation.period;
  notes.push(...validation.notes);
  if (checkpointInterval > numEpochs) {
    return err(
      `checkpoint_interval=${checkpointInterval} is longer than the run (${numEpochs} epochs): no checkpoint would be saved`,
    );
  }

  // Weights go in as `-m` on the command line (TAO 5's ssd train reads them from there, not from the spec).
  const overrides: TrainingOverrides = {
    numEpochs,
    ...(request.checkpointInterval !== undefined ? { checkpointInterval } : {}),
    ...(validationPeriod !== original.value.validationPeriod ? { validationPeriod } : {}),
    ...(request.batchSize !== undefined ? { batchSizePerGpu: request.batchSize } : {}),
    ...(request.qat !== undefined ? { enableQat: request.qat } : {}),
  };
  const edited = applyTrainingOverrides(parsed.value, overrides);
  if (!edited.ok) return err(`cannot edit the spec: ${edited.error.path}: ${edited.error.message}`);

  const preview = buildTrain(
    { version: server.value.taoVersion, launcher: launcherFor(server.value.tao) },
    {
      network: modelConfig.network,
      gpus,
      spec: '<run>/spec.txt',
      resultsDir: '<run>/results',
      key: modelConfig.key || undefined,
      model: modelConfig.pretrainedModel,
    },
  );
  if (!preview.ok) return err(`${preview.error.field}: ${preview.error.message}`);
  const busy = busyGpus.get(server.value.name) ?? 0;
  return ok({
    model: request.model,
    modelConfig,
    server: server.value,
    gpus,
    simulated: isSimulator(server.value.tao),
    specText: edited.value.text,
    specHash: createHash('sha256').update(edited.value.text).digest('hex').slice(0, 16),
    changes: diffSpecs(parsed.value, edited.value),
    numEpochs,
    checkpointInterval,
    validationPeriod,
    classes: original.value.classes,
    notes,
    argvPreview: formatArgv(preview.value),
    waitsForGpus: busy + gpus > server.value.gpus,
  });
}

function pickServer(
  servers: readonly ServerConfig[],
  name: string | undefined,
  gpus: number,
  busy: ReadonlyMap<string, number>,
): Result<ServerConfig, string> {
  if (name !== undefined) {
    const server = servers.find((s) => s.name === name);
    if (!server)
      return err(`unknown server "${name}"; configured servers: ${servers.map((s) => s.name).join(', ')}`);
    if (server.gpus < gpus) return err(`gpus=${gpus}: server ${server.name} has only ${server.gpus} GPU(s)`);
    return ok(server);
  }
  const big = servers.filter((s) => s.gpus >= gpus);
  if (big.length === 0) {
    const largest = Math.max(...servers.map((s) => s.gpus));
    return err(`gpus=${gpus}: no server has that many GPUs (the largest has ${largest})`);
  }
  const free = big.find((s) => (busy.get(s.name) ?? 0) + gpus <= s.gpus);
  return ok(free ?? (big[0] as ServerConfig));
}

/**
 * TAO's SSD validates only when epoch % period == 0: with fewer epochs than the period nothing is ever validated and
 * no best checkpoint could be suggested, so the period is brought within the run, and people are told.
 */
export function fitValidationPeriod(
  numEpochs: number,
  period: number,
  checkpointInterval: number,
): { period: number; notes: string[] } {
  const notes: string[] = [];
  let fitted = period;
  if (period > numEpochs) {
    fitted = Math.min(checkpointInterval, numEpochs);
    notes.push(
      `validation every ${fitted} epoch(s): the spec's period of ${period} is longer than ${numEpochs} epochs`,
    );
  }
  if (numEpochs % fitted !== 0) {
    notes.push(
      `the last epoch (${numEpochs}) is not a multiple of the validation period ${fitted}: TAO will not validate it`,
    );
  }
  return { period: fitted, notes };
}
