import { err, ok, type Result } from '../../../shared/result.js';
import { hasMessage, listClasses, scalarsAt } from './query.js';
import type { ScalarNode, SpecDocument } from './types.js';

/**
 * A typed view of the training fields of an SSD or DSSD spec, with TAO's defaults applied the way TAO's
 * `ssd train` applies them (reference: TAO 5 `cv/ssd/scripts/train.py` and the training_config proto).
 */
export interface TrainingSettings {
  network: 'ssd' | 'dssd';
  numEpochs: number;
  /** `checkpoint_interval or 1` in TAO: absent or 0 saves every epoch. */
  checkpointInterval: number;
  enableQat: boolean;
  batchSizePerGpu: number;
  /** eval_config.validation_period_during_training; absent or <= 0 means every epoch. */
  validationPeriod: number;
  pretrainModelPath?: string;
  prunedModelPath?: string;
  resumeModelPath?: string;
  /** Sorted unique output classes (see listClasses). */
  classes: string[];
  arch: string;
  /** Absent for backbones that are not numbered (mobilenet_v2, efficientnet_b0). */
  nlayers?: number;
  outputWidth: number;
  outputHeight: number;
  /** proto3 default 0 when absent. */
  randomSeed: number;
}

export interface SpecFieldProblem {
  path: string;
  message: string;
}

/** Why a spec cannot be read as a training spec: every problem found, and one message that lists them. */
export interface SpecReadError {
  message: string;
  problems: SpecFieldProblem[];
}

/** The oneof of training_config that says which weights a run starts from. */
export const MODEL_PATH_FIELDS = ['pretrain_model_path', 'pruned_model_path', 'resume_model_path'] as const;

/**
 * Reads the training settings of an SSD/DSSD spec. Reports every missing or malformed field at once, and a spec
 * without training_config (such as a dataset_convert spec) with one clear problem.
 * @example readTrainingSettings(doc) // ok({ network: 'ssd', numEpochs: 80, checkpointInterval: 1, … })
 */
export function readTrainingSettings(doc: SpecDocument): Result<TrainingSettings, SpecReadError> {
  if (!hasMessage(doc, 'training_config')) {
    const convertSpec = hasMessage(doc, 'kitti_config') || hasMessage(doc, 'coco_config');
    const hint = convertSpec ? ' (it looks like a dataset_convert spec)' : '';
    return failure([
      {
        path: 'training_config',
        message: `the spec has no training_config message, so it is not a training spec${hint}; use a train or retrain spec`,
      },
    ]);
  }
  const read = createReader(doc);
  const network = readNetwork(doc, read.problems);
  const config = network === 'dssd' ? 'dssd_config' : 'ssd_config';
  const modelPaths = MODEL_PATH_FIELDS.map((name) => read.text(`training_config.${name}`));
  if (modelPaths.filter((p) => p !== undefined).length > 1) {
    read.problems.push({
      path: 'training_config',
      message: `${MODEL_PATH_FIELDS.join(', ')} are one protobuf oneof and TAO keeps only the last; set one of them`,
    });
  }
  const classes = listClasses(doc);
  if (classes.length === 0) {
    read.problems.push({
      path: 'dataset_config.target_class_mapping',
      message: 'has no entries; TAO needs a class',
    });
  }
  const settings = {
    network: network ?? 'ssd',
    numEpochs: read.integer('training_config.num_epochs', 1, true),
    checkpointInterval: read.integer('training_config.checkpoint_interval', 0, false) || 1,
    enableQat: read.flag('training_config.enable_qat'),
    batchSizePerGpu: read.integer('training_config.batch_size_per_gpu', 1, true),
    validationPeriod: Math.max(
      1,
      read.integer('eval_config.validation_period_during_training', -Infinity, false) ?? 1,
    ),
    classes,
    arch: read.text(`${config}.arch`, true) ?? '',
    nlayers: read.integer(`${config}.nlayers`, 0, false),
    outputWidth: read.integer('augmentation_config.output_width', 1, true),
    outputHeight: read.integer('augmentation_config.output_height', 1, true),
    randomSeed: read.integer('random_seed', 0, false) ?? 0,
  };
  if (read.problems.length > 0) return failure(read.problems);
  const { nlayers, numEpochs, batchSizePerGpu, outputWidth, outputHeight, ...rest } = settings;
  const [pretrainModelPath, prunedModelPath, resumeModelPath] = modelPaths;
  return ok({
    ...rest,
    // Required fields: a missing one was recorded as a problem above, so these are numbers here.
    numEpochs: numEpochs ?? 0,
    batchSizePerGpu: batchSizePerGpu ?? 0,
    outputWidth: outputWidth ?? 0,
    outputHeight: outputHeight ?? 0,
    ...(nlayers === undefined ? {} : { nlayers }),
    ...(pretrainModelPath === undefined ? {} : { pretrainModelPath }),
    ...(prunedModelPath === undefined ? {} : { prunedModelPath }),
    ...(resumeModelPath === undefined ? {} : { resumeModelPath }),
  });
}

function failure(problems: SpecFieldProblem[]): Result<never, SpecReadError> {
  const list = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return err({ message: `the spec cannot be used for training: ${list}`, problems });
}

function readNetwork(doc: SpecDocument, problems: SpecFieldProblem[]): 'ssd' | 'dssd' | undefined {
  const ssd = hasMessage(doc, 'ssd_config');
  const dssd = hasMessage(doc, 'dssd_config');
  if (ssd && dssd) {
    problems.push({ path: 'ssd_config', message: 'both ssd_config and dssd_config are set; keep only one' });
  } else if (!ssd && !dssd) {
    problems.push({
      path: 'ssd_config',
      message: 'missing: an SSD spec needs ssd_config (or dssd_config for DSSD)',
    });
  }
  return dssd && !ssd ? 'dssd' : ssd ? 'ssd' : undefined;
}

/** Typed reads that collect problems instead of stopping at the first one. */
function createReader(doc: SpecDocument) {
  const problems: SpecFieldProblem[] = [];
  // TAO merges the text into its proto, so a singular field given twice silently keeps the last value.
  const single = (path: string): ScalarNode | undefined => {
    const nodes = scalarsAt(doc, path);
    if (nodes.length > 1) {
      problems.push({
        path,
        message: `appears ${nodes.length} times; TAO keeps only the last, remove the others`,
      });
    }
    return nodes.at(-1);
  };
  const shown = (node: ScalarNode): string => doc.text.slice(node.valueStart, node.valueEnd);
  return {
    problems,
    integer(path: string, min: number, required: boolean): number | undefined {
      const node = single(path);
      if (node === undefined) {
        if (required) problems.push({ path, message: 'is missing' });
        return undefined;
      }
      const { value } = node;
      if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
      const bound = min === -Infinity ? 'an integer' : `an integer >= ${min}`;
      problems.push({ path, message: `must be ${bound}, found ${shown(node)}` });
      return undefined;
    },
    flag(path: string): boolean {
      const node = single(path);
      if (node === undefined) return false;
      // protobuf text format also accepts 0 and 1 for booleans.
      if (node.valueKind === 'bool' || node.value === 0 || node.value === 1)
        return node.value === true || node.value === 1;
      problems.push({ path, message: `must be true or false, found ${shown(node)}` });
      return false;
    },
    /** A string field; the empty string (proto3's default) reads as absent. */
    text(path: string, required = false): string | undefined {
      const node = single(path);
      if (node === undefined || node.value === '') {
        if (required) problems.push({ path, message: 'is missing' });
        return undefined;
      }
      if (node.valueKind === 'string') return String(node.value);
      problems.push({ path, message: `must be a quoted string, found ${shown(node)}` });
      return undefined;
    },
  };
}
