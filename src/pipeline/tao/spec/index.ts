/**
 * The TAO spec editor: reads and edits protobuf text-format experiment specs, changing only the fields asked and
 * leaving every other byte (comments, order, indentation, quoting) as it was.
 * @example
 * const doc = parseSpec(text);
 * if (doc.ok) {
 *   const edited = setFields(doc.value, [['training_config.num_epochs', 120], ['training_config.enable_qat', true]]);
 * }
 */
export { diffSpecs, type SpecChange } from './diff.js';
export { removeField, setField, setFields } from './edit.js';
export { parseSpec } from './parser.js';
export { getAll, getField, hasMessage, listClasses } from './query.js';
export { applyTrainingOverrides, type TrainingOverrides } from './training-overrides.js';
export {
  MODEL_PATH_FIELDS,
  readTrainingSettings,
  type SpecFieldProblem,
  type SpecReadError,
  type TrainingSettings,
} from './training-settings.js';
export type { SpecDocument, SpecEditError, SpecScalar, SpecSyntaxError, SpecValue } from './types.js';
