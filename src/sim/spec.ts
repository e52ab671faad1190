import { readFileSync } from 'node:fs';
import { archName } from '../pipeline/tao/paths.js';
import {
  getField,
  listClasses,
  parseSpec,
  readTrainingSettings,
  type SpecDocument,
} from '../pipeline/tao/spec/index.js';
import type { Network } from '../pipeline/tao/types.js';
import { err, ok, type Result } from '../shared/result.js';
import type { LrSchedule } from './curves.js';
import { PyError } from './py-error.js';

/** What the simulator reads from an experiment spec. */
export interface SimSpec {
  readonly numEpochs: number;
  readonly checkpointInterval: number;
  readonly validationPeriod: number;
  readonly enableQat: boolean;
  readonly batchSizePerGpu: number;
  readonly evalBatchSize: number;
  readonly classes: readonly string[];
  readonly arch: string;
  readonly nlayers: number | undefined;
  readonly width: number;
  readonly height: number;
  readonly randomSeed: number;
  readonly lr: LrSchedule;
  readonly pretrainModelPath?: string;
  readonly prunedModelPath?: string;
  readonly resumeModelPath?: string;
}

/** NVIDIA's SSD-ResNet18 KITTI train spec values, for specs without a soft-start annealing schedule. */
const DEFAULT_LR: LrSchedule = {
  minLearningRate: 5e-5,
  maxLearningRate: 2e-2,
  softStart: 0.15,
  annealing: 0.8,
};

/** Config message of the networks that are not SSD/DSSD, where their arch and nlayers live. */
const OTHER_CONFIG: Partial<Record<Network, string>> = {
  retinanet: 'retinanet_config',
  yolo_v3: 'yolov3_config',
  yolo_v4: 'yolov4_config',
  yolo_v4_tiny: 'yolov4_config',
};

/** Reads and checks a spec file; failures are the Python exceptions TAO raises for them. */
export function loadSpec(path: string, network: Network): Result<SimSpec, PyError> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return err(new PyError('FileNotFoundError', `[Errno 2] No such file or directory: '${path}'`));
  }
  const doc = parseSpec(text);
  if (!doc.ok) {
    const { line, column, message } = doc.error;
    return err(new PyError('google.protobuf.text_format.ParseError', `${line}:${column} : ${message}`));
  }
  const otherConfig = OTHER_CONFIG[network];
  return otherConfig ? readOtherNetwork(doc.value, otherConfig) : readSsd(doc.value);
}

function readSsd(doc: SpecDocument): Result<SimSpec, PyError> {
  const read = readTrainingSettings(doc);
  if (!read.ok) return err(new PyError('ValueError', read.error.message));
  const s = read.value;
  return ok({
    numEpochs: s.numEpochs,
    checkpointInterval: s.checkpointInterval,
    validationPeriod: s.validationPeriod,
    enableQat: s.enableQat,
    batchSizePerGpu: s.batchSizePerGpu,
    evalBatchSize: positive(getField(doc, 'eval_config.batch_size')) ?? s.batchSizePerGpu,
    classes: s.classes,
    arch: s.arch,
    nlayers: s.nlayers,
    width: s.outputWidth,
    height: s.outputHeight,
    randomSeed: s.randomSeed,
    lr: readLr(doc),
    ...(s.pretrainModelPath === undefined ? {} : { pretrainModelPath: s.pretrainModelPath }),
    ...(s.prunedModelPath === undefined ? {} : { prunedModelPath: s.prunedModelPath }),
    ...(s.resumeModelPath === undefined ? {} : { resumeModelPath: s.resumeModelPath }),
  });
}

/** YOLO and RetinaNet specs share training_config and eval_config with SSD; only the model config differs. */
function readOtherNetwork(doc: SpecDocument, config: string): Result<SimSpec, PyError> {
  const numEpochs = positive(getField(doc, 'training_config.num_epochs'));
  const batch = positive(getField(doc, 'training_config.batch_size_per_gpu'));
  const width = positive(getField(doc, 'augmentation_config.output_width'));
  const height = positive(getField(doc, 'augmentation_config.output_height'));
  const classes = listClasses(doc);
  const missing = Object.entries({
    'training_config.num_epochs': numEpochs,
    'training_config.batch_size_per_gpu': batch,
    'augmentation_config.output_width': width,
    'augmentation_config.output_height': height,
    'dataset_config.target_class_mapping': classes.length > 0 ? 1 : undefined,
  })
    .filter(([, v]) => v === undefined)
    .map(([k]) => `${k}: is missing or not a positive integer`);
  if (missing.length > 0) {
    return err(new PyError('ValueError', `the spec cannot be used for training: ${missing.join('; ')}`));
  }
  const arch = getField(doc, `${config}.arch`);
  const text = (path: string): string | undefined => {
    const v = getField(doc, path);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const pretrain = text('training_config.pretrain_model_path');
  const pruned = text('training_config.pruned_model_path');
  const resume = text('training_config.resume_model_path');
  return ok({
    numEpochs: numEpochs ?? 1,
    checkpointInterval: positive(getField(doc, 'training_config.checkpoint_interval')) ?? 1,
    validationPeriod: positive(getField(doc, 'eval_config.validation_period_during_training')) ?? 1,
    enableQat: getField(doc, 'training_config.enable_qat') === true,
    batchSizePerGpu: batch ?? 1,
    evalBatchSize: positive(getField(doc, 'eval_config.batch_size')) ?? batch ?? 1,
    classes,
    arch: typeof arch === 'string' ? arch : 'resnet',
    nlayers: positive(getField(doc, `${config}.nlayers`)),
    width: width ?? 1,
    height: height ?? 1,
    randomSeed: integer(getField(doc, 'random_seed')) ?? 0,
    lr: readLr(doc),
    ...(pretrain === undefined ? {} : { pretrainModelPath: pretrain }),
    ...(pruned === undefined ? {} : { prunedModelPath: pruned }),
    ...(resume === undefined ? {} : { resumeModelPath: resume }),
  });
}

function readLr(doc: SpecDocument): LrSchedule {
  const base = 'training_config.learning_rate.soft_start_annealing_schedule';
  const num = (name: string, fallback: number): number => {
    const v = getField(doc, `${base}.${name}`);
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  };
  return {
    minLearningRate: num('min_learning_rate', DEFAULT_LR.minLearningRate),
    maxLearningRate: num('max_learning_rate', DEFAULT_LR.maxLearningRate),
    softStart: num('soft_start', DEFAULT_LR.softStart),
    annealing: num('annealing', DEFAULT_LR.annealing),
  };
}

const integer = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) ? v : undefined;
const positive = (v: unknown): number | undefined => {
  const n = integer(v);
  return n !== undefined && n > 0 ? n : undefined;
};

/** `resnet18` for file names and sizes. */
export const specArchName = (spec: SimSpec): string => archName(spec.arch, spec.nlayers);
