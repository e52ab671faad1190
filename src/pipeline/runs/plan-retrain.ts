import { createHash } from 'node:crypto';
import type { Config } from '../../config/index.js';
import { err, ok, type Result } from '../../shared/result.js';
import { applyTrainingOverrides, parseSpec, readTrainingSettings } from '../tao/spec/index.js';
import { fitValidationPeriod } from './plan-train.js';

export interface RetrainSpec {
  path: string;
  text: string;
  hash: string;
  numEpochs: number;
}

/**
 * The spec a retrain of a pruned model runs with: the model's retrain spec with the pruned model path set in it
 * (TAO 5 also takes it as `-m`) and the epochs asked for. Its hash binds an approval to exactly this spec.
 */
export function buildRetrainSpec(
  config: Config,
  model: string,
  prunedModel: string,
  epochs: number | undefined,
  readSpec: (path: string) => string,
): Result<RetrainSpec, string> {
  const modelConfig = config.models[model];
  if (!modelConfig) return err(`model ${model} is not configured`);
  const path = modelConfig.retrainSpec ?? modelConfig.spec;
  let text: string;
  try {
    text = readSpec(path);
  } catch {
    return err(`the retrain spec of ${model} (${path}) cannot be read; fix models.${model}.retrainSpec`);
  }
  const parsed = parseSpec(text);
  if (!parsed.ok)
    return err(
      `the retrain spec ${path} is malformed at line ${parsed.error.line}, column ${parsed.error.column}: ${parsed.error.message}`,
    );
  const settings = readTrainingSettings(parsed.value);
  if (!settings.ok) return err(`the retrain spec ${path} cannot be trained: ${settings.error.message}`);
  const numEpochs = epochs ?? settings.value.numEpochs;
  const validation = fitValidationPeriod(
    numEpochs,
    settings.value.validationPeriod,
    settings.value.checkpointInterval,
  );
  const edited = applyTrainingOverrides(parsed.value, {
    numEpochs,
    prunedModelPath: prunedModel,
    ...(validation.period !== settings.value.validationPeriod ? { validationPeriod: validation.period } : {}),
  });
  if (!edited.ok) return err(`cannot edit the retrain spec: ${edited.error.message}`);
  return ok({
    path,
    text: edited.value.text,
    hash: createHash('sha256').update(edited.value.text).digest('hex').slice(0, 16),
    numEpochs,
  });
}
