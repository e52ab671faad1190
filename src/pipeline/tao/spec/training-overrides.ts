import { err, type Result } from '../../../shared/result.js';
import { removeField, setFields } from './edit.js';
import { getField, hasMessage } from './query.js';
import { MODEL_PATH_FIELDS } from './training-settings.js';
import type { SpecDocument, SpecEditError, SpecValue } from './types.js';

/** What `/train` may change in a spec; every other byte of the spec stays as it was. */
export interface TrainingOverrides {
  numEpochs?: number;
  checkpointInterval?: number;
  enableQat?: boolean;
  batchSizePerGpu?: number;
  validationPeriod?: number;
  pretrainModelPath?: string;
  prunedModelPath?: string;
  resumeModelPath?: string;
}

const COUNTS = [
  ['numEpochs', 'training_config.num_epochs'],
  ['checkpointInterval', 'training_config.checkpoint_interval'],
  ['batchSizePerGpu', 'training_config.batch_size_per_gpu'],
  ['validationPeriod', 'eval_config.validation_period_during_training'],
] as const;

const MODEL_PATHS = [
  ['pretrainModelPath', 'pretrain_model_path'],
  ['prunedModelPath', 'pruned_model_path'],
  ['resumeModelPath', 'resume_model_path'],
] as const satisfies ReadonlyArray<readonly [keyof TrainingOverrides, (typeof MODEL_PATH_FIELDS)[number]]>;

/**
 * Writes training overrides into a spec. Counts must be positive integers and model paths non-empty strings.
 * The three model paths are a protobuf oneof in training_config, so setting one removes the other two.
 * @example applyTrainingOverrides(doc, { numEpochs: 120, checkpointInterval: 10, enableQat: true })
 */
export function applyTrainingOverrides(
  doc: SpecDocument,
  overrides: TrainingOverrides,
): Result<SpecDocument, SpecEditError> {
  if (!hasMessage(doc, 'training_config')) {
    return err({
      path: 'training_config',
      message: 'the spec has no training_config, so it is not a training spec',
    });
  }
  const edits: Array<readonly [string, SpecValue]> = [];
  for (const [key, path] of COUNTS) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      return err({ path, message: `${key} must be a positive integer, got ${String(value)}` });
    }
    edits.push([path, value]);
  }
  if (overrides.enableQat !== undefined) {
    const path = 'training_config.enable_qat';
    if (typeof overrides.enableQat !== 'boolean') {
      return err({ path, message: `enableQat must be true or false, got ${String(overrides.enableQat)}` });
    }
    // Keep the spelling of a spec that writes booleans as 0/1, which protobuf also accepts.
    const numeric = typeof getField(doc, path) === 'number';
    edits.push([path, numeric ? Number(overrides.enableQat) : overrides.enableQat]);
  }
  const chosen = MODEL_PATHS.filter(([key]) => overrides[key] !== undefined);
  if (chosen.length > 1) {
    return err({
      path: 'training_config',
      message: `${chosen.map(([key]) => key).join(' and ')} exclude each other (one protobuf oneof); give one`,
    });
  }
  let current = doc;
  for (const [key, field] of chosen) {
    const value = overrides[key];
    const path = `training_config.${field}`;
    if (typeof value !== 'string' || value.trim() === '') {
      return err({ path, message: `${key} must be a non-empty path, got ${JSON.stringify(value)}` });
    }
    for (const other of MODEL_PATH_FIELDS) {
      if (other === field) continue;
      const removed = removeField(current, `training_config.${other}`);
      if (!removed.ok) return removed;
      current = removed.value;
    }
    edits.push([path, value]);
  }
  return setFields(current, edits);
}
